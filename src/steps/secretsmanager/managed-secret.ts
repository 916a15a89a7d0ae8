/**
 * `secretsmanager.managedSecret`: the secret another service keeps a
 * password in (RDS's master password) exists and is owned by that service.
 * Read-only, and only DescribeSecret: the value is never asked for, so it
 * cannot reach state, logs or reports; a host reads it when it needs it.
 */
import { DescribeSecretCommand } from '../../aws/sdk/secretsmanager.js';
import { type StepKind } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';

export interface ManagedSecretInput {
  secretArn: string;
  /** The service that must own it (`rds`). */
  owningService: string;
  /** What it is, for messages: "the database's master password". */
  what: string;
}

export interface ManagedSecretOutputs {
  secretArn: string;
  name: string;
}

export class ManagedSecretError extends Error {
  override name = 'ManagedSecretMissing';
}

const kind: StepKind<ManagedSecretInput, ManagedSecretOutputs> = {
  async check(ctx, input) {
    if (!input.secretArn) throw new ManagedSecretError(`There is no secret ARN for ${input.what}: the database does not have RDS manage its master password.`);
    let secret;
    try {
      secret = await ctx.aws.secretsmanager.send(new DescribeSecretCommand({ SecretId: input.secretArn }));
    } catch (err) {
      if (hasErrorName(err, 'ResourceNotFoundException')) throw new ManagedSecretError(`The secret of ${input.what} (${input.secretArn}) does not exist in Secrets Manager.`);
      throw err;
    }
    if (secret.DeletedDate) throw new ManagedSecretError(`The secret of ${input.what} (${input.secretArn}) is scheduled for deletion.`);
    if (secret.OwningService !== input.owningService)
      throw new ManagedSecretError(`The secret ${input.secretArn} is owned by ${secret.OwningService ?? 'nobody'}, not ${input.owningService}: it is not the one ${input.owningService} manages for ${input.what}.`);
    return { done: true, outputs: { secretArn: secret.ARN ?? input.secretArn, name: secret.Name ?? '' }, evidence: [`${input.what}: secret ${secret.Name}, managed by ${secret.OwningService} (value not read)`] };
  },
  plan: () => [],
};

export { kind as managedSecretKind };
