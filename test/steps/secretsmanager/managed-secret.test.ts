import { DescribeSecretCommand, GetSecretValueCommand } from '../../../src/aws/sdk/secretsmanager.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { managedSecretKind, type ManagedSecretInput } from '../../../src/steps/secretsmanager/managed-secret.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1234-AbCdEf';
const input: ManagedSecretInput = { secretArn: ARN, owningService: 'rds', what: "the database's master password" };

describe('secretsmanager.managedSecret', () => {
  beforeEach(resetMocks);

  it('is done when the secret exists and RDS owns it; the value is never asked for', async () => {
    mocks.secretsmanager.on(DescribeSecretCommand).resolves({ ARN, Name: 'rds!db-1234', OwningService: 'rds' });
    expect(await managedSecretKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { secretArn: ARN, name: 'rds!db-1234' } });
    expect(mocks.secretsmanager).not.toHaveReceivedCommand(GetSecretValueCommand);
  });

  it('fails with a sentence when another service owns it (nothing to apply: it is RDS\'s)', async () => {
    mocks.secretsmanager.on(DescribeSecretCommand).resolves({ ARN, Name: 'rds!db-1234' });
    await expect(managedSecretKind.check(stepContext(), input)).rejects.toThrow(/owned by nobody, not rds/);
    expect(managedSecretKind.apply).toBeUndefined();
  });

  it('says when the secret is missing, and lets other errors through by name', async () => {
    mocks.secretsmanager.on(DescribeSecretCommand).rejectsOnce(awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret."));
    await expect(managedSecretKind.check(stepContext(), input)).rejects.toThrow(/does not exist in Secrets Manager/);
    mocks.secretsmanager.on(DescribeSecretCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    await expect(managedSecretKind.check(stepContext(), input)).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});
