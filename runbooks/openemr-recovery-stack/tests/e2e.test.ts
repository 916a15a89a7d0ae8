/**
 * The CLI end to end in the sandbox: the drill with the rehearsal's
 * parameters, a second run, a dry-run, a fault and its resume, a restore in
 * another region, a real recovery that keeps its stack, and the refusals.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import recovery from '../index.js';
import { EU_KEY_ID } from '../sandbox-seed.js';
import type { SandboxAccountState } from '../../../src/sandbox/index.js';
import { mutatingCallsSent, readState, runCli, runIdOf, sandboxAccount, tempStateDir } from '../../../test/helpers/cli.js';

const ACKS = ['--ack', 'no-patient-email', '--ack', 'data-check', '--ack', 'front-end-ssl'];
const flags = (params: Record<string, unknown>) => Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${String(v)}`]);
/** The drill's command; a `--param` in `extra` replaces the rehearsal's value (a parameter is given once). */
const drill = (dir: string, extra: string[] = []) => {
  const overridden = new Set(extra.flatMap((a, i) => (extra[i - 1] === '--param' ? [a.split('=')[0]!] : [])));
  const params = Object.fromEntries(Object.entries(recovery.rehearsal!.params).filter(([k]) => !overridden.has(k)));
  return ['run', 'openemr-recovery-stack', '--sandbox', '--non-interactive', '--state-dir', dir, ...flags(params), ...ACKS, ...extra];
};

function stacks(account: SandboxAccountState, region = 'us-east-1') {
  return Object.values(account.regions[region]?.stacks ?? {});
}

function statusOf(stack: ReturnType<typeof stacks>[number]): string {
  return stack.events.filter((e) => e.ResourceType === 'AWS::CloudFormation::Stack' && e.at <= Date.now()).at(-1)!.ResourceStatus;
}

describe('the drill in the sandbox', () => {
  const dir = tempStateDir();
  let first = '';

  beforeAll(async () => {
    const run = await runCli(drill(dir, ['--report', `junit=${join(dir, 'drill.xml')}`]));
    expect(run.code, run.stderr).toBe(0);
    first = runIdOf(run);
  });

  it('restores from the backups, checks the login page, deletes the stack and says what is left', () => {
    const state = readState(dir, first);
    const step = (id: string) => state.steps.find((s) => s.id === id)!;
    expect(state.status).toBe('succeeded');
    expect(step('create-stack').status).toBe('changed');
    expect(step('login-page').evidence[0]).toMatch(/login\.php -> HTTP 200, "OpenEMR Login"/);
    expect(step('couchdb-snapshot').evidence.join('\n')).toMatch(/only one of the two CouchDB masters is backed up/);
    expect(step('efs-backup').outputs).toMatchObject({ count: 1054, ageHours: 6 });
    expect(step('backups-in-sync').evidence.at(-1)).toBe('Within 2 h of each other (window 6 h).');
    expect(step('copy-rds-snapshot').outputs).toMatchObject({ copied: false });
    expect(step('teardown').evidence.join('\n')).toMatch(/Left behind: S3Bucket \(AWS::S3::Bucket, DeletionPolicy Retain\)[\s\S]*Left behind: RDSInstance \(AWS::RDS::DBInstance, DeletionPolicy Snapshot\)/);
    const all = stacks(sandboxAccount(dir));
    expect(all).toHaveLength(1);
    expect(statusOf(all[0]!)).toBe('DELETE_COMPLETE');
    expect(all[0]!.events.find((e) => e.ResourceStatus === 'DELETE_COMPLETE' && e.LogicalResourceId === 'openemr-recovery')?.ClientRequestToken).toMatch(/^runbook-teardown-/);
    const junit = readFileSync(join(dir, 'drill.xml'), 'utf8');
    expect(junit).toMatch(/<testsuite[^>]*tests="22"[^>]*failures="0"/);
  });

  it('changes nothing when run again with the same backups: the deleted stack proves them', async () => {
    const again = await runCli(drill(dir));
    expect(again.code, again.stderr).toBe(0);
    const state = readState(dir, runIdOf(again));
    expect(mutatingCallsSent(state)).toEqual([]);
    expect(state.steps.filter((s) => s.status !== 'skipped').every((s) => s.status === 'ok')).toBe(true);
    expect(state.steps.find((s) => s.id === 'create-stack')?.evidence[0]).toMatch(new RegExp(`^Proven by drill ${first}`));
    expect(stacks(sandboxAccount(dir))).toHaveLength(1);
  });
});

describe('dry-run', () => {
  it('reads the backups and plans every write, sending none', async () => {
    const dir = tempStateDir();
    const run = await runCli([...drill(dir), '--dry-run']);
    expect(run.code, run.stderr).toBe(0);
    const state = readState(dir, runIdOf(run));
    expect(mutatingCallsSent(state)).toEqual([]);
    const planned = state.steps.flatMap((s) => s.plan ?? []).map((p) => p.operation);
    expect(planned).toEqual(expect.arrayContaining(['CreateStack', 'UpdateTerminationProtection', 'DeleteStack']));
    expect(stacks(sandboxAccount(dir))).toHaveLength(0);
  });
});

