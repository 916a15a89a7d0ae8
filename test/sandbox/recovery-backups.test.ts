/** The sandbox's EBS snapshots, RDS DB snapshots, KMS keys and S3 listings, across regions, through the real SDK. */
import { CopySnapshotCommand, CreateSnapshotCommand, DescribeSnapshotsCommand } from '../../src/aws/sdk/ec2.js';
import { DescribeKeyCommand } from '../../src/aws/sdk/kms.js';
import { CopyDBSnapshotCommand, DeleteDBSnapshotCommand, DescribeDBSnapshotsCommand } from '../../src/aws/sdk/rds.js';
import { HeadBucketCommand, ListObjectsV2Command } from '../../src/aws/sdk/s3.js';
import { describe, expect, it } from 'vitest';
import { defineAccountSeed } from '../../src/sandbox/account/fixtures.js';
import { newSandbox, simulatedWait } from './helpers.js';

const SOURCE_KEY = '6fc10c90-d550-4fd5-bb5c-c2416e31839a';
const TARGET_KEY = '1b2c3d4e-0000-4000-8000-00000000abcd';
const ARN = (region: string, key: string) => `arn:aws:kms:${region}:123456789012:key/${key}`;

const seed = defineAccountSeed({
  kmsKeys: [
    { region: 'us-east-1', keyId: SOURCE_KEY },
    { region: 'eu-west-1', keyId: TARGET_KEY },
    { region: 'eu-west-1', keyId: '2b2c3d4e-0000-4000-8000-00000000abcd', state: 'Disabled' },
  ],
  volumes: [{ region: 'us-east-1', volumeId: 'vol-0aaaaaaaaaaaaaaa1', sizeGiB: 500 }],
  ebsSnapshots: [{ region: 'us-east-1', snapshotId: 'snap-0ebb4f155ff27040c', volumeId: 'vol-0aaaaaaaaaaaaaaa1', sizeGiB: 500, ageHours: 3, encrypted: true, kmsKeyId: ARN('us-east-1', SOURCE_KEY) }],
  dbSnapshots: [
    { region: 'us-east-1', identifier: 'openemr063-backup', instanceIdentifier: 'openemr063', engine: 'mysql', engineVersion: '8.0.39', allocatedStorage: 10, ageHours: 2, encrypted: true, kmsKeyId: ARN('us-east-1', SOURCE_KEY) },
    { region: 'us-east-1', identifier: 'rds:openemr063-2026-12-01-06-10', instanceIdentifier: 'openemr063', engine: 'mysql', engineVersion: '8.0.39', allocatedStorage: 10, ageHours: 30, type: 'automated' },
  ],
  buckets: [{ name: 'openemr-backups', region: 'us-east-1', objects: Array.from({ length: 7 }, (_, i) => ({ key: `Backup/part-${i}.gz`, ageHours: 10 - i })) }],
});

function seeded() {
  const world = newSandbox();
  world.sandbox.applySeed(seed, 'test');
  return { ...world, eu: world.aws.inRegion('eu-west-1') };
}

describe('sandbox KMS', () => {
  it('describes a key by id or ARN in its own region, and answers NotFoundException elsewhere', async () => {
    const { aws, eu } = seeded();
    const key = (await aws.kms.send(new DescribeKeyCommand({ KeyId: ARN('us-east-1', SOURCE_KEY) }))).KeyMetadata!;
    expect(key).toMatchObject({ KeyId: SOURCE_KEY, Arn: ARN('us-east-1', SOURCE_KEY), KeyState: 'Enabled', Enabled: true, KeyManager: 'CUSTOMER' });
    await expect(eu.kms.send(new DescribeKeyCommand({ KeyId: ARN('us-east-1', SOURCE_KEY) }))).rejects.toMatchObject({ name: 'NotFoundException', message: 'Invalid arn' });
    await expect(aws.kms.send(new DescribeKeyCommand({ KeyId: TARGET_KEY }))).rejects.toMatchObject({ name: 'NotFoundException', message: `Key '${ARN('us-east-1', TARGET_KEY)}' does not exist` });
  });
});

