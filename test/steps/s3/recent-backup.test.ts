import { DescribeInstancesCommand } from '../../../src/aws/sdk/ec2.js';
import { ListObjectsV2Command, type ListObjectsV2CommandInput } from '../../../src/aws/sdk/s3.js';
import { GetCommandInvocationCommand, SendCommandCommand } from '../../../src/aws/sdk/ssm.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { SCRIPT_STARTED } from '../../../src/aws/shell.js';
import { recentBackupKind, type RecentBackupInput } from '../../../src/steps/s3/recent-backup.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
const input: RecentBackupInput = {
  bucket: 'openemr-backups',
  region: 'us-east-1',
  prefix: 'Backup/',
  suffixes: ['.gz', '.gpg'],
  maxAgeHours: 24,
  backup: { instanceName: 'NFS Backup Agent', script: { name: 'openemr-recovery-stack/efs-backup', vars: { BUCKET: 'openemr-backups' }, body: 'true' }, what: '/root/backup.sh' },
  runUnattended: false,
};

/** Two pages: the first with old archives and the passphrase, the second with the newest. */
function listing(newestHoursAgo: number): void {
  mocks.s3.on(ListObjectsV2Command).callsFake(async (req: ListObjectsV2CommandInput) =>
    req.ContinuationToken
      ? { IsTruncated: false, Contents: [{ Key: 'Backup/b.vol1.difftar.gz', LastModified: hoursAgo(newestHoursAgo) }] }
      : { IsTruncated: true, NextContinuationToken: 'page-2', Contents: [{ Key: 'Backup/passphrase.txt', LastModified: hoursAgo(1) }, { Key: 'Backup/a.vol1.difftar.gpg', LastModified: hoursAgo(50) }] },
  );
}

describe('s3.recentBackup', () => {
  beforeEach(resetMocks);

  it('lists every page and is done when the newest archive is within the window (the passphrase is not an archive)', async () => {
    listing(3);
    const result = await recentBackupKind.check(stepContext(), input);
    expect(result).toMatchObject({ done: true, outputs: { count: 2, newestKey: 'Backup/b.vol1.difftar.gz', ageHours: 3 } });
    expect(mocks.s3).toHaveReceivedCommandTimes(ListObjectsV2Command, 2);
    expect(mocks.s3).toHaveReceivedNthCommandWith(ListObjectsV2Command, 2, { Bucket: 'openemr-backups', Prefix: 'Backup/', ContinuationToken: 'page-2' });
  });

  it('refuses to run the backup unattended unless asked; asked, runs it through SSM and waits for a newer archive', async () => {
    listing(30);
    const ctx = stepContext();
    const stale = await recentBackupKind.check(ctx, input);
    expect(stale).toMatchObject({ done: false, reason: expect.stringContaining('30 h old; the window is 24 h') });
    if (stale.done) return;
    await expect(recentBackupKind.apply!(ctx, input, stale.found)).rejects.toThrow(/pass --param runEfsBackup=true/);
    expect(mocks.ssm).not.toHaveReceivedCommand(SendCommandCommand);

    mocks.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-0abc0000000000001', State: { Name: 'running' } }] }] });
    mocks.ssm.on(SendCommandCommand).resolves({ Command: { CommandId: 'cmd-1' } });
    mocks.ssm.on(GetCommandInvocationCommand).resolves({ Status: 'Success', ResponseCode: 0, StandardOutputContent: `${SCRIPT_STARTED}\nErrors 0` });
    mocks.s3.reset();
    mocks.s3.on(ListObjectsV2Command).resolves({ IsTruncated: false, Contents: [{ Key: 'Backup/c.vol1.difftar.gz', LastModified: new Date() }] });
    const outputs = await recentBackupKind.apply!(ctx, { ...input, runUnattended: true }, stale.found);
    expect(outputs).toMatchObject({ newestKey: 'Backup/c.vol1.difftar.gz', count: 1 });
    expect(mocks.ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, { Filters: [{ Name: 'tag:Name', Values: ['NFS Backup Agent'] }, { Name: 'instance-state-name', Values: ['running'] }] });
    expect(mocks.ssm).toHaveReceivedCommandWith(SendCommandCommand, { DocumentName: 'AWS-RunShellScript', InstanceIds: ['i-0abc0000000000001'] });
  });

  it('at a terminal the offer is the confirmation, so it runs without the parameter', async () => {
    listing(30);
    const ctx = stepContext({ interactive: true });
    mocks.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    await expect(recentBackupKind.apply!(ctx, input, {})).rejects.toThrow(/No running instance named NFS Backup Agent/);
  });

  it('lets a listing error through by name', async () => {
    mocks.s3.on(ListObjectsV2Command).rejects(awsError('NoSuchBucket', 'The specified bucket does not exist', 404));
    await expect(recentBackupKind.check(stepContext(), input)).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });
});
