import { DescribeDBSnapshotsCommand } from '../../../src/aws/sdk/rds.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { dbSnapshotKind, dbSnapshotOf } from '../../../src/steps/rds/db-snapshot.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const ARN = 'arn:aws:rds:eu-west-1:123456789012:snapshot:openemr063-backup';
const input = { snapshotArn: ARN, what: 'the RDS snapshot' };

describe('rds.dbSnapshot', () => {
  beforeEach(resetMocks);

  it('is done when the snapshot is available; its time is when the database was snapshotted, in the ARN\'s region', async () => {
    mocks.rds.on(DescribeDBSnapshotsCommand).resolves({
      DBSnapshots: [{ DBSnapshotArn: ARN, Status: 'available', SnapshotCreateTime: new Date('2026-12-02T00:00:00Z'), OriginalSnapshotCreateTime: new Date('2026-12-01T06:00:00Z'), Encrypted: true, KmsKeyId: 'k', Engine: 'mysql' }],
    });
    const ctx = stepContext();
    expect(await dbSnapshotKind.check(ctx, input)).toMatchObject({ done: true, outputs: { region: 'eu-west-1', identifier: 'openemr063-backup', createTime: '2026-12-01T06:00:00.000Z', encrypted: true } });
    expect(mocks.rds).toHaveReceivedCommandWith(DescribeDBSnapshotsCommand, { DBSnapshotIdentifier: 'openemr063-backup' });
    expect(await mocks.rds.call(0).thisValue.config.region()).toBe('eu-west-1');
  });

  it('asks for an automated snapshot with its type, and fails on one creating or missing', async () => {
    expect(dbSnapshotOf('arn:aws:rds:us-east-1:123456789012:snapshot:rds:openemr063-2026-12-01-06-10')).toEqual({ region: 'us-east-1', identifier: 'rds:openemr063-2026-12-01-06-10', automated: true });
    mocks.rds.on(DescribeDBSnapshotsCommand).resolvesOnce({ DBSnapshots: [{ DBSnapshotArn: ARN, Status: 'creating' }] }).rejectsOnce(awsError('DBSnapshotNotFoundFault', 'DBSnapshot openemr063-backup not found.', 404));
    expect(await dbSnapshotKind.check(stepContext(), input)).toMatchObject({ done: false, reason: 'the RDS snapshot openemr063-backup is creating, not available.' });
    expect(await dbSnapshotKind.check(stepContext(), input)).toMatchObject({ done: false, reason: 'the RDS snapshot: no DB snapshot openemr063-backup in eu-west-1.' });
    mocks.rds.reset();
    mocks.rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
    await dbSnapshotKind.check(stepContext(), { snapshotArn: 'arn:aws:rds:us-east-1:123456789012:snapshot:rds:openemr063-2026-12-01-06-10', what: 'x' });
    expect(mocks.rds).toHaveReceivedCommandWith(DescribeDBSnapshotsCommand, { DBSnapshotIdentifier: 'rds:openemr063-2026-12-01-06-10', SnapshotType: 'automated' });
  });

  it('lets another AWS error through', async () => {
    mocks.rds.on(DescribeDBSnapshotsCommand).rejects(awsError('AccessDenied', 'no', 403));
    await expect(dbSnapshotKind.check(stepContext(), input)).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
