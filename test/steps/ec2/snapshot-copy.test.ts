import { CopySnapshotCommand, DescribeSnapshotsCommand, type DescribeSnapshotsCommandInput } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { snapshotCopyKind, type SnapshotCopyInput } from '../../../src/steps/ec2/snapshot-copy.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1b2c3d4e-0000-4000-8000-00000000abcd';
// The test context's session is in us-east-1: the source is in eu-west-1.
const input: SnapshotCopyInput = { snapshotId: 'snap-0ebb4f155ff27040c', sourceRegion: 'eu-west-1', kmsKeyId: KEY, name: 'copy' };

describe('ec2.snapshotCopy', () => {
  beforeEach(resetMocks);

  it('needs nothing in the snapshot\'s own region', async () => {
    const result = await snapshotCopyKind.check(stepContext(), { ...input, sourceRegion: 'us-east-1' });
    expect(result).toMatchObject({ done: true, outputs: { snapshotId: input.snapshotId, copied: false, note: '' } });
    expect(mocks.ec2.calls()).toHaveLength(0);
  });

  it('is done when its tagged copy is completed, found by the runbook and source tags', async () => {
    mocks.ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [{ SnapshotId: 'snap-0copy0000000000a', State: 'completed', Progress: '100%', KmsKeyId: KEY }] });
    const result = await snapshotCopyKind.check(stepContext(), input);
    expect(result).toMatchObject({ done: true, outputs: { snapshotId: 'snap-0copy0000000000a', region: 'us-east-1', copied: true } });
    expect(mocks.ec2).toHaveReceivedCommandWith(DescribeSnapshotsCommand, {
      OwnerIds: ['self'],
      Filters: [
        { Name: 'tag:runbook:id', Values: ['test-runbook'] },
        { Name: 'tag:runbook:source-snapshot', Values: ['eu-west-1/snap-0ebb4f155ff27040c'] },
      ],
    });
    expect(mocks.ec2).not.toHaveReceivedCommand(CopySnapshotCommand);
  });

  it('copies once, re-encrypted with the key of this region and tagged as it is made, then waits until completed', async () => {
    let described = 0;
    mocks.ec2.on(DescribeSnapshotsCommand).callsFake(async (req: DescribeSnapshotsCommandInput) => {
      if (req.Filters) return { Snapshots: [] };
      described++;
      return { Snapshots: [{ SnapshotId: 'snap-0copy0000000000a', State: described > 1 ? 'completed' : 'pending', Progress: described > 1 ? '100%' : '10%' }] };
    });
    mocks.ec2.on(CopySnapshotCommand).resolves({ SnapshotId: 'snap-0copy0000000000a' });
    const ctx = stepContext();
    const result = await snapshotCopyKind.check(ctx, input);
    if (result.done) throw new Error('expected not done');
    expect(snapshotCopyKind.plan(input, result.found)[0]).toMatchObject({ operation: 'CopySnapshot', input: { SourceRegion: 'eu-west-1', KmsKeyId: KEY, Encrypted: true } });
    const outputs = await snapshotCopyKind.apply!(ctx, input, result.found);
    expect(outputs).toMatchObject({ snapshotId: 'snap-0copy0000000000a', copied: true, note: expect.stringContaining('kept as a backup in us-east-1') });
    expect(mocks.ec2).toHaveReceivedCommandExactlyOnceWith(CopySnapshotCommand, {
      SourceRegion: 'eu-west-1',
      SourceSnapshotId: input.snapshotId,
      Encrypted: true,
      KmsKeyId: KEY,
      TagSpecifications: [{ ResourceType: 'snapshot', Tags: [...ctx.tags('copy'), { Key: 'runbook:source-snapshot', Value: 'eu-west-1/snap-0ebb4f155ff27040c' }] }],
    });
    expect(ctx.progressLines.some((l) => l.includes('pending 10%'))).toBe(true);
  });

  it('waits for a copy a crashed run started instead of copying again', async () => {
    mocks.ec2
      .on(DescribeSnapshotsCommand)
      .resolvesOnce({ Snapshots: [{ SnapshotId: 'snap-0copy0000000000a', State: 'pending', Progress: '50%' }] })
      .resolves({ Snapshots: [{ SnapshotId: 'snap-0copy0000000000a', State: 'completed', Progress: '100%' }] });
    const ctx = stepContext();
    const result = await snapshotCopyKind.check(ctx, input);
    if (result.done) throw new Error('expected not done');
    await snapshotCopyKind.apply!(ctx, input, result.found);
    expect(mocks.ec2).not.toHaveReceivedCommand(CopySnapshotCommand);
  });

  it('says which key is missing when the regions differ, and lets an AWS error through', async () => {
    await expect(snapshotCopyKind.check(stepContext(), { ...input, kmsKeyId: undefined })).rejects.toThrow(/pass a KMS key of us-east-1 as targetKMSKey/);
    mocks.ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });
    mocks.ec2.on(CopySnapshotCommand).rejects(awsError('InvalidSnapshot.NotFound', "The snapshot 'snap-0ebb4f155ff27040c' does not exist."));
    await expect(snapshotCopyKind.apply!(stepContext(), input, {})).rejects.toMatchObject({ name: 'InvalidSnapshot.NotFound' });
  });
});
