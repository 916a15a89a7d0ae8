/**
 * The undos of ec2.snapshotCopy and ec2.volumeSnapshot on aws-sdk-client-mock:
 * the run's snapshot is found (by its output and its tags) and deleted in its
 * region, a snapshot the run did not make is kept, one already gone is
 * nothing to do, and an AWS error is passed on.
 */
import { DeleteSnapshotCommand, DescribeSnapshotsCommand } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { snapshotCopyUndo } from '../../../src/steps/ec2/snapshot-copy-undo.js';
import { volumeSnapshotUndo } from '../../../src/steps/ec2/snapshot-create-undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const MINE = [{ Key: 'runbook:run-id', Value: 'test-run-0001' }, { Key: 'runbook:step', Value: 'step-under-test' }];
const STEP_FILTERS = [{ Name: 'tag:runbook:run-id', Values: ['test-run-0001'] }, { Name: 'tag:runbook:step', Values: ['step-under-test'] }];
const snap = (SnapshotId: string, Tags: { Key: string; Value: string }[] = MINE) => ({ SnapshotId, VolumeId: 'vol-0aaa', VolumeSize: 500, State: 'completed' as const, Tags });
const opts = { snapshotFirst: false };

describe('ec2.snapshotCopy undo', () => {
  beforeEach(resetMocks);

  it('finds the copy by its output and the step\'s tags, once, as data the run made', async () => {
    mocks.ec2.on(DescribeSnapshotsCommand, { OwnerIds: ['self'], SnapshotIds: ['snap-0copy'] }).resolves({ Snapshots: [snap('snap-0copy')] });
    mocks.ec2.on(DescribeSnapshotsCommand, { OwnerIds: ['self'], Filters: STEP_FILTERS }).resolves({ Snapshots: [snap('snap-0copy')] });
    const found = await snapshotCopyUndo.find(stepContext(), { input: { snapshotId: 'snap-0src', sourceRegion: 'us-east-1' }, outputs: { snapshotId: 'snap-0copy', region: 'eu-west-1', copied: true }, status: 'changed' });
    expect(found).toEqual([{ type: 'ec2:snapshot', id: 'snap-0copy', madeByRun: true, holdsData: true, note: '500 GiB of vol-0aaa, completed in eu-west-1', details: { region: 'eu-west-1' } }]);
    expect(await mocks.ec2.call(0).thisValue.config.region()).toBe('eu-west-1');
  });

  it('leaves the source alone when nothing was copied, and keeps a copy another run made', async () => {
    mocks.ec2.on(DescribeSnapshotsCommand, { OwnerIds: ['self'], Filters: STEP_FILTERS }).resolves({ Snapshots: [] });
    await expect(snapshotCopyUndo.find(stepContext(), { input: {}, outputs: { snapshotId: 'snap-0src', region: 'us-east-1', copied: false }, status: 'ok' })).resolves.toEqual([]);
    expect(mocks.ec2).toHaveReceivedCommandTimes(DescribeSnapshotsCommand, 1);

    mocks.ec2.on(DescribeSnapshotsCommand, { OwnerIds: ['self'], SnapshotIds: ['snap-0old'] }).resolves({ Snapshots: [snap('snap-0old', [{ Key: 'runbook:run-id', Value: 'older-run-0001' }])] });
    const kept = await snapshotCopyUndo.find(stepContext(), { input: {}, outputs: { snapshotId: 'snap-0old', region: 'us-east-1', copied: true }, status: 'ok' });
    expect(kept).toEqual([{ type: 'ec2:snapshot', id: 'snap-0old', madeByRun: false, holdsData: true, note: 'snapshot snap-0old in us-east-1 was made by run older-run-0001', details: { region: 'us-east-1' } }]);
  });

  it('deletes the copy in its region; one already gone is done; an image that uses it is passed on', async () => {
    const resource = { type: 'ec2:snapshot', id: 'snap-0copy', madeByRun: true, holdsData: true, details: { region: 'eu-west-1' } };
    expect(snapshotCopyUndo.plan(resource, opts)).toEqual([{ service: 'ec2', operation: 'DeleteSnapshot', input: { SnapshotId: 'snap-0copy' }, note: 'in eu-west-1' }]);
    mocks.ec2.on(DeleteSnapshotCommand).resolvesOnce({}).rejectsOnce(awsError('InvalidSnapshot.NotFound')).rejects(awsError('InvalidSnapshot.InUse', 'The snapshot snap-0copy is currently in use by ami-0aaa'));
    await snapshotCopyUndo.remove(stepContext(), resource, opts);
    expect(mocks.ec2).toHaveReceivedCommandWith(DeleteSnapshotCommand, { SnapshotId: 'snap-0copy' });
    expect(await mocks.ec2.call(0).thisValue.config.region()).toBe('eu-west-1');
    await expect(snapshotCopyUndo.remove(stepContext(), resource, opts)).resolves.toBeUndefined();
    await expect(snapshotCopyUndo.remove(stepContext(), resource, opts)).rejects.toMatchObject({ name: 'InvalidSnapshot.InUse' });
  });
});

describe('ec2.volumeSnapshot undo', () => {
  beforeEach(resetMocks);

  it('finds a snapshot the step tagged before it recorded anything, in the run\'s region', async () => {
    mocks.ec2.on(DescribeSnapshotsCommand, { OwnerIds: ['self'], Filters: STEP_FILTERS }).resolves({ Snapshots: [snap('snap-0half')] });
    const found = await volumeSnapshotUndo.find(stepContext(), { input: { volumeId: 'vol-0aaa' }, outputs: {}, status: 'failed' });
    expect(found).toEqual([{ type: 'ec2:snapshot', id: 'snap-0half', madeByRun: true, holdsData: true, note: '500 GiB of vol-0aaa, completed' }]);
    expect(volumeSnapshotUndo.plan(found[0]!, opts)).toEqual([{ service: 'ec2', operation: 'DeleteSnapshot', input: { SnapshotId: 'snap-0half' } }]);
  });

  it('has nothing to find when the snapshot is gone, and passes other errors on', async () => {
    mocks.ec2.on(DescribeSnapshotsCommand, { SnapshotIds: ['snap-0gone'] }).rejects(awsError('InvalidSnapshot.NotFound'));
    mocks.ec2.on(DescribeSnapshotsCommand, { Filters: STEP_FILTERS }).resolves({ Snapshots: [] });
    await expect(volumeSnapshotUndo.find(stepContext(), { input: {}, outputs: { snapshotId: 'snap-0gone' }, status: 'changed' })).resolves.toEqual([]);
    mocks.ec2.on(DescribeSnapshotsCommand).rejects(awsError('UnauthorizedOperation', 'not authorized to perform ec2:DescribeSnapshots'));
    await expect(volumeSnapshotUndo.find(stepContext(), { input: {}, outputs: { snapshotId: 'snap-0x' }, status: 'changed' })).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });
});