describe('sandbox EBS snapshots', () => {
  it('describes, pages, and copies to another region with a key of that region; a bad key ends the copy in error', async () => {
    const { aws, eu } = seeded();
    const [source] = (await aws.ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: ['snap-0ebb4f155ff27040c'] }))).Snapshots!;
    expect(source).toMatchObject({ State: 'completed', Progress: '100%', VolumeSize: 500, Encrypted: true, OwnerId: '123456789012' });
    await expect(aws.ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: ['snap-0000000000000000a'] }))).rejects.toMatchObject({ name: 'InvalidSnapshot.NotFound' });

    const tags = [{ ResourceType: 'snapshot' as const, Tags: [{ Key: 'runbook:id', Value: 'test' }] }];
    await expect(eu.ec2.send(new CopySnapshotCommand({ SourceRegion: 'us-east-1', SourceSnapshotId: 'snap-0ebb4f155ff27040c', KmsKeyId: TARGET_KEY }))).rejects.toMatchObject({ name: 'InvalidParameterDependency' });
    const copy = await eu.ec2.send(new CopySnapshotCommand({ SourceRegion: 'us-east-1', SourceSnapshotId: 'snap-0ebb4f155ff27040c', Encrypted: true, KmsKeyId: ARN('eu-west-1', TARGET_KEY), TagSpecifications: tags }));
    const bad = await eu.ec2.send(new CopySnapshotCommand({ SourceRegion: 'us-east-1', SourceSnapshotId: 'snap-0ebb4f155ff27040c', Encrypted: true, KmsKeyId: ARN('us-east-1', SOURCE_KEY) }));
    const pending = (await eu.ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [copy.SnapshotId!] }))).Snapshots![0]!;
    expect(pending).toMatchObject({ State: 'pending', KmsKeyId: ARN('eu-west-1', TARGET_KEY), Tags: [{ Key: 'runbook:id', Value: 'test' }] });
    expect(pending.StartTime!.getTime()).toBeGreaterThan(source!.StartTime!.getTime());
    // The copy is in the destination region only.
    await expect(aws.ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [copy.SnapshotId!] }))).rejects.toMatchObject({ name: 'InvalidSnapshot.NotFound' });
    const byTag = await eu.ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'tag:runbook:id', Values: ['test'] }] }));
    expect(byTag.Snapshots!.map((s) => s.SnapshotId)).toEqual([copy.SnapshotId]);

    await simulatedWait(91);
    const done = await eu.ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [copy.SnapshotId!, bad.SnapshotId!] }));
    const state = Object.fromEntries(done.Snapshots!.map((s) => [s.SnapshotId, [s.State, s.StateMessage]]));
    expect(state[copy.SnapshotId!]).toEqual(['completed', undefined]);
    expect(state[bad.SnapshotId!]).toEqual(['error', 'Given key ID is not accessible']);

    const snap = await aws.ec2.send(new CreateSnapshotCommand({ VolumeId: 'vol-0aaaaaaaaaaaaaaa1', Description: 'other master' }));
    expect(snap).toMatchObject({ State: 'pending', VolumeId: 'vol-0aaaaaaaaaaaaaaa1', VolumeSize: 500 });
    const first = await aws.ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], MaxResults: 5 }));
    expect(first.Snapshots).toHaveLength(2);
    expect(first.NextToken).toBeUndefined();
  });
});

