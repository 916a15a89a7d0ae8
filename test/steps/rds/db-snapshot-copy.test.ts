import { CopyDBSnapshotCommand, DescribeDBSnapshotsCommand } from '../../../src/aws/sdk/rds.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { copyIdentifier, dbSnapshotCopyKind, type DbSnapshotCopyInput } from '../../../src/steps/rds/db-snapshot-copy.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const SOURCE = 'arn:aws:rds:eu-west-1:123456789012:snapshot:openemr063-backup';
const COPY = 'arn:aws:rds:us-east-1:123456789012:snapshot:openemr063-backup-us-east-1';
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1b2c3d4e-0000-4000-8000-00000000abcd';
const input: DbSnapshotCopyInput = { snapshotArn: SOURCE, kmsKeyId: KEY, sourceKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/6fc10c90-d550-4fd5-bb5c-c2416e31839a' };
const ours = [{ Key: 'runbook:id', Value: 'test-runbook' }];

describe('rds.dbSnapshotCopy', () => {
  beforeEach(resetMocks);

  it('derives the copy\'s identifier from the source (an automated one loses rds:)', () => {
    expect(copyIdentifier('openemr063-backup', 'us-east-1')).toBe('openemr063-backup-us-east-1');
    expect(copyIdentifier('rds:openemr063-2026-12-01-06-10', 'eu-west-1')).toBe('openemr063-2026-12-01-06-10-eu-west-1');
  });

  it('passes the source and its key through in the snapshot\'s own region', async () => {
    const result = await dbSnapshotCopyKind.check(stepContext(), { ...input, snapshotArn: 'arn:aws:rds:us-east-1:123456789012:snapshot:openemr063-backup' });
    expect(result).toMatchObject({ done: true, outputs: { copied: false, kmsKeyArn: input.sourceKmsKeyArn } });
    expect(mocks.rds.calls()).toHaveLength(0);
  });

  it('is done when this runbook\'s copy is available', async () => {
    mocks.rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [{ DBSnapshotIdentifier: 'openemr063-backup-us-east-1', DBSnapshotArn: COPY, Status: 'available', KmsKeyId: KEY, SourceDBSnapshotIdentifier: SOURCE, TagList: ours }] });
    expect(await dbSnapshotCopyKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { snapshotArn: COPY, kmsKeyArn: KEY, copied: true } });
    expect(mocks.rds).not.toHaveReceivedCommand(CopyDBSnapshotCommand);
  });

  it('copies with the key of this region and the runbook\'s tags, then waits until available', async () => {
    mocks.rds
      .on(DescribeDBSnapshotsCommand)
      .rejectsOnce(awsError('DBSnapshotNotFoundFault', 'DBSnapshot openemr063-backup-us-east-1 not found.', 404))
      .resolvesOnce({ DBSnapshots: [{ DBSnapshotArn: COPY, Status: 'creating', PercentProgress: 10, TagList: ours, SourceDBSnapshotIdentifier: SOURCE }] })
      .resolves({ DBSnapshots: [{ DBSnapshotArn: COPY, Status: 'available', KmsKeyId: KEY, TagList: ours, SourceDBSnapshotIdentifier: SOURCE }] });
    mocks.rds.on(CopyDBSnapshotCommand).resolves({ DBSnapshot: { DBSnapshotArn: COPY, Status: 'creating' } });
    const ctx = stepContext();
    const result = await dbSnapshotCopyKind.check(ctx, input);
    if (result.done) throw new Error('expected not done');
    const outputs = await dbSnapshotCopyKind.apply!(ctx, input, result.found);
    expect(outputs).toMatchObject({ snapshotArn: COPY, kmsKeyArn: KEY, copied: true });
    expect(mocks.rds).toHaveReceivedCommandExactlyOnceWith(CopyDBSnapshotCommand, {
      SourceDBSnapshotIdentifier: SOURCE,
      TargetDBSnapshotIdentifier: 'openemr063-backup-us-east-1',
      KmsKeyId: KEY,
      CopyTags: true,
      Tags: ctx.tags(),
    });
  });

  it('adopts a copy a crashed run started (DBSnapshotAlreadyExists), never one it did not make', async () => {
    mocks.rds.on(CopyDBSnapshotCommand).rejects(awsError('DBSnapshotAlreadyExistsFault', 'Cannot create the snapshot because a snapshot with the identifier openemr063-backup-us-east-1 already exists.'));
    mocks.rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [{ DBSnapshotArn: COPY, Status: 'available', TagList: ours, SourceDBSnapshotIdentifier: SOURCE }] });
    expect(await dbSnapshotCopyKind.apply!(stepContext(), input, {})).toMatchObject({ snapshotArn: COPY });
    mocks.rds.reset();
    mocks.rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [{ DBSnapshotIdentifier: 'openemr063-backup-us-east-1', DBSnapshotArn: COPY, Status: 'available', TagList: [] }] });
    await expect(dbSnapshotCopyKind.check(stepContext(), input)).rejects.toThrow(/is not this runbook's copy/);
  });

  it('lets another CopyDBSnapshot error through by name', async () => {
    mocks.rds.on(CopyDBSnapshotCommand).rejects(awsError('KMSKeyNotAccessibleFault', 'The specified KMS key does not exist'));
    await expect(dbSnapshotCopyKind.apply!(stepContext(), input, {})).rejects.toMatchObject({ name: 'KMSKeyNotAccessibleFault' });
  });
});
