/**
 * The CLI end to end in the sandbox, on the redis-sessions runbook: the
 * acceptance list of the engine and of the runbook.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { StateStore } from '../../../src/engine/state/state-store.js';
import { mutatingCallsSent, readState, runCli, runIdOf, sandboxAccount, tempStateDir } from '../../../test/helpers/cli.js';

const base = (dir: string) => ['run', 'redis-sessions', '--sandbox', '--non-interactive', '--state-dir', dir];

function resourcesOf(dir: string) {
  const region = sandboxAccount(dir).regions['us-east-1']!;
  return {
    instances: Object.values(region.instances).filter((i) => i.Tags.Name === 'Redis'),
    addresses: Object.values(region.addresses).filter((a) => a.Tags.Name === 'Redis'),
    groups: Object.values(region.securityGroups).filter((g) => g.GroupName === 'redis-security-group'),
  };
}

describe('redis-sessions in the sandbox', () => {
  const dir = tempStateDir();
  let firstRun = '';

  beforeAll(async () => {
    const first = await runCli([...base(dir), '--report', `json=${join(dir, 'first.json')}`]);
    expect(first.code, first.stderr).toBe(0);
    firstRun = runIdOf(first);
  });

  it('succeeds with default parameters and builds exactly one of each resource', () => {
    const state = readState(dir, firstRun);
    expect(state.status).toBe('succeeded');
    expect(state.steps.find((s) => s.id === 'launch-instance')?.status).toBe('changed');
    expect(state.steps.find((s) => s.id === 'redis-listening')?.evidence.join('\n')).toMatch(/docker-pr/);
    const r = resourcesOf(dir);
    expect([r.instances.length, r.addresses.length, r.groups.length]).toEqual([1, 1, 1]);
    const group = r.groups[0]!;
    expect(group.ingress.map((rule) => [rule.FromPort, rule.CidrIpv4 ?? rule.ReferencedGroupId])).toEqual([[6379, '172.31.0.0/16']]);
    const instance = r.instances[0]!;
    expect(instance.MetadataOptions.HttpTokens).toBe('required');
    expect(instance.Tags['runbook:id']).toBe('redis-sessions');
  });

  it('writes the Elastic Beanstalk config with the private address, and a JSON report', () => {
    const state = readState(dir, firstRun);
    const path = String(state.steps.find((s) => s.id === 'session-config')?.outputs.path);
    const privateIp = String(state.steps.find((s) => s.id === 'elastic-ip')?.outputs.privateIp);
    expect(privateIp).toMatch(/^172\.31\./);
    expect(readFileSync(path, 'utf8')).toContain(`session.save_path = "tcp://${privateIp}:6379"`);
    const report = JSON.parse(readFileSync(join(dir, 'first.json'), 'utf8'));
    expect(report).toMatchObject({ runId: firstRun, runbook: { id: 'redis-sessions' }, mode: 'apply', status: 'succeeded' });
    expect(report.summary.mutatingCallsSent).toBeGreaterThan(5);
  });

  it('changes nothing when run again: every step ok, no mutating call', async () => {
    const again = await runCli(base(dir));
    expect(again.code, again.stderr).toBe(0);
    const state = readState(dir, runIdOf(again));
    expect(mutatingCallsSent(state)).toEqual([]);
    expect(state.steps.filter((s) => s.status !== 'skipped').every((s) => s.status === 'ok')).toBe(true);
    const r = resourcesOf(dir);
    expect([r.instances.length, r.addresses.length, r.groups.length]).toEqual([1, 1, 1]);
  });

  it('--dry-run --no-probes, as a read-only role runs it: no SendCommand at all, the host steps reported as not checked', async () => {
    const dry = await runCli([...base(dir), '--dry-run', '--no-probes']);
    expect(dry.code, dry.stderr).toBe(0);
    const state = readState(dir, runIdOf(dry));
    const calls = [...state.calls, ...state.steps.flatMap((s) => s.calls)];
    expect(calls.filter((c) => c.operation === 'SendCommand' && c.sent)).toEqual([]);
    expect(calls.filter((c) => c.operation === 'SendCommand').every((c) => c.errorName === 'ProbesOff')).toBe(true);
    const docker = state.steps.find((s) => s.id === 'install-docker')!;
    expect(docker).toMatchObject({ status: 'planned', reason: expect.stringMatching(/^Not checked: .*--no-probes sends none\.$/) });
    expect(state.steps.find((s) => s.id === 'launch-instance')?.status).toBe('ok');

    const real = await runCli([...base(dir), '--no-probes']);
    expect(real.code).toBe(2);
    expect(real.stderr).toMatch(/--no-probes is for a dry-run/);
  });

  it('keeps the state dir and state files private to their owner', () => {
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'runs', `${firstRun}.json`)).mode & 0o777).toBe(0o600);
  });
});

describe('dry-run', () => {
  it('lists every write it would make, sends none, and shows later values as references', async () => {
    const dir = tempStateDir();
    const result = await runCli([...base(dir), '--dry-run', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const state = readState(dir, runIdOf(result));
    expect(state.mode).toBe('dry-run');
    expect(mutatingCallsSent(state)).toEqual([]);
    const launch = state.steps.find((s) => s.id === 'launch-instance')!;
    expect(launch.status).toBe('planned');
    expect(launch.plan?.[0]).toMatchObject({ operation: 'RunInstances', input: { SecurityGroupIds: ['<redis-security-group.groupId>'] } });
    const planned = state.steps.flatMap((s) => s.plan ?? []).map((p) => p.operation);
    expect(planned).toEqual(expect.arrayContaining(['CreateRole', 'CreateSecurityGroup', 'AuthorizeSecurityGroupIngress', 'RunInstances', 'AllocateAddress', 'AssociateAddress', 'SendCommand', 'WriteFile']));
    const r = sandboxAccount(dir).regions['us-east-1']!;
    expect(Object.keys(r.instances)).toHaveLength(0);
    const events = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ event: 'run-started', mode: 'dry-run' });
    expect(events.at(-1)).toMatchObject({ event: 'run-finished', status: 'succeeded', exitCode: 0 });
  });
});

describe('a fault, then resume', () => {
  it('stops at the failed step with exit 1 and the resume ends with one instance, one address, one group', async () => {
    const dir = tempStateDir();
    const failed = await runCli([...base(dir), '--sandbox-fault', 'launch-instance']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Step launch-instance failed/);
    const runId = runIdOf(failed);
    const state = readState(dir, runId);
    expect(state.status).toBe('failed');
    expect(state.steps.find((s) => s.id === 'elastic-ip')?.status).toBe('pending');
    expect(state.steps.find((s) => s.id === 'redis-security-group')?.status).toBe('changed');

    const resumed = await runCli(['resume', runId, '--sandbox', '--non-interactive', '--state-dir', dir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readState(dir, runId).status).toBe('succeeded');
    const r = resourcesOf(dir);
    expect([r.instances.length, r.addresses.length, r.groups.length]).toEqual([1, 1, 1]);
  });
});

describe('needs an operator', () => {
  it('a manual step stops a non-interactive run with 3, and --ack lets the resume finish', async () => {
    const dir = tempStateDir();
    const appDir = join(dir, 'app');
    mkdirSync(appDir);
    const stopped = await runCli([...base(dir), '--param', `appDir=${appDir}`]);
    expect(stopped.code).toBe(3);
    expect(stopped.stderr).toMatch(/--ack deploy-manually/);
    const runId = runIdOf(stopped);
    expect(readState(dir, runId).steps.find((s) => s.id === 'deploy-manually')?.status).toBe('manual-pending');
    expect(existsSync(join(appDir, '.ebextensions', 'redis-sessions.config'))).toBe(true);

    const resumed = await runCli(['resume', runId, '--sandbox', '--non-interactive', '--state-dir', dir, '--ack', 'deploy-manually']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const state = readState(dir, runId);
    expect(state.acks).toEqual(['deploy-manually']);
    expect(state.steps.find((s) => s.id === 'deploy-manually')?.status).toBe('changed');
  });
});

describe('the state file', () => {
  it('a corrupt state file is refused with exit 2 and left byte for byte unchanged', async () => {
    const dir = tempStateDir();
    const runs = join(dir, 'runs');
    mkdirSync(runs, { recursive: true });
    const path = join(runs, 'redis-sessions-20260101t000000-abcd.json');
    const bytes = '{"formatVersion": 1, "runId": "redis-sess';
    writeFileSync(path, bytes);
    const result = await runCli(['resume', 'redis-sessions-20260101t000000-abcd', '--sandbox', '--non-interactive', '--state-dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not valid JSON.*left unchanged/);
    expect(readFileSync(path, 'utf8')).toBe(bytes);
  });

  it('a second process on a locked run exits 4 and changes nothing', async () => {
    const dir = tempStateDir();
    const stopped = await runCli([...base(dir), '--param', `appDir=${join(dir)}`]);
    expect(stopped.code).toBe(3);
    const runId = runIdOf(stopped);
    const before = readFileSync(join(dir, 'runs', `${runId}.json`), 'utf8');
    const release = await new StateStore(dir).lock(runId);
    try {
      const second = await runCli(['resume', runId, '--sandbox', '--non-interactive', '--state-dir', dir, '--ack', 'deploy-manually']);
      expect(second.code).toBe(4);
      expect(second.stderr).toMatch(/in use by another runbook process/);
      expect(readFileSync(join(dir, 'runs', `${runId}.json`), 'utf8')).toBe(before);
    } finally {
      await release();
    }
  });
});
