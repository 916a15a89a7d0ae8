/**
 * Secrets Manager: the secrets another service manages (RDS's master
 * passwords). DescribeSecret answers what a secret is, never its value: the
 * sandbox holds no secret value at all, so none can leak into a run.
 */
import type { DescribeSecretCommandInput } from '@aws-sdk/client-secrets-manager';
import { randomBytes } from 'node:crypto';
import type { Secret } from '../../account/state.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A secret ARN ends in a dash and six random characters (Secrets Manager User Guide, ARN format). */
function secretArn(ctx: OperationContext, name: string): string {
  const suffix = [...randomBytes(6)].map((b) => ALNUM[b % ALNUM.length]).join('');
  return `arn:aws:secretsmanager:${ctx.regionName}:${ctx.account.accountId}:secret:${name}-${suffix}`;
}

/** The secret a service makes for itself; answers its ARN. */
export function addManagedSecret(ctx: OperationContext, name: string, owningService: string, tags: Record<string, string>): string {
  const arn = secretArn(ctx, name);
  (ctx.region.secrets ??= {})[arn] = { ARN: arn, Name: name, Description: `Secret associated with primary RDS DB instance`, OwningService: owningService, KmsKeyId: 'alias/aws/secretsmanager', Tags: tags, createdAt: ctx.now };
  return arn;
}

/** The owning service deletes its secret at once, with no recovery window. */
export function deleteManagedSecret(ctx: OperationContext, arn: string): void {
  delete ctx.region.secrets?.[arn];
}

function find(ctx: OperationContext, id: string | undefined): Secret {
  const secrets = Object.values(ctx.region.secrets ?? {}).filter((s) => ctx.visible(s.createdAt));
  const found = secrets.find((s) => s.ARN === id || s.Name === id);
  if (!found) throw awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
  return found;
}

export const secretsmanager: ServiceHandlers = {
  DescribeSecret: (ctx) => {
    const s = find(ctx, inputOf<DescribeSecretCommandInput>(ctx).SecretId);
    return {
      ARN: s.ARN,
      Name: s.Name,
      ...(s.Description ? { Description: s.Description } : {}),
      ...(s.KmsKeyId ? { KmsKeyId: s.KmsKeyId } : {}),
      ...(s.OwningService ? { OwningService: s.OwningService } : {}),
      CreatedDate: new Date(s.createdAt),
      LastChangedDate: new Date(s.createdAt),
      Tags: Object.entries(s.Tags).map(([Key, Value]) => ({ Key, Value })),
      VersionIdsToStages: { [`v-${s.createdAt}`]: ['AWSCURRENT'] },
    };
  },
};