describe('sandbox RDS snapshots', () => {
  it('describes by identifier, automated ones with their type, and copies across regions with a key of the destination', async () => {
    const { aws, eu } = seeded();
    const [s] = (await aws.rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'openemr063-backup' }))).DBSnapshots!;
    expect(s).toMatchObject({ Status: 'available', Engine: 'mysql', DBSnapshotArn: 'arn:aws:rds:us-east-1:123456789012:snapshot:openemr063-backup', SnapshotType: 'manual' });
    await expect(aws.rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'rds:openemr063-2026-12-01-06-10' }))).rejects.toMatchObject({ name: 'DBSnapshotNotFoundFault' });
    const automated = await aws.rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'rds:openemr063-2026-12-01-06-10', SnapshotType: 'automated' }));
    expect(automated.DBSnapshots![0]!.SnapshotType).toBe('automated');
    await expect(aws.rds.send(new DescribeDBSnapshotsCommand({ MaxRecords: 5 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });

    const source = 'arn:aws:rds:us-east-1:123456789012:snapshot:openemr063-backup';
    await expect(eu.rds.send(new CopyDBSnapshotCommand({ SourceDBSnapshotIdentifier: source, TargetDBSnapshotIdentifier: 'openemr063-backup-copy' }))).rejects.toMatchObject({ name: 'InvalidParameterCombination' });
    await expect(eu.rds.send(new CopyDBSnapshotCommand({ SourceDBSnapshotIdentifier: source, TargetDBSnapshotIdentifier: 'x-copy', KmsKeyId: '2b2c3d4e-0000-4000-8000-00000000abcd' }))).rejects.toMatchObject({ name: 'KMSKeyNotAccessibleFault' });
    const copy = (await eu.rds.send(new CopyDBSnapshotCommand({ SourceDBSnapshotIdentifier: source, TargetDBSnapshotIdentifier: 'openemr063-backup-copy', KmsKeyId: ARN('eu-west-1', TARGET_KEY), Tags: [{ Key: 'runbook:id', Value: 'test' }] }))).DBSnapshot!;
    expect(copy).toMatchObject({ Status: 'creating', SourceRegion: 'us-east-1', SourceDBSnapshotIdentifier: source, KmsKeyId: ARN('eu-west-1', TARGET_KEY), DBSnapshotArn: 'arn:aws:rds:eu-west-1:123456789012:snapshot:openemr063-backup-copy' });
    expect(copy.OriginalSnapshotCreateTime).toEqual(s!.SnapshotCreateTime);
    expect(copy.SnapshotCreateTime!.getTime()).toBeGreaterThan(s!.SnapshotCreateTime!.getTime());
    await expect(eu.rds.send(new CopyDBSnapshotCommand({ SourceDBSnapshotIdentifier: source, TargetDBSnapshotIdentifier: 'openemr063-backup-copy', KmsKeyId: TARGET_KEY }))).rejects.toMatchObject({ name: 'DBSnapshotAlreadyExistsFault' });
    await simulatedWait(121);
    const [done] = (await eu.rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'openemr063-backup-copy' }))).DBSnapshots!;
    expect(done).toMatchObject({ Status: 'available', PercentProgress: 100, TagList: [{ Key: 'runbook:id', Value: 'test' }] });
  });

  it('deletes a manual snapshot at once (a copy in progress too), refuses an automated one, and answers DBSnapshotNotFoundFault after', async () => {
    const { aws, eu } = seeded();
    const source = 'arn:aws:rds:us-east-1:123456789012:snapshot:openemr063-backup';
    await eu.rds.send(new CopyDBSnapshotCommand({ SourceDBSnapshotIdentifier: source, TargetDBSnapshotIdentifier: 'openemr063-backup-copy', KmsKeyId: TARGET_KEY }));
    const deleted = (await eu.rds.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: 'openemr063-backup-copy' }))).DBSnapshot!;
    expect(deleted).toMatchObject({ DBSnapshotIdentifier: 'openemr063-backup-copy', Status: 'deleted' });
    await expect(eu.rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'openemr063-backup-copy' }))).rejects.toMatchObject({ name: 'DBSnapshotNotFoundFault' });
    await expect(eu.rds.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: 'openemr063-backup-copy' }))).rejects.toMatchObject({ name: 'DBSnapshotNotFoundFault', $metadata: { httpStatusCode: 404 } });
    await expect(eu.rds.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: 'openemr063-backup' }))).rejects.toMatchObject({ name: 'DBSnapshotNotFoundFault' });
    await expect(aws.rds.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: 'rds:openemr063-2026-12-01-06-10' }))).rejects.toMatchObject({ name: 'InvalidDBSnapshotStateFault' });
    expect((await aws.rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'openemr063-backup' }))).DBSnapshots).toHaveLength(1);
  });
});

describe('sandbox S3 listings', () => {
  it('lists a prefix page by page in key order, with continuation tokens, and heads the bucket for its region', async () => {
    const { aws } = seeded();
    expect(await aws.s3.send(new HeadBucketCommand({ Bucket: 'openemr-backups' }))).toMatchObject({ BucketRegion: 'us-east-1' });
    await expect(aws.s3.send(new HeadBucketCommand({ Bucket: 'nope-bucket' }))).rejects.toMatchObject({ name: 'NotFound' });
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await aws.s3.send(new ListObjectsV2Command({ Bucket: 'openemr-backups', Prefix: 'Backup/', MaxKeys: 3, ContinuationToken: token }));
      keys.push(...(res.Contents ?? []).map((c) => c.Key!));
      expect(res.KeyCount).toBe(res.Contents?.length ?? 0);
      token = res.NextContinuationToken;
      expect(res.IsTruncated).toBe(token !== undefined);
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(keys).toEqual(Array.from({ length: 7 }, (_, i) => `Backup/part-${i}.gz`));
    await expect(aws.s3.send(new ListObjectsV2Command({ Bucket: 'openemr-backups', ContinuationToken: 'bogus' }))).rejects.toMatchObject({ name: 'InvalidArgument' });
    await expect(aws.s3.send(new ListObjectsV2Command({ Bucket: 'nope-bucket' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });
});
