/**
 * The undo of rds.dbInstance on aws-sdk-client-mock: the run's database is
 * a data holder; removed, it is first snapshotted under the destroy's own
 * tags (not the instance's run tags), then deleted and waited for; a
 * database another run made is kept; an AWS error is passed on.
 */
import { CreateDBSnapshotCommand, DeleteDBInstanceCommand, DescribeDBInstancesCommand, DescribeDBSnapshotsCommand } from '../../../src/aws/sdk/rds.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { dbInstanceUndo } from '../../../src/steps/rds/db-instance-undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const ID = 'aquamark';
const SNAPSHOT = 'aquamark-before-destroy-test-run-0001';
const MINE = [{ Key: 'runbook:run-id', Value: 'test-run-0001' }];
const db = (DBInstanceStatus: string, TagList = MINE) => ({ DBInstances: [{ DBInstanceIdentifier: ID, DBInstanceStatus, TagList }] });
const gone = () => awsError('DBInstanceNotFoundFault', `DBInstance ${ID} not found.`, 404);
const resource = { type: 'rds:db-instance', id: ID, madeByRun: true, holdsData: true };

describe('rds.dbInstance undo', () => {
  beforeEach(resetMocks);

  it('finds the database the run made as a data holder, and keeps one another run made', async () => {
    mocks.rds.on(DescribeDBInstancesCommand).resolvesOnce(db('available')).resolves(db('available', [{ Key: 'runbook:run-id', Value: 'older-run-0001' }]));
    const found = await dbInstanceUndo.find(stepContext(), { input: { identifier: ID }, outputs: {}, status: 'failed' });
    expect(found).toEqual([{ type: 'rds:db-instance', id: ID, madeByRun: true, holdsData: true, note: 'RDS deletes its managed master secret with it' }]);
    const kept = await dbInstanceUndo.find(stepContext(), { input: { identifier: ID }, outputs: { identifier: ID }, status: 'ok' });
    expect(kept[0]).toMatchObject({ madeByRun: false, note: `DB instance ${ID} was made by run older-run-0001` });
  });

  it('snapshots first under the destroy\'s tags, then deletes without a final snapshot and waits until it is gone', async () => {
    mocks.rds.on(DescribeDBInstancesCommand).resolvesOnce(db('available')).resolvesOnce(db('available')).resolvesOnce(db('available')).resolvesOnce(db('deleting')).rejects(gone());
    mocks.rds.on(DescribeDBSnapshotsCommand).rejectsOnce(awsError('DBSnapshotNotFoundFault', 'not found', 404)).resolves({ DBSnapshots: [{ DBSnapshotIdentifier: SNAPSHOT, Status: 'available' }] });
    mocks.rds.on(CreateDBSnapshotCommand).resolves({ DBSnapshot: { DBSnapshotIdentifier: SNAPSHOT, Status: 'creating' } });
    mocks.rds.on(DeleteDBInstanceCommand).resolves({ DBInstance: { DBInstanceIdentifier: ID, DBInstanceStatus: 'deleting' } });
    expect(dbInstanceUndo.plan(resource, { snapshotFirst: true }).map((c) => c.operation)).toEqual(['CreateDBSnapshot', 'DeleteDBInstance']);
    await dbInstanceUndo.remove(stepContext(), resource, { snapshotFirst: true });
    const tags = mocks.rds.commandCalls(CreateDBSnapshotCommand)[0]!.args[0].input.Tags!;
    expect(mocks.rds).toHaveReceivedCommandWith(CreateDBSnapshotCommand, { DBInstanceIdentifier: ID, DBSnapshotIdentifier: SNAPSHOT });
    expect(tags).toContainEqual({ Key: 'runbook:destroyed-run', Value: 'test-run-0001' });
    expect(tags.map((t) => t.Key)).not.toContain('runbook:run-id');
    expect(mocks.rds).toHaveReceivedCommandWith(DeleteDBInstanceCommand, { DBInstanceIdentifier: ID, SkipFinalSnapshot: true });
  });

  it('takes no second snapshot on a resumed destroy, none without --snapshot, and nothing for a database already gone', async () => {
    mocks.rds.on(DescribeDBInstancesCommand).resolvesOnce(db('available')).resolvesOnce(db('available')).resolvesOnce(db('available')).rejects(gone());
    mocks.rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [{ DBSnapshotIdentifier: SNAPSHOT, Status: 'available' }] });
    mocks.rds.on(DeleteDBInstanceCommand).resolves({});
    await dbInstanceUndo.remove(stepContext(), resource, { snapshotFirst: true });
    expect(mocks.rds).not.toHaveReceivedCommand(CreateDBSnapshotCommand);
    resetMocks();
    mocks.rds.on(DescribeDBInstancesCommand).resolvesOnce(db('available')).resolvesOnce(db('available')).rejects(gone());
    mocks.rds.on(DeleteDBInstanceCommand).resolves({});
    expect(dbInstanceUndo.plan(resource, { snapshotFirst: false }).map((c) => c.operation)).toEqual(['DeleteDBInstance']);
    await dbInstanceUndo.remove(stepContext(), resource, { snapshotFirst: false });
    expect(mocks.rds).not.toHaveReceivedCommand(DescribeDBSnapshotsCommand);
    resetMocks();
    mocks.rds.on(DescribeDBInstancesCommand).rejects(gone());
    await dbInstanceUndo.remove(stepContext(), resource, { snapshotFirst: true });
    expect(mocks.rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand);
  });

  it('passes an AWS error on', async () => {
    mocks.rds.on(DescribeDBInstancesCommand).resolves(db('available'));
    mocks.rds.on(DeleteDBInstanceCommand).rejects(awsError('AccessDenied', 'not authorized to perform rds:DeleteDBInstance', 403));
    await expect(dbInstanceUndo.remove(stepContext(), resource, { snapshotFirst: false })).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
