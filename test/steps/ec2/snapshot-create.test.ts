import { CreateSnapshotCommand, DescribeSnapshotsCommand, type DescribeSnapshotsCommandInput } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { volumeSnapshotKind } from '../../../src/steps/ec2/snapshot-create.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const input = { volumeId: 'vol-0c0ffee00000000b2', name: 'other master', description: 'the second CouchDB master' };

describe('ec2.volumeSnapshot', () => {
  beforeEach(resetMocks);

  it('is done when its tagged snapshot of the volume is completed', async () => {
    mocks.ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [{ SnapshotId: 'snap-0aaaaaaaaaaaaaaa1', State: 'completed', StartTime: new Date('2026-12-01T00:00:00Z') }] });
    expect(await volumeSnapshotKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { snapshotId: 'snap-0aaaaaaaaaaaaaaa1', startTime: '2026-12-01T00:00:00.000Z' } });
    expect(mocks.ec2).toHaveReceivedCommandWith(DescribeSnapshotsCommand, { Filters: expect.arrayContaining([{ Name: 'volume-id', Values: [input.volumeId] }, { Name: 'tag:Name', Values: ['other master'] }]) });
  });

  it('takes the snapshot, tagged, and waits for it', async () => {
    mocks.ec2.on(DescribeSnapshotsCommand).callsFake(async (req: DescribeSnapshotsCommandInput) => (req.Filters ? { Snapshots: [] } : { Snapshots: [{ SnapshotId: 'snap-0aaaaaaaaaaaaaaa1', State: 'completed' }] }));
    mocks.ec2.on(CreateSnapshotCommand).resolves({ SnapshotId: 'snap-0aaaaaaaaaaaaaaa1', State: 'pending' });
    const ctx = stepContext();
    const result = await volumeSnapshotKind.check(ctx, input);
    if (result.done) throw new Error('expected not done');
    await volumeSnapshotKind.apply!(ctx, input, result.found);
    expect(mocks.ec2).toHaveReceivedCommandWith(CreateSnapshotCommand, { VolumeId: input.volumeId, Description: input.description, TagSpecifications: [{ ResourceType: 'snapshot', Tags: ctx.tags('other master') }] });
  });

  it('lets CreateSnapshot errors through by name', async () => {
    mocks.ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });
    mocks.ec2.on(CreateSnapshotCommand).rejects(awsError('InvalidVolume.NotFound', "The volume 'vol-0c0ffee00000000b2' does not exist."));
    await expect(volumeSnapshotKind.apply!(stepContext(), input, {})).rejects.toMatchObject({ name: 'InvalidVolume.NotFound' });
  });
});
