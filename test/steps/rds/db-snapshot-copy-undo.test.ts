/**
 * The undo of rds.dbSnapshotCopy on aws-sdk-client-mock: the run's copy is
 * found by its recorded or derived identifier and deleted, then waited for;
 * a copy the run did not make is kept, no copy made is nothing, and an AWS
 * error is passed on.
 */
import { DeleteDBSnapshotCommand, DescribeDBSnapshotsCommand } from '../../../src/aws/sdk/rds.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { dbSnapshotCopyUndo } from '../../../src/steps/rds/db-snapshot-copy-undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const SOURCE = 'arn:aws:rds:eu-west-1:123456789012:snapshot:openemr063-backup';
const COPY = 'openemr063-backup-us-east-1';
const MINE = [{ Key: 'runbook:run-id', Value: 'test-run-0001' }];
const copyOf = (TagList = MINE) => ({ DBSnapshots: [{ DBSnapshotIdentifier: COPY, AllocatedStorage: 10, Engine: 'mysql', Status: 'available', SourceDBSnapshotIdentifier: SOURCE, TagList }] });
const opts = { snapshotFirst: false };

describe('rds.dbSnapshotCopy undo', () => {
  beforeEach(resetMocks);

  it('finds the copy by the identifier it derives from the source, a data holder the run made', async () => {
    mocks.rds.on(DescribeDBSnapshotsCommand, { DBSnapshotIdentifier: COPY }).resolves(copyOf());
    const found = await dbSnapshotCopyUndo.find(stepContext(), { input: { snapshotArn: SOURCE }, outputs: {}, status: 'failed' });
    expect(found).toEqual([{ type: 'rds:snapshot', id: COPY, madeByRun: true, holdsData: true, note: `10 GiB mysql snapshot, available, a copy of ${SOURCE}` }]);
  });

  it('keeps a copy another run made, and finds nothing when no copy was needed', async () => {
    mocks.rds.on(DescribeDBSnapshotsCommand).resolves(copyOf([{ Key: 'runbook:run-id', Value: 'older-run-0001' }]));
    const kept = await dbSnapshotCopyUndo.find(stepContext(), { input: { snapshotArn: SOURCE }, outputs: { identifier: COPY, copied: true }, status: 'ok' });
    expect(kept[0]).toMatchObject({ madeByRun: false, note: `DB snapshot ${COPY} was made by run older-run-0001` });
    resetMocks();
    const here = 'arn:aws:rds:us-east-1:123456789012:snapshot:openemr063-backup';
    await expect(dbSnapshotCopyUndo.find(stepContext(), { input: { snapshotArn: here }, outputs: {}, status: 'failed' })).resolves.toEqual([]);
    await expect(dbSnapshotCopyUndo.find(stepContext(), { input: { snapshotArn: here }, outputs: { identifier: 'openemr063-backup', copied: false }, status: 'ok' })).resolves.toEqual([]);
    expect(mocks.rds).not.toHaveReceivedAnyCommand();
  });

  it('deletes the copy and waits until it is gone', async () => {
    mocks.rds.on(DeleteDBSnapshotCommand).resolves({ DBSnapshot: { DBSnapshotIdentifier: COPY, Status: 'deleted' } });
    mocks.rds.on(DescribeDBSnapshotsCommand).resolvesOnce(copyOf()).rejects(awsError('DBSnapshotNotFoundFault', `DBSnapshot ${COPY} not found.`, 404));
    const resource = { type: 'rds:snapshot', id: COPY, madeByRun: true, holdsData: true };
    expect(dbSnapshotCopyUndo.plan(resource, opts)).toEqual([{ service: 'rds', operation: 'DeleteDBSnapshot', input: { DBSnapshotIdentifier: COPY }, note: 'and wait until it is gone' }]);
    await dbSnapshotCopyUndo.remove(stepContext(), resource, opts);
    expect(mocks.rds).toHaveReceivedCommandWith(DeleteDBSnapshotCommand, { DBSnapshotIdentifier: COPY });
    expect(mocks.rds).toHaveReceivedCommandTimes(DescribeDBSnapshotsCommand, 2);
  });

  it('has nothing to do for a copy already gone, and passes other errors on', async () => {
    mocks.rds.on(DescribeDBSnapshotsCommand).rejects(awsError('DBSnapshotNotFoundFault', 'not found', 404));
    await expect(dbSnapshotCopyUndo.find(stepContext(), { input: { snapshotArn: SOURCE }, outputs: { identifier: COPY, copied: true }, status: 'changed' })).resolves.toEqual([]);
    mocks.rds.on(DeleteDBSnapshotCommand).rejectsOnce(awsError('DBSnapshotNotFoundFault', 'not found', 404)).rejects(awsError('InvalidDBSnapshotStateFault', 'The state of the DB snapshot does not allow deletion.'));
    const resource = { type: 'rds:snapshot', id: COPY, madeByRun: true, holdsData: true };
    await expect(dbSnapshotCopyUndo.remove(stepContext(), resource, opts)).resolves.toBeUndefined();
    await expect(dbSnapshotCopyUndo.remove(stepContext(), resource, opts)).rejects.toMatchObject({ name: 'InvalidDBSnapshotStateFault' });
  });
});
