import { DescribeKeyCommand } from '../../../src/aws/sdk/kms.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { keyKind } from '../../../src/steps/kms/key.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const ARN = 'arn:aws:kms:eu-west-1:123456789012:key/6fc10c90-d550-4fd5-bb5c-c2416e31839a';
const input = { keyArn: ARN, what: 'the key' };

describe('kms.key', () => {
  beforeEach(resetMocks);

  it('is done when the key is enabled, asked in the region its ARN names', async () => {
    mocks.kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: '6fc10c90-d550-4fd5-bb5c-c2416e31839a', Arn: ARN, KeyState: 'Enabled' } });
    const ctx = stepContext();
    const result = await keyKind.check(ctx, input);
    expect(result).toMatchObject({ done: true, outputs: { keyArn: ARN, keyId: '6fc10c90-d550-4fd5-bb5c-c2416e31839a', region: 'eu-west-1' } });
    expect(mocks.kms).toHaveReceivedCommandWith(DescribeKeyCommand, { KeyId: ARN });
    expect(await mocks.kms.call(0).thisValue.config.region()).toBe('eu-west-1');
  });

  it('fails, with what it found, when the key is disabled or does not exist (it has no apply)', async () => {
    mocks.kms.on(DescribeKeyCommand).resolvesOnce({ KeyMetadata: { KeyId: 'k', Arn: ARN, KeyState: 'PendingDeletion' } }).rejectsOnce(awsError('NotFoundException', `Key '${ARN}' does not exist`));
    const ctx = stepContext();
    expect(await keyKind.check(ctx, input)).toMatchObject({ done: false, reason: expect.stringContaining('is PendingDeletion; it must be Enabled') });
    expect(await keyKind.check(ctx, input)).toMatchObject({ done: false, reason: `the key: no KMS key ${ARN} in eu-west-1 (KMS keys are regional).` });
    expect(keyKind.apply).toBeUndefined();
  });

  it('lets another AWS error through, by name', async () => {
    mocks.kms.on(DescribeKeyCommand).rejects(awsError('AccessDeniedException', 'not allowed', 403));
    await expect(keyKind.check(stepContext(), input)).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});
