/** RDS DB snapshots as `rds.dbSnapshot` reads them and `rds.dbSnapshotCopy` copies them to another region under its key. */
import { CopyDBSnapshotCommand, DescribeDBSnapshotsCommand } from '../../../src/aws/sdk/rds.js';
import { REGION, shapeOf, type ServiceContract } from '../harness.js';

const OTHER_REGION = 'us-west-2';
const FIELDS = ['DBSnapshotIdentifier', 'DBSnapshotArn', 'DBInstanceIdentifier', 'Engine', 'EngineVersion', 'AllocatedStorage', 'SnapshotType', 'Status', 'Encrypted', 'KmsKeyId', 'SnapshotCreateTime'];

export const rdsContract: ServiceContract = {
  service: 'rds',
  scenarios: [
    {
      name: 'a DB snapshot by its identifier, and its copy in another region: tags, a repeated copy, states',
      operations: ['rds:DescribeDBSnapshots', 'rds:CopyDBSnapshot'],
      async run(t) {
        const identifier = t.unique('contract-dbsnap');
        const arn = await t.arrange.dbSnapshot(REGION, identifier, await t.arrange.kmsKey(REGION));
        const described = await t.aws.rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: identifier }));
        t.observe('DescribeDBSnapshots', shapeOf(described, FIELDS.map((f) => `DBSnapshots[].${f}`)));
        const s = described.DBSnapshots?.[0];
        t.observe('the snapshot', [described.DBSnapshots?.length, s?.DBSnapshotArn === arn, s?.Status, s?.SnapshotType, s?.Encrypted]);
        t.observe('an unknown snapshot', await t.outcome(t.aws.rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: `${identifier}-none` }))));

        const keyArn = await t.arrange.kmsKey(OTHER_REGION);
        const west = t.aws.inRegion(OTHER_REGION).rds;
        const copy = () => west.send(new CopyDBSnapshotCommand({ SourceDBSnapshotIdentifier: arn, TargetDBSnapshotIdentifier: identifier, KmsKeyId: keyArn, CopyTags: true, Tags: [{ Key: 'runbook:id', Value: 'contract' }] }));
        const copied = await copy();
        t.observe('CopyDBSnapshot', shapeOf(copied, ['DBSnapshot.DBSnapshotIdentifier', 'DBSnapshot.DBSnapshotArn', 'DBSnapshot.Status']));
        t.observe('the same copy again', await t.outcome(copy()));
        const { value, states } = await t.until(
          'the copy available',
          () => west.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: identifier })).then((r) => r.DBSnapshots![0]!),
          (c) => c.Status === 'available',
          (c) => c.Status,
        );
        t.observe('states of the copy', states.every((st) => ['pending', 'creating', 'copying', 'available'].includes(st)));
        t.observe('the copy: in its region, under the key given, tagged', [value.DBSnapshotArn?.split(':')[3], value.KmsKeyId === keyArn, value.Encrypted, value.TagList?.some((g) => g.Key === 'runbook:id')]);
        t.observe('the copy names its source', value.SourceDBSnapshotIdentifier === arn);
      },
    },
  ],
};
