import { DescribeSnapshotsCommand } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { snapshotKind } from '../../../src/steps/ec2/snapshot.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const input = { snapshotId: 'snap-0ebb4f155ff27040c', region: 'us-east-1', what: 'the CouchDB snapshot', notes: ['Note: one master only.'] };
const snap = { SnapshotId: input.snapshotId, VolumeId: 'vol-1', VolumeSize: 500, Encrypted: true, KmsKeyId: 'k', StartTime: new Date('2026-12-01T06:00:00Z'), Progress: '100%' };

describe('ec2.snapshot', () => {
  beforeEach(resetMocks);

  it('is done when the snapshot is completed, with its start time and the notes', async () => {
    mocks.ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [{ ...snap, State: 'completed' }] });
    const result = await snapshotKind.check(stepContext(), input);
    expect(result).toMatchObject({ done: true, outputs: { snapshotId: input.snapshotId, region: 'us-east-1', startTime: '2026-12-01T06:00:00.000Z', sizeGiB: 500, encrypted: true } });
    expect(result.evidence).toContain('Note: one master only.');
    expect(mocks.ec2).toHaveReceivedCommandWith(DescribeSnapshotsCommand, { SnapshotIds: [input.snapshotId] });
  });

  it('fails on a pending snapshot, and on one that does not exist (InvalidSnapshot.NotFound)', async () => {
    mocks.ec2.on(DescribeSnapshotsCommand).resolvesOnce({ Snapshots: [{ ...snap, State: 'pending', Progress: '40%' }] }).rejectsOnce(awsError('InvalidSnapshot.NotFound', "The snapshot 'snap-0ebb4f155ff27040c' does not exist."));
    expect(await snapshotKind.check(stepContext(), input)).toMatchObject({ done: false, reason: 'the CouchDB snapshot snap-0ebb4f155ff27040c is pending, not completed.' });
    expect(await snapshotKind.check(stepContext(), input)).toMatchObject({ done: false, reason: 'the CouchDB snapshot: no snapshot snap-0ebb4f155ff27040c in us-east-1.' });
  });

  it('lets another AWS error through', async () => {
    mocks.ec2.on(DescribeSnapshotsCommand).rejects(awsError('UnauthorizedOperation', 'no', 403));
    await expect(snapshotKind.check(stepContext(), input)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });
});
