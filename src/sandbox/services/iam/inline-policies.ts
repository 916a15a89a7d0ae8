/**
 * A role's inline policies: PutRolePolicy creates or replaces one by name,
 * GetRolePolicy answers its document URL-encoded (as IAM does), a role with
 * inline policies cannot be deleted until they are.
 */
import type { DeleteRolePolicyCommandInput, GetRolePolicyCommandInput, PutRolePolicyCommandInput } from '@aws-sdk/client-iam';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import type { Role } from '../../account/state.js';

const noSuchEntity = (message: string) => awsError('NoSuchEntityException', message, 404);

function role(ctx: OperationContext, name: string | undefined): Role {
  const r = ctx.account.iam.roles[name ?? ''];
  if (!r || !ctx.visible(r.createdAt)) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  return r;
}

export const inlinePolicies: ServiceHandlers = {
  PutRolePolicy: (ctx) => {
    const input = inputOf<PutRolePolicyCommandInput>(ctx);
    const r = role(ctx, input.RoleName);
    try {
      const doc = JSON.parse(input.PolicyDocument ?? '') as { Statement?: unknown };
      if (!doc.Statement) throw new Error('no Statement');
    } catch {
      throw awsError('MalformedPolicyDocumentException', 'Syntax errors in policy.');
    }
    (r.inlinePolicies ??= {})[input.PolicyName ?? ''] = input.PolicyDocument!;
    return {};
  },

  GetRolePolicy: (ctx) => {
    const input = inputOf<GetRolePolicyCommandInput>(ctx);
    const r = role(ctx, input.RoleName);
    const doc = r.inlinePolicies?.[input.PolicyName ?? ''];
    if (doc === undefined) throw noSuchEntity(`The role policy with name ${input.PolicyName} cannot be found.`);
    return { RoleName: r.RoleName, PolicyName: input.PolicyName, PolicyDocument: encodeURIComponent(doc) };
  },

  DeleteRolePolicy: (ctx) => {
    const input = inputOf<DeleteRolePolicyCommandInput>(ctx);
    const r = role(ctx, input.RoleName);
    if (r.inlinePolicies?.[input.PolicyName ?? ''] === undefined) throw noSuchEntity(`The role policy with name ${input.PolicyName} cannot be found.`);
    delete r.inlinePolicies[input.PolicyName!];
    return {};
  },
};
