/**
 * `iam.rolePolicy`: an inline policy with this name on a role, granting
 * exactly what the instances reach: the objects of these buckets, the values
 * of these secrets, nothing else. PutRolePolicy creates or replaces it by
 * name, so it is idempotent; it is sent only when the document differs.
 */
import { GetRolePolicyCommand, PutRolePolicyCommand } from '../../aws/sdk/iam.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { isNotFound } from '../../aws/errors.js';

export interface RolePolicyInput {
  roleName: string;
  policyName: string;
  /** Read and write their objects (and list them). */
  buckets?: string[];
  /** Read their values (secretsmanager:GetSecretValue). */
  secretArns?: string[];
}

interface Statement {
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
}

export class RolePolicyError extends Error {
  override name = 'RolePolicyEmpty';
}

export function statementsOf(input: RolePolicyInput): Statement[] {
  const buckets = input.buckets ?? [];
  const secrets = (input.secretArns ?? []).filter(Boolean);
  return [
    ...(buckets.length ? [{ Effect: 'Allow' as const, Action: ['s3:ListBucket'], Resource: buckets.map((b) => `arn:aws:s3:::${b}`) }] : []),
    ...(buckets.length ? [{ Effect: 'Allow' as const, Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: buckets.map((b) => `arn:aws:s3:::${b}/*`) }] : []),
    ...(secrets.length ? [{ Effect: 'Allow' as const, Action: ['secretsmanager:GetSecretValue'], Resource: secrets }] : []),
  ];
}

export type RolePolicyOutputs = { roleName: string; policyName: string };

export function policyDocument(input: RolePolicyInput): string {
  const statements = statementsOf(input);
  if (!statements.length) throw new RolePolicyError(`Policy ${input.policyName} grants nothing: give buckets or secretArns.`);
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export async function currentDocument(ctx: StepContext, roleName: string, policyName: string): Promise<string | undefined> {
  try {
    const doc = (await ctx.aws.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }))).PolicyDocument;
    return doc === undefined ? undefined : JSON.stringify(JSON.parse(decodeURIComponent(doc)));
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

const kind: StepKind<RolePolicyInput, RolePolicyOutputs> = {
  async check(ctx, input) {
    const has = await currentDocument(ctx, input.roleName, input.policyName);
    const want = policyDocument(input);
    const summary = statementsOf(input).map((s) => `${s.Action.join(', ')} on ${s.Resource.join(', ')}`).join('; ');
    if (has === want) return { done: true, outputs: { roleName: input.roleName, policyName: input.policyName }, evidence: [`${input.roleName}/${input.policyName}: ${summary}`] };
    return { done: false, reason: has ? `Policy ${input.policyName} of ${input.roleName} allows something else.` : `Role ${input.roleName} has no policy ${input.policyName} yet.` };
  },
  plan: (input) => [{ service: 'iam', operation: 'PutRolePolicy', input: { RoleName: input.roleName, PolicyName: input.policyName, PolicyDocument: policyDocument(input) } }],
  async apply(ctx, input) {
    await ctx.aws.iam.send(new PutRolePolicyCommand({ RoleName: input.roleName, PolicyName: input.policyName, PolicyDocument: policyDocument(input) }));
    return { roleName: input.roleName, policyName: input.policyName };
  },
};

export { kind as rolePolicyKind };
