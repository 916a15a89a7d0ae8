/**
 * Destroying what `iam.rolePolicy` made: the inline policy is deleted when
 * its role was made by the run (policies carry no tags; the role's
 * `runbook:run-id` tag says whose it is), before the role itself goes.
 */
import { DeleteRolePolicyCommand, GetRoleCommand } from '../../aws/sdk/iam.js';
import type { Undo } from '../../engine/model/step.js';
import { isNotFound } from '../../aws/errors.js';
import { madeByRun } from '../undo.js';
import { currentDocument, type RolePolicyInput, type RolePolicyOutputs } from './role-policy.js';

export const rolePolicyUndo: Undo<RolePolicyInput, RolePolicyOutputs> = {
  async find(ctx, { input }) {
    if (!input.roleName || !input.policyName || (await currentDocument(ctx, input.roleName, input.policyName)) === undefined) return [];
    const role = (await ctx.aws.iam.send(new GetRoleCommand({ RoleName: input.roleName }))).Role;
    const mine = madeByRun(ctx, role?.Tags);
    return [{ type: 'iam:role-policy', id: `${input.roleName}/${input.policyName}`, madeByRun: mine, ...(mine ? {} : { note: `role ${input.roleName} was not made by this run` }) }];
  },
  plan: (resource) => {
    const [RoleName, PolicyName] = resource.id.split('/');
    return [{ service: 'iam', operation: 'DeleteRolePolicy', input: { RoleName, PolicyName } }];
  },
  async remove(ctx, resource) {
    const [RoleName, PolicyName] = resource.id.split('/');
    try {
      await ctx.aws.iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  },
};
