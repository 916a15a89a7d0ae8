/**
 * Runbook `openemr-recovery-stack`: seed 001, "Stack Operations" (stack.py's
 * options) and "Using the recovery stack" (before you begin, recover 1-3,
 * reconfigure 1-3). OpenEMR rebuilt from its backups as a recovery stack,
 * for a real recovery or, with teardown=true, as a drill that proves the
 * backups and cleans up after itself.
 */
import { join } from 'node:path';
import { checks, cloudformation, defineRunbook, ec2, firstOf, kms, manual, param, rds, route53, s3, template, type Condition } from '../../src/authoring/index.js';
import { scripts, here as dir } from './scripts.js';
import { decisions, sourceSteps } from './source-map.js';

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const RDS_SNAPSHOT_ARN = /^arn:aws[a-z-]*:rds:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:snapshot:(?:rds:)?[A-Za-z](?:[A-Za-z0-9]|-(?!-)){0,254}$/;
const BUCKET = /^(?!\d+\.\d+\.\d+\.\d+$)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:certificate\/[0-9a-f-]{36}$/;
const FILE = { pattern: /^[^\n\r\0]+$/, max: 4096, expected: 'a file path' };
const HIPAA_PHRASE = 'bastion-breaches-hipaa';
const RECOVERY_PARAMETERS = ['RecoveryCouchDBSnapshot', 'RecoveryKMSKey', 'RecoveryRDSSnapshotARN', 'RecoveryS3Bucket'];
const NFS_BACKUP_INSTANCE = 'NFS Backup Agent';

const regionOf = (arn: unknown) => (typeof arn === 'string' ? arn.split(':')[3] : undefined);
const given = (name: string): Condition => ({ describe: `${name} is given`, test: (p) => Boolean(p[name]) });
const isDrill: Condition = { describe: 'teardown is true (a drill)', test: (p) => p.teardown === true };

