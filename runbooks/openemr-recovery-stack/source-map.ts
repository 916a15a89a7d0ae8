/**
 * The source procedure's steps, in its order, and the decisions taken where
 * the runbook does not do what the text says. The source numbers only its
 * two lists ("Recover your backups" 1-3, "Reconfigure your stack" 1-3); its
 * other instructions are labelled here as a reader would point at them:
 * stack.py's options by name, `stack-py` the block that runs it, `testing`
 * the "Using the recovery stack" paragraph, `begin-1`..`begin-5` the bullets
 * of "Before you begin", `2-couchdb`..`2-deduced` the bullets of step 2.
 */
import type { Decision } from '../../src/authoring/index.js';

export const sourceSteps = [
  'dual-az',
  'beanstalk-key',
  'recovery',
  'dev',
  'dev-delete',
  'dev-bastion',
  'force-bastion',
  'stack-py',
  'testing',
  'begin-1',
  'begin-2',
  'begin-3',
  'begin-4',
  'begin-5',
  '1',
  '2',
  '2-couchdb',
  '2-kms',
  '2-rds',
  '2-s3',
  '2-deduced',
  '3',
  'reconfigure-1',
  'reconfigure-2',
  'reconfigure-3',
];

export const decisions: Decision[] = [
  { covers: 'dual-az, beanstalk-key, recovery', decision: 'stack.py options: dualAz and beanstalkKey are passed to the operator\'s own stack.py with --recovery, which this runbook always adds. With templateFile the template is used as given and must declare the four Recovery* parameters.' },
  { covers: 'dev, dev-bastion, force-bastion', decision: 'The bastion breaches HIPAA with live patient data: dev and forceBastion are refused unless hipaaBreachAcknowledged is typed as bastion-breaches-hipaa (asked for at a terminal, a missing parameter in CI); any template that opens SSH to the world is refused without it. DeveloperKeyhole is recorded with the stack\'s outputs.' },
  { covers: 'dev-delete', decision: 'It is stack.py\'s choice of DeletionPolicy; the teardown reports exactly what the template keeps, whichever it is.' },
  { covers: 'stack-py', decision: 'pip install -r requirements.txt stays the operator\'s (a missing Python or troposphere is one sentence saying so). The template is written to OpenEMR-Recovery.json in the run\'s output folder; editing it by hand is replaced by editing stack.py; the console upload by create-stack; the stack builder\'s check by ValidateTemplate.' },
  { covers: 'testing', decision: 'The drill: teardown=true deletes the recovery stack once every verification passed, and a second run with the same backups finds that proof in CloudFormation\'s deleted stacks and changes nothing. In CI: --non-interactive with --ack for the manual checks and a JUnit report (README).' },
  { covers: 'begin-1', decision: 'Hardcoding the archive bucket in stack.py stays the operator\'s; the runbook checks that the archive is in the bucket the template reads (its RegionData mapping for the region, or beanstalkBucket).' },
  { covers: 'begin-2', decision: 'The backup counts as made when .gz (or duplicity\'s encrypted .gpg) archives are under Backup/ and the newest is within efsBackupMaxAgeHours. Older: /root/backup.sh (or the stack\'s /etc/cron.daily/backup) runs on the NFS Backup Agent instance through SSM, never ssh; unattended only with runEfsBackup=true.' },
  { covers: 'begin-3', decision: 'Running the three backups at one time stays the operator\'s (a schedule in the production stack); the runbook measures how far apart they are: a warning with the three times beyond backupWindowHours, a failure with strictBackupSync=true.' },
  { covers: 'begin-4', decision: 'Said in the run\'s notes (the CouchDB snapshot\'s evidence); otherMasterVolumeId snapshots the other master once and keeps it.' },
  { covers: 'begin-5', decision: 'The stack is made in the run\'s region; when the backups (the regions in their ARNs) are elsewhere, both snapshots are copied side by side and re-encrypted with targetKMSKey, a key of the stack\'s region, and the copies are passed to the stack.' },
  { covers: '2-deduced', decision: 'The template deduces them (password, sizes, time zone) from the recovered resources; its other inputs (EC2KeyPair, TimeZone when declared, stackParameters) are passed when it declares them, and a required one without a value is a sentence before any write.' },
  { covers: '3', decision: 'Reassigning the front-end certificate (chapter 3) is a manual step with exact instructions, naming certificateArn when given; DNS is written with Route53 when dnsZone and dnsName are given (not in a drill: its record would point at a deleted stack).' },
  { covers: 'reconfigure-1', decision: 'The login page is checked through the stack\'s URL; logging in and checking records and settings stays a person\'s (a manual step).' },
  { covers: 'reconfigure-2', decision: 'A manual step with chapter 4\'s instructions, only when longTermRecovery=true.' },
  { covers: 'reconfigure-3', decision: 'A manual checkpoint right after the stack answers, before anyone logs in or DNS points at it: nothing may email or alert patients.' },
];
