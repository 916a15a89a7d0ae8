import { EnableEbsEncryptionByDefaultCommand, GetEbsEncryptionByDefaultCommand } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { ebsEncryptionByDefaultKind } from '../../../src/steps/ec2/ebs-encryption-by-default.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

describe('ec2.ebsEncryptionByDefault', () => {
  beforeEach(resetMocks);

  it('is done when the region encrypts new volumes, and only reads', async () => {
    mocks.ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    await expect(ebsEncryptionByDefaultKind.check(stepContext(), {})).resolves.toEqual({ done: true, outputs: {}, evidence: ['EBS encryption by default is on in us-east-1'] });
    expect(mocks.ec2.commandCalls(EnableEbsEncryptionByDefaultCommand)).toHaveLength(0);
  });

  it('turns it on, saying in the plan that it is for the whole region', async () => {
    mocks.ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
    mocks.ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });

    await expect(ebsEncryptionByDefaultKind.check(stepContext(), {})).resolves.toMatchObject({ done: false, reason: expect.stringContaining('is off in us-east-1') });
    expect(ebsEncryptionByDefaultKind.plan({}, undefined)).toEqual([
      { service: 'ec2', operation: 'EnableEbsEncryptionByDefault', input: {}, note: "for every new EBS volume in the region, not only this runbook's" },
    ]);
    await ebsEncryptionByDefaultKind.apply!(stepContext(), {}, undefined);
    expect(mocks.ec2.commandCalls(EnableEbsEncryptionByDefaultCommand)).toHaveLength(1);
  });

  it('passes AWS errors on', async () => {
    const denied = awsError('UnauthorizedOperation', 'not authorized to perform ec2:EnableEbsEncryptionByDefault', 403);
    mocks.ec2.on(EnableEbsEncryptionByDefaultCommand).rejects(denied);
    await expect(ebsEncryptionByDefaultKind.apply!(stepContext(), {}, undefined)).rejects.toBe(denied);
  });
});
