/**
 * EBS snapshots as `ec2.volumeSnapshot` (and the volume undo) take them and
 * `ec2.snapshotCopy` copies them to another region under that region's key:
 * tagged as they are made, found again by volume and tags, waited for.
 */
import { CopySnapshotCommand, CreateSnapshotCommand, CreateVolumeCommand, DescribeSnapshotsCommand, DescribeVolumesCommand } from '../../../src/aws/sdk/ec2.js';
import { REGION, shapeOf, type Probe, type Scenario } from '../harness.js';

const OTHER_REGION = 'us-west-2';
const SNAPSHOT_STATES = ['pending', 'completed'];
const SNAPSHOT_FIELDS = ['SnapshotId', 'VolumeId', 'VolumeSize', 'State', 'Progress', 'StartTime', 'Encrypted', 'OwnerId', 'Tags[].Key'];

function completed(t: Probe, ec2: Probe['aws']['ec2'], id: string) {
  return t.until(
    `${id} completed`,
    () => ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [id] })).then((r) => r.Snapshots?.[0]),
    (s) => s?.State === 'completed',
    (s) => s?.State ?? 'not visible',
  );
}

export const ec2Snapshots: Scenario[] = [
  {
    name: 'EBS snapshots as ec2.volumeSnapshot and ec2.snapshotCopy take them: tagged, found by volume and tags, states, copied under another region key',
    operations: ['ec2:CreateSnapshot', 'ec2:DescribeSnapshots', 'ec2:CopySnapshot'],
    async run(t) {
      const name = t.unique('contract-snapshot');
      const tags = (extra: { Key: string; Value: string }[] = []) => [{ ResourceType: 'snapshot' as const, Tags: [{ Key: 'Name', Value: name }, { Key: 'runbook:id', Value: 'contract' }, ...extra] }];
      const volumeId = (await t.aws.ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${REGION}a`, Size: 8, VolumeType: 'gp3', Encrypted: true }))).VolumeId!;
      await t.until('volume available', () => t.aws.ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] })).then((r) => r.Volumes![0]!), (v) => v.State === 'available');
      const created = await t.aws.ec2.send(new CreateSnapshotCommand({ VolumeId: volumeId, Description: 'contract', TagSpecifications: tags() }));
      t.observe('CreateSnapshot', shapeOf(created, SNAPSHOT_FIELDS));
      const id = created.SnapshotId!;
      const own = await t.aws.ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'volume-id', Values: [volumeId] }, { Name: 'tag:runbook:id', Values: ['contract'] }, { Name: 'tag:Name', Values: [name] }] }));
      t.observe('found by its volume and tags', own.Snapshots?.map((s) => s.SnapshotId === id));
      const { value: done, states } = await completed(t, t.aws.ec2, id);
      t.observe('states on the way to completed', states.every((s) => [...SNAPSHOT_STATES, 'not visible'].includes(s)));
      t.observe('DescribeSnapshots', shapeOf(done, [...SNAPSHOT_FIELDS, 'KmsKeyId']));
      t.observe('the snapshot: of its volume, its size, encrypted', [done?.VolumeId === volumeId, done?.VolumeSize, done?.Encrypted, done?.Progress]);
      t.observe('an unknown snapshot', await t.outcome(t.aws.ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: ['snap-0000000000000dead'] }))));

      const keyArn = await t.arrange.kmsKey(OTHER_REGION);
      const west = t.aws.inRegion(OTHER_REGION).ec2;
      t.observe('the source from the other region', await t.outcome(west.send(new DescribeSnapshotsCommand({ SnapshotIds: [id] }))));
      const source = { Key: 'runbook:source-snapshot', Value: `${REGION}/${id}` };
      const copy = await west.send(new CopySnapshotCommand({ SourceRegion: REGION, SourceSnapshotId: id, Encrypted: true, KmsKeyId: keyArn, Description: 'contract copy', TagSpecifications: tags([source]) }));
      t.observe('CopySnapshot', shapeOf(copy, ['SnapshotId', 'Tags[].Key']));
      const found = await west.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'tag:runbook:id', Values: ['contract'] }, { Name: `tag:${source.Key}`, Values: [source.Value] }] }));
      t.observe('the copy by its source tag', found.Snapshots?.map((s) => s.SnapshotId === copy.SnapshotId));
      const copied = await completed(t, west, copy.SnapshotId!);
      t.observe('states of the copy', copied.states.every((s) => [...SNAPSHOT_STATES, 'not visible'].includes(s)));
      t.observe('the copy: encrypted under the key given', [copied.value?.Encrypted, copied.value?.KmsKeyId === keyArn, copied.value?.VolumeSize]);
    },
  },
];