describe('a fault, then resume', () => {
  it('stops at the failed CreateStack and the resume makes one stack, deleted by the drill', async () => {
    const dir = tempStateDir();
    const failed = await runCli(drill(dir, ['--sandbox-fault', 'create-stack']));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Step create-stack failed/);
    const runId = runIdOf(failed);
    const resumed = await runCli(['resume', runId, '--sandbox', '--non-interactive', '--state-dir', dir, ...ACKS]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(stacks(sandboxAccount(dir))).toHaveLength(1);
  });
});

describe('a restore in another region', () => {
  it('copies both snapshots side by side, re-encrypted with a key of that region, and the stack restores from the copies', async () => {
    const dir = tempStateDir();
    const key = `arn:aws:kms:eu-west-1:123456789012:key/${EU_KEY_ID}`;
    const base = [...drill(dir), '--region', 'eu-west-1', '--param', `targetKMSKey=${key}`];
    const failed = await runCli([...base, '--sandbox-fault', 'copy-rds-snapshot']);
    expect(failed.code).toBe(1);
    const resumed = await runCli(['resume', runIdOf(failed), '--sandbox', '--non-interactive', '--state-dir', dir, ...ACKS]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const account = sandboxAccount(dir);
    const eu = account.regions['eu-west-1']!;
    expect(Object.values(eu.snapshots ?? {}).map((s) => s.KmsKeyId)).toEqual([key]);
    expect(Object.values(eu.dbSnapshots ?? {}).map((s) => [s.DBSnapshotIdentifier, s.KmsKeyId])).toEqual([['openemr063-backup-eu-west-1', key]]);
    const [stack] = stacks(account, 'eu-west-1');
    expect(stack!.Parameters.find((p) => p.ParameterKey === 'RecoveryRDSSnapshotARN')?.ParameterValue).toBe('arn:aws:rds:eu-west-1:123456789012:snapshot:openemr063-backup-eu-west-1');
    expect(stacks(account, 'us-east-1')).toHaveLength(0);
    const teardown = readState(dir, runIdOf(resumed)).steps.find((s) => s.id === 'teardown')!;
    expect(teardown.evidence.join('\n')).toMatch(/Left behind: EBS snapshot snap-[0-9a-f]+ in eu-west-1 \(a copy of us-east-1\/snap-0ebb4f155ff27040c\)/);
  });

  it('asks for a key of that region instead of copying without one', async () => {
    const dir = tempStateDir();
    const run = await runCli([...drill(dir), '--region', 'eu-west-1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/pass a KMS key of eu-west-1 as targetKMSKey/);
    expect(Object.keys(sandboxAccount(dir).regions['eu-west-1']?.stacks ?? {})).toHaveLength(0);
  });
});

describe('a real recovery', () => {
  it('keeps its stack, termination protection on, and a second run adopts it', async () => {
    const dir = tempStateDir();
    const args = drill(dir, ['--param', 'teardown=false']);
    const first = await runCli(args);
    expect(first.code, first.stderr).toBe(0);
    const [stack] = stacks(sandboxAccount(dir));
    expect([statusOf(stack!), stack!.EnableTerminationProtection]).toEqual(['CREATE_COMPLETE', true]);
    expect(stack!.Tags).toMatchObject({ 'runbook:id': 'openemr-recovery-stack', 'runbook:step': 'create-stack' });
    const again = await runCli(args);
    expect(again.code, again.stderr).toBe(0);
    expect(mutatingCallsSent(readState(dir, runIdOf(again)))).toEqual([]);
  });

  it('names the first resource that failed when the stack rolls back', async () => {
    const dir = tempStateDir();
    const template = readFileSync(String(recovery.rehearsal!.params.templateFile), 'utf8').replace('SnapshotId: !Ref RecoveryCouchDBSnapshot', "SnapshotId: 'snap-00000000000000001'");
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, template);
    const run = await runCli(drill(dir, ['--param', `templateFile=${file}`]));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Stack openemr-recovery is ROLLBACK_COMPLETE \(CouchDBVolume \(AWS::EC2::Volume\) CREATE_FAILED: Resource handler returned message: "The snapshot 'snap-00000000000000001' does not exist\./);
  });
});

describe('before you begin', () => {
  it('an old EFS backup stops an unattended run unless it may run /root/backup.sh through SSM', async () => {
    const dir = tempStateDir();
    const stale = await runCli(drill(dir, ['--param', 'efsBackupMaxAgeHours=1']));
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/The EFS backup is older than 1 h: run \/root\/backup\.sh on the NFS Backup instance, or pass --param runEfsBackup=true/);
    const ran = await runCli(drill(dir, ['--param', 'efsBackupMaxAgeHours=1', '--param', 'runEfsBackup=true']));
    expect(ran.code, ran.stderr).toBe(0);
    const state = readState(dir, runIdOf(ran));
    expect(state.steps.find((s) => s.id === 'efs-backup')).toMatchObject({ status: 'changed', outputs: { count: 1057, ageHours: 0 } });
    expect(state.steps.find((s) => s.id === 'efs-backup')!.calls.map((c) => c.operation)).toEqual(expect.arrayContaining(['SendCommand', 'GetCommandInvocation']));
  });

  it('warns when the three backups are further apart than the window, and fails when strict', async () => {
    const dir = tempStateDir();
    const warned = await runCli([...drill(dir, ['--param', 'backupWindowHours=1']), '--dry-run']);
    expect(warned.code, warned.stderr).toBe(0);
    expect(readState(dir, runIdOf(warned)).steps.find((s) => s.id === 'backups-in-sync')?.evidence.at(-1)).toMatch(/^WARNING: 2 h apart, more than the 1 h window/);
    const strict = await runCli(drill(dir, ['--param', 'backupWindowHours=1', '--param', 'strictBackupSync=true']));
    expect(strict.code).toBe(1);
    expect(mutatingCallsSent(readState(dir, runIdOf(strict)))).toEqual([]);
  });

  it('checks a custom Beanstalk archive is in the bucket the template reads', async () => {
    const dir = tempStateDir();
    const missing = await runCli([...drill(dir, ['--param', 'beanstalkKey=missing.zip']), '--dry-run']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/s3:\/\/openemr-cfn-useast1\/missing\.zip does not exist/);
    const there = await runCli([...drill(dir, ['--param', 'beanstalkKey=openemr-custom.zip']), '--dry-run']);
    expect(there.code, there.stderr).toBe(0);
  });

  it('refuses the bastion without the typed acknowledgement, in CI as a missing parameter, before any AWS call', async () => {
    const dir = tempStateDir();
    const { templateFile: _file, ...others } = recovery.rehearsal!.params;
    const run = await runCli(['run', 'openemr-recovery-stack', '--sandbox', '--non-interactive', '--state-dir', dir, ...flags({ ...others, stackPy: join(dir, 'stack.py'), forceBastion: true })]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/Missing parameters: hipaaBreachAcknowledged \(one of bastion-breaches-hipaa\)/);
    expect(readState(dir, runIdOf(run)).calls).toEqual([]);
  });

  it('runs the operator\'s stack.py with --recovery and the options, and records DeveloperKeyhole when acknowledged', async () => {
    let python = true;
    try {
      execFileSync('python3', ['--version']);
    } catch {
      python = false;
    }
    if (!python) return;
    const dir = tempStateDir();
    const { templateFile, ...others } = recovery.rehearsal!.params;
    const json = JSON.stringify(JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', `import { readFileSync } from 'node:fs'; import { parseTemplate } from '${join(process.cwd(), 'src/aws/cloudformation-template.ts')}'; const t = parseTemplate(readFileSync(${JSON.stringify(templateFile)}, 'utf8')); console.log(JSON.stringify({ Parameters: t.parameters, Mappings: t.mappings, Resources: t.resources, Outputs: t.outputs }));`]).toString()));
    writeFileSync(
      join(dir, 'stack.py'),
      [
        'import json, sys',
        `t = json.loads(${JSON.stringify(json)})`,
        "if '--recovery' not in sys.argv: sys.exit('not a recovery stack')",
        "if '--force-bastion' in sys.argv:",
        "    t['Resources']['DeveloperBastion'] = {'Type': 'AWS::EC2::Instance', 'Properties': {'KeyName': {'Ref': 'EC2KeyPair'}}}",
        "    t['Outputs']['DeveloperKeyhole'] = {'Description': 'direct stack access', 'Value': {'Fn::GetAtt': ['DeveloperBastion', 'PublicIp']}}",
        'print(json.dumps(t))',
      ].join('\n'),
    );
    const run = await runCli(['run', 'openemr-recovery-stack', '--sandbox', '--non-interactive', '--state-dir', dir, ...ACKS, ...flags({ ...others, stackPy: join(dir, 'stack.py'), forceBastion: true, hipaaBreachAcknowledged: 'bastion-breaches-hipaa' })]);
    expect(run.code, run.stderr).toBe(0);
    const state = readState(dir, runIdOf(run));
    expect(state.steps.find((s) => s.id === 'template')?.outputs).toMatchObject({ bastion: true, path: join(dir, 'output', 'openemr-recovery-stack', 'OpenEMR-Recovery.json') });
    expect(state.steps.find((s) => s.id === 'create-stack')?.outputs.outputs).toMatchObject({ DeveloperKeyhole: '198.51.100.24' });
  });
});
