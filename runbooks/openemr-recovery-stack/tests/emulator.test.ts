/**
 * openemr-recovery-stack against moto, on backups made there with the SDK as
 * the original stack leaves them: its KMS key, its bucket with an EFS backup
 * under Backup/, the CouchDB volume's snapshot, the RDS snapshot, a key pair.
 * A dry-run checks every backup and input against moto's answers, validates
 * the template and sends no write. The real run gets as far as CreateStack,
 * which moto's CloudFormation refuses for the document volume made from a
 * snapshot without a size (AWS takes SnapshotId alone): one sentence, the
 * state kept, nothing made, and a second run checks the same and stops at
 * the same place.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CreateKeyPairCommand, CreateSnapshotCommand, CreateVolumeCommand } from '../../../src/aws/sdk/ec2.js';
import { CreateKeyCommand, KMSClient } from '../../../src/aws/sdk/kms.js';
import { CreateDBInstanceCommand, CreateDBSnapshotCommand, RDSClient } from '../../../src/aws/sdk/rds.js';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '../../../src/aws/sdk/s3.js';
import { tempStateDir } from '../../../test/helpers/cli.js';
import { motoClients, runOnMoto, statuses, writesSent, type RunOutcome } from '../../../test/emulator/cli.js';
import { EMULATOR_REGION, motoAvailable, useMoto } from '../../../test/emulator/moto.js';
import definition from '../index.js';

const BUCKET = 'openemr-c49525c0-82e5-11e7-bcf4-50faeaa96461';
const TEMPLATE = String(definition.rehearsal!.params.templateFile);

describe.skipIf(!motoAvailable())('openemr-recovery-stack against moto', () => {
  const moto = useMoto();
  const dir = tempStateDir('openemr-recovery-moto-');
  let params: string[] = [];
  let dry: RunOutcome;
  let real: RunOutcome;
  let again: RunOutcome;

  beforeAll(async () => {
    const config = { endpoint: moto.current.endpoint, region: EMULATOR_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1, forcePathStyle: true };
    const aws = motoClients(moto.current);
    const kms = new KMSClient(config);
    const rds = new RDSClient(config);
    const s3 = new S3Client(config);
    const keyArn = (await kms.send(new CreateKeyCommand({ Description: 'the original stack\'s key' }))).KeyMetadata!.Arn!;
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'Backup/backup.tar.gz', Body: 'efs backup' }));
    const volume = (await aws.ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${EMULATOR_REGION}a`, Size: 10, Encrypted: true, KmsKeyId: keyArn }))).VolumeId!;
    const snapshot = (await aws.ec2.send(new CreateSnapshotCommand({ VolumeId: volume, Description: 'CouchDB documents' }))).SnapshotId!;
    await rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: 'openemr063', Engine: 'mysql', DBInstanceClass: 'db.t3.medium', AllocatedStorage: 20, MasterUsername: 'openemr', MasterUserPassword: 'not-used-anywhere-1', StorageEncrypted: true, KmsKeyId: keyArn }));
    const dbSnapshot = (await rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'openemr063', DBSnapshotIdentifier: 'openemr063-backup' }))).DBSnapshot!.DBSnapshotArn!;
    await aws.ec2.send(new CreateKeyPairCommand({ KeyName: 'openemr-recovery' }));
    params = ['--param', `recoveryCouchDBSnapshot=${snapshot}`, '--param', `recoveryKMSKey=${keyArn}`, '--param', `recoveryRDSSnapshotARN=${dbSnapshot}`, '--param', `recoveryS3Bucket=${BUCKET}`, '--param', `templateFile=${TEMPLATE}`, '--param', 'keyPair=openemr-recovery', '--param', 'teardown=true'];
    for (const c of [kms, rds, s3]) c.destroy();
    aws.destroy();
    dry = await runOnMoto(moto.current, dir, ['run', 'openemr-recovery-stack', '--non-interactive', '--dry-run', ...params]);
    real = await runOnMoto(moto.current, dir, ['run', 'openemr-recovery-stack', '--non-interactive', ...params]);
    again = await runOnMoto(moto.current, dir, ['run', 'openemr-recovery-stack', '--non-interactive', ...params]);
  });

  const CHECKS = { 'rds-snapshot': 'ok', 'kms-key': 'ok', 's3-bucket': 'ok', 'couchdb-snapshot': 'ok', 'efs-backup': 'ok', 'backups-in-sync': 'ok', template: 'ok' };

  it('a dry-run checks every backup and input against moto, validates the template and sends no write', () => {
    expect(dry.code, dry.stderr).toBe(0);
    expect(writesSent(dry.state)).toEqual([]);
    expect(statuses(dry.state)).toMatchObject({ ...CHECKS, 'validate-template': 'ok' });
    expect(dry.stderr).toMatch(/cloudformation:CreateStack/);
  });

  it("runs to CreateStack, which moto's CloudFormation refuses with one sentence, and makes nothing else", () => {
    expect(real.code).toBe(1);
    expect(real.stderr).toMatch(/^Step create-stack failed: MissingParameter calling cloudformation:CreateStack: The request must contain the parameter size\/snapshot\.$/m);
    expect(statuses(real.state)).toMatchObject({ ...CHECKS, 'upload-template': 'ok', 'validate-template': 'ok', 'create-stack': 'failed', 'login-page': 'pending', teardown: 'pending' });
    expect(writesSent(real.state)).toEqual(['create-stack cloudformation:CreateStack']);
  });

  it('a second run checks the same backups and stops at the same place', () => {
    expect(again.code).toBe(1);
    expect(statuses(again.state)).toEqual(statuses(real.state));
  });
});