export default defineRunbook({
  id: 'openemr-recovery-stack',
  title: 'Restore OpenEMR from its backups as a recovery stack, or prove the backups with a drill',
  summary:
    "Checks the backups before anything is made (the Beanstalk archive, a recent EFS backup under Backup/ or runs /root/backup.sh through SSM, the three backups' times, each Recovery* input), copies the snapshots to the stack's region re-encrypted with a key of that region when needed, builds the recovery template (a file, or the operator's stack.py --recovery), validates it and creates the stack with termination protection while its events stream, then checks the login page and hands the person the checks only they can make. With teardown=true it is a drill: once everything is verified it deletes the stack and reports what the template keeps.",
  source: { file: '001_c66ae2a7e63217ff.txt', procedure: 'Stack Operations', steps: sourceSteps },
  dir,
  decisions,
  rehearsal: {
    params: {
      recoveryCouchDBSnapshot: 'snap-0ebb4f155ff27040c',
      recoveryKMSKey: 'arn:aws:kms:us-east-1:123456789012:key/6fc10c90-d550-4fd5-bb5c-c2416e31839a',
      recoveryRDSSnapshotARN: 'arn:aws:rds:us-east-1:123456789012:snapshot:openemr063-backup',
      recoveryS3Bucket: 'openemr-c49525c0-82e5-11e7-bcf4-50faeaa96461',
      templateFile: join(dir, 'sandbox', 'recovery-stack.yaml'),
      keyPair: 'openemr-recovery',
      teardown: true,
    },
    acks: ['no-patient-email', 'data-check', 'front-end-ssl'],
    seed: () => import('./sandbox-seed.js'),
  },
  simulation: () => import('./simulation.js'),
  params: {
    recoveryCouchDBSnapshot: param.awsId('snap', 'RecoveryCouchDBSnapshot: the EBS snapshot of the Patient Documents (CouchDB) volume', { example: 'snap-0ebb4f155ff27040c' }),
    recoveryKMSKey: param.string("RecoveryKMSKey: the ARN of the original stack's KMS key, which protects everything restored", {
      pattern: KMS_KEY_ARN,
      expected: 'a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/6fc10c90-d550-4fd5-bb5c-c2416e31839a',
    }),
    recoveryRDSSnapshotARN: param.string("RecoveryRDSSnapshotARN: the ARN of the original stack's RDS snapshot", {
      pattern: RDS_SNAPSHOT_ARN,
      expected: 'an RDS DB snapshot ARN such as arn:aws:rds:us-east-1:123456789012:snapshot:openemr063-backup',
    }),
    recoveryS3Bucket: param.string('RecoveryS3Bucket: the name of the bucket the original stack made (its EFS backup is under Backup/)', {
      pattern: BUCKET,
      max: 63,
      expected: 'an S3 bucket name such as openemr-c49525c0-82e5-11e7-bcf4-50faeaa96461',
    }),
    templateFile: param.string('The recovery template, JSON or YAML (instead of stackPy)', { optional: true, requiredWhen: { describe: 'stackPy is not given', test: (p) => !p.stackPy }, ...FILE }),
    stackPy: param.string("Your OpenEMR checkout's cloud/assets/troposphere/stack.py, run locally with --recovery (instead of templateFile)", { optional: true, ...FILE }),
    python: param.string('The Python that runs stack.py (troposphere installed)', { default: 'python3', pattern: /^[A-Za-z0-9._/-]+$/, expected: 'a command or path such as python3' }),
    dualAz: param.boolean('stack.py --dual-az: a stack that runs in two availability zones', { default: false }),
    beanstalkKey: param.string('stack.py --beanstalk-key: your own Elastic Beanstalk archive (its key in the archive bucket), checked to exist', {
      optional: true,
      pattern: /^[A-Za-z0-9._/-]{1,1024}$/,
      expected: 'an S3 object key such as openemr-custom.zip',
    }),
    beanstalkBucket: param.string("The bucket holding beanstalkKey (default: the template's RegionData RegionBucket for the region)", { optional: true, pattern: BUCKET, max: 63, expected: 'an S3 bucket name' }),
    dev: param.boolean('stack.py --dev: developer mode, with a world-visible bastion (breaches HIPAA with live patient data)', { default: false }),
    forceBastion: param.boolean('stack.py --force-bastion: the developer bastion only (breaches HIPAA with live patient data)', { default: false }),
    hipaaBreachAcknowledged: param.oneOf(
      'Type bastion-breaches-hipaa to confirm: the bastion of --dev / --force-bastion opens SSH to the world and breaches HIPAA with live patient data',
      [HIPAA_PHRASE],
      { optional: true, requiredWhen: { describe: 'dev or forceBastion is true', test: (p) => p.dev === true || p.forceBastion === true } },
    ),
    stackName: param.string('The recovery stack', { default: 'openemr-recovery', pattern: /^[A-Za-z][-A-Za-z0-9]{0,127}$/, expected: 'a stack name of letters, digits and dashes, starting with a letter' }),
    keyPair: param.name("EC2KeyPair: an existing key pair of the stack's region (stack.py's templates require one)", { optional: true }),
    timeZone: param.string('TimeZone, when the template declares it', { optional: true, max: 41, pattern: /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){0,2}$/, expected: 'a time zone such as America/Chicago' }),
    stackParameters: param.string("The template's other inputs, as Key=Value pairs separated by commas", { optional: true, max: 4096, pattern: /^[A-Za-z0-9]+=[^,\n\r]*(?:,[A-Za-z0-9]+=[^,\n\r]*)*$/, expected: 'Key=Value pairs such as DocumentStorage=500,PatientRecords=10' }),
    targetKMSKey: param.string("A KMS key of the stack's region for the copies, when the backups are in another region (KMS keys are regional)", {
      optional: true,
      pattern: KMS_KEY_ARN,
      expected: 'a KMS key ARN of the region the stack is made in',
    }),
    efsBackupMaxAgeHours: param.int('The newest EFS backup may be this old', { min: 1, max: 24 * 35, unit: 'hours', default: 24 }),
    runEfsBackup: param.boolean('When the EFS backup is older than that, run /root/backup.sh through SSM even in --non-interactive', { default: false }),
    backupInstanceId: param.awsId('i', `The NFS Backup instance (default: the running instance named ${NFS_BACKUP_INSTANCE})`, { optional: true }),
    backupWindowHours: param.int('The RDS snapshot, the CouchDB snapshot and the EFS backup should lie within this many hours', { min: 1, max: 24 * 7, unit: 'hours', default: 6 }),
    strictBackupSync: param.boolean('Fail, instead of warning, when they are further apart', { default: false }),
    otherMasterVolumeId: param.awsId('vol', "The other CouchDB master's volume: snapshot it too, and keep the snapshot", { optional: true }),
    templateBucket: param.string('Where a template over the 51,200-byte inline limit is uploaded (default: recoveryS3Bucket)', { optional: true, pattern: BUCKET, max: 63, expected: 'an S3 bucket name' }),
    stackTimeoutMinutes: param.int('CreateStack gives up after this long', { min: 10, max: 24 * 60, unit: 'minutes', default: 120 }),
    certificateArn: param.string('The ACM certificate to reassign to the front end (named in the instructions)', { optional: true, pattern: CERTIFICATE_ARN, expected: 'an ACM certificate ARN' }),
    dnsZone: param.hostedZone('Route53 zone for a DNS record pointing at the recovery stack (not in a drill)', { optional: true }),
    dnsName: param.hostname('The DNS name to point at the recovery stack', { optional: true }),
    longTermRecovery: param.boolean('A full, long-term recovery: the VPN is reconfigured (chapter 4)', { default: false }),
    teardown: param.boolean('A drill: delete the recovery stack once every check passed', { default: false }),
  },
  validate(p) {
    if (p.templateFile && p.stackPy) return 'Parameters templateFile and stackPy: expected one of them, not both (a recovery template, or your stack.py to generate it).';
    if (p.templateFile && (p.dualAz || p.dev || p.forceBastion)) return 'Parameters dualAz, dev and forceBastion are options of stack.py: give stackPy, or build them into templateFile.';
    if (p.recoveryKMSKey && p.recoveryRDSSnapshotARN && regionOf(p.recoveryKMSKey) !== regionOf(p.recoveryRDSSnapshotARN))
      return `Parameters recoveryKMSKey and recoveryRDSSnapshotARN: expected the original stack's key and snapshot, of one region (got ${regionOf(p.recoveryKMSKey)} and ${regionOf(p.recoveryRDSSnapshotARN)}).`;
    if (p.targetKMSKey && p.recoveryRDSSnapshotARN && regionOf(p.targetKMSKey) === regionOf(p.recoveryRDSSnapshotARN))
      return `Parameter targetKMSKey: expected a key of the region the stack is made in, not of the backups' region ${regionOf(p.recoveryRDSSnapshotARN)} (there recoveryKMSKey is used).`;
    if (Boolean(p.dnsZone) !== Boolean(p.dnsName)) return 'Parameters dnsZone and dnsName: expected both or neither.';
    if (p.teardown && p.dnsName) return 'Parameter dnsName: a drill deletes its stack, and the record would point at nothing; leave DNS out of a drill.';
    if (p.teardown && p.longTermRecovery) return 'Parameters teardown and longTermRecovery: a long-term recovery keeps its stack; choose one.';
    return undefined;
  },
  steps: (params) => {
    // Before you begin: read-only checks of the backups and inputs, in the backups' region (the one in their ARNs).
    const rdsSnapshot = rds.dbSnapshot('rds-snapshot', { covers: '2-rds', what: 'the RDS snapshot (RecoveryRDSSnapshotARN)', snapshotArn: params.recoveryRDSSnapshotARN });
    const kmsKey = kms.key('kms-key', { covers: '2-kms', what: "the original stack's KMS key (RecoveryKMSKey)", keyArn: params.recoveryKMSKey });
    const bucket = s3.bucket('s3-bucket', { covers: '2-s3', what: "the original stack's bucket (RecoveryS3Bucket)", bucket: params.recoveryS3Bucket, region: rdsSnapshot.out.region });
    const couchSnapshot = ec2.snapshot('couchdb-snapshot', {
      covers: '2-couchdb, begin-4',
      what: 'the CouchDB volume snapshot (RecoveryCouchDBSnapshot)',
      snapshotId: params.recoveryCouchDBSnapshot,
      region: rdsSnapshot.out.region,
      notes: [
        'Note: only one of the two CouchDB masters is backed up. They replicate master-master, so this snapshot should hold every document; pass otherMasterVolumeId to snapshot the other master too, and keep it.',
      ],
    });
    const otherMaster = ec2.volumeSnapshot('other-master-snapshot', {
      covers: 'begin-4',
      title: "Snapshot the other CouchDB master's volume",
      when: given('otherMasterVolumeId'),
      volumeId: firstOf(params.otherMasterVolumeId),
      region: rdsSnapshot.out.region,
      name: 'openemr-recovery other CouchDB master',
      description: 'The second CouchDB master, kept beside the stack backup (runbook openemr-recovery-stack)',
    });
    const efsBackup = s3.recentBackup('efs-backup', {
      covers: 'begin-2',
      title: 'The EFS backup under Backup/ is recent',
      bucket: params.recoveryS3Bucket,
      region: bucket.out.region,
      prefix: 'Backup/',
      suffixes: ['.gz', '.gpg'],
      maxAgeHours: params.efsBackupMaxAgeHours,
      backup: { instanceId: params.backupInstanceId, instanceName: NFS_BACKUP_INSTANCE, script: scripts.efsBackup.with({ BUCKET: params.recoveryS3Bucket }), what: '/root/backup.sh' },
      runUnattended: params.runEfsBackup,
    });
    const inSync = checks.timesClose('backups-in-sync', {
      covers: 'begin-3',
      times: { 'RDS snapshot (patient records)': rdsSnapshot.out.createTime, 'CouchDB volume snapshot (patient documents)': couchSnapshot.out.startTime, 'newest EFS backup (files)': efsBackup.out.newestAt },
      windowHours: params.backupWindowHours,
      strict: params.strictBackupSync,
      risk: 'patient records, patient documents and files may restore to different moments and disagree (the source\'s desynchronisation note)',
    });

    // Step 1: the template, read (or generated by stack.py --recovery) and checked before any write.
    const tmpl = cloudformation.template('template', {
      covers: '1, recovery, dual-az, beanstalk-key, dev, force-bastion, stack-py',
      title: 'The recovery template (a file, or stack.py --recovery)',
      file: params.templateFile,
      generate: {
        stackPy: firstOf(params.stackPy),
        python: params.python,
        options: { '--recovery': true, '--dual-az': params.dualAz, '--beanstalk-key': params.beanstalkKey, '--dev': params.dev, '--force-bastion': params.forceBastion },
      },
      mustDeclare: RECOVERY_PARAMETERS,
      kindOfTemplate: 'a recovery template (stack.py --recovery)',
      bastionAcknowledged: firstOf(params.hipaaBreachAcknowledged),
      regionMapping: { map: 'RegionData', key: 'RegionBucket' },
    });
    const archive = s3.object('beanstalk-archive', {
      covers: 'begin-1, beanstalk-key',
      title: 'Your Beanstalk archive is in the bucket the template reads',
      when: given('beanstalkKey'),
      what: 'the Beanstalk archive (beanstalkKey)',
      bucket: firstOf(params.beanstalkBucket, tmpl.out.regionValue),
      key: firstOf(params.beanstalkKey),
      hint: "upload your deployed Beanstalk archive there, or give beanstalkBucket (the source: hardcode your archive bucket in stack.py's RegionData mapping)",
    });

    // Before you begin, last bullet: the snapshots where the stack is made, side by side.
    const targetKey = kms.key('target-kms-key', { covers: 'begin-5', when: given('targetKMSKey'), what: "the key of the stack's region for the copies (targetKMSKey)", keyArn: firstOf(params.targetKMSKey) });
    const copyOrder = [inSync, efsBackup, archive, otherMaster, targetKey];
    const couchCopy = ec2.snapshotCopy('copy-couchdb-snapshot', {
      covers: 'begin-5',
      title: "Copy the CouchDB snapshot to the stack's region (when the backups are elsewhere)",
      after: copyOrder,
      snapshotId: couchSnapshot.out.snapshotId,
      sourceRegion: couchSnapshot.out.region,
      kmsKeyId: params.targetKMSKey,
      name: 'openemr-recovery CouchDB snapshot copy',
    });
    const rdsCopy = rds.dbSnapshotCopy('copy-rds-snapshot', {
      covers: 'begin-5',
      title: "Copy the RDS snapshot to the stack's region (when the backups are elsewhere)",
      after: copyOrder,
      snapshotArn: rdsSnapshot.out.snapshotArn,
      kmsKeyId: params.targetKMSKey,
      sourceKmsKeyArn: kmsKey.out.keyArn,
    });

    const upload = cloudformation.templateUpload('upload-template', {
      covers: '1',
      path: tmpl.out.path,
      sha256: tmpl.out.sha256,
      bytes: tmpl.out.bytes,
      bucket: firstOf(params.templateBucket, params.recoveryS3Bucket),
      region: bucket.out.region,
      keyPrefix: 'runbook/openemr-recovery-stack/templates/',
    });
    const validate = cloudformation.validateTemplate('validate-template', { covers: '1, stack-py', path: tmpl.out.path, sha256: tmpl.out.sha256, templateUrl: upload.out.templateUrl, mustDeclare: RECOVERY_PARAMETERS });

    // Step 2: the stack, from the four recovery inputs (the copies, when made) and the template's other inputs.
    const stack = cloudformation.stack('create-stack', {
      covers: '2, 2-couchdb, 2-kms, 2-rds, 2-s3, 2-deduced, dev-bastion',
      title: 'Create the recovery stack (termination protection on) and wait for it',
      stackName: params.stackName,
      path: tmpl.out.path,
      sha256: tmpl.out.sha256,
      templateUrl: upload.out.templateUrl,
      parameters: {
        RecoveryCouchDBSnapshot: couchCopy.out.snapshotId,
        RecoveryKMSKey: rdsCopy.out.kmsKeyArn,
        RecoveryRDSSnapshotARN: rdsCopy.out.snapshotArn,
        RecoveryS3Bucket: params.recoveryS3Bucket,
        EC2KeyPair: params.keyPair,
        TimeZone: params.timeZone,
      },
      extraParameters: params.stackParameters,
      declared: tmpl.out.declared,
      required: tmpl.out.required,
      capabilities: validate.out.capabilities,
      identity: RECOVERY_PARAMETERS,
      terminationProtection: true,
      acceptProvenDrill: params.teardown,
      urlOutput: 'OpenEMR',
      timeoutMinutes: params.stackTimeoutMinutes,
    });

    // Reconfigure 1 (the part a machine can check) and 3 (before anyone logs in).
    const login = cloudformation.stackPage('login-page', {
      covers: 'reconfigure-1',
      title: "Verify: OpenEMR's login page answers through the stack's URL",
      stackId: stack.out.stackId,
      url: stack.out.url,
      path: '/interface/login/login.php',
      expectStatus: 200,
      expectText: 'login',
      waitSeconds: 900,
    });
    const noEmail = manual('no-patient-email', {
      covers: 'reconfigure-3',
      title: 'Checkpoint: nothing may email or alert patients',
      after: [login],
      instructions: template(dir, 'instructions/patient-email.md'),
      vars: { STACK: params.stackName, URL: stack.out.url },
      alreadyDone: stack.out.provenBy,
    });
    const dataCheck = manual('data-check', {
      covers: 'reconfigure-1',
      title: 'Log in and check the records, documents and settings',
      after: [noEmail],
      instructions: template(dir, 'instructions/data-check.md'),
      vars: { STACK: params.stackName, URL: stack.out.url, RDS_SNAPSHOT: rdsCopy.out.snapshotArn, COUCHDB_SNAPSHOT: couchCopy.out.snapshotId, BUCKET: params.recoveryS3Bucket },
      alreadyDone: stack.out.provenBy,
    });

    // Step 3: front-end SSL (chapter 3), and DNS only outside a drill.
    const ssl = manual('front-end-ssl', {
      covers: '3',
      title: 'Reassign the front-end SSL certificate (chapter 3)',
      after: [noEmail],
      instructions: template(dir, 'instructions/front-end-ssl.md'),
      vars: { STACK: params.stackName, REGION: stack.out.region, HOST: stack.out.host, CERTIFICATE_ARN: firstOf(params.certificateArn, 'not given') },
      alreadyDone: stack.out.provenBy,
    });
    const dns = route53.record('dns-record', {
      covers: '3',
      title: 'Point the DNS name at the recovery stack',
      when: given('dnsZone'),
      after: [noEmail],
      zone: firstOf(params.dnsZone),
      name: firstOf(params.dnsName),
      type: 'CNAME',
      values: [stack.out.host],
      ttl: 300,
    });
    const vpn = manual('vpn', {
      covers: 'reconfigure-2',
      title: 'Reconfigure the VPN (chapter 4)',
      when: { describe: 'longTermRecovery is true', test: (p) => p.longTermRecovery === true },
      after: [dataCheck],
      instructions: template(dir, 'instructions/vpn.md'),
      vars: { STACK: params.stackName },
    });

    // The drill: once every check passed, the stack goes, and what stays is said.
    const teardown = cloudformation.deleteStack('teardown', {
      covers: 'testing',
      title: 'Drill: delete the recovery stack and report what is left',
      when: isDrill,
      after: [login, noEmail, dataCheck, ssl],
      stackId: stack.out.stackId,
      stackName: params.stackName,
      kept: tmpl.out.kept,
      alsoLeft: [couchCopy.out.note, rdsCopy.out.note],
    });

    return [rdsSnapshot, kmsKey, bucket, couchSnapshot, otherMaster, efsBackup, inSync, tmpl, archive, targetKey, couchCopy, rdsCopy, upload, validate, stack, login, noEmail, dataCheck, ssl, dns, vpn, teardown];
  },
});
