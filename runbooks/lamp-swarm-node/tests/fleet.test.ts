/**
 * lamp-swarm-node joining several workers in one run (`workers=3`), end to
 * end in the sandbox: each worker has its own instance, data volume,
 * address, host name and record, counted up from dnsName; the checks of
 * every worker go out as one SSM command with its rate controls; a fault in
 * one worker's join is resumed without touching the others; a second run
 * changes nothing; destroy leaves nothing tagged with the run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mutatingCallsSent, readState, runCli, runIdOf, sandboxAccount, tempStateDir, type CliResult } from '../../../test/helpers/cli.js';
import { taggedWithRun } from '../../../test/helpers/run-resources.js';
import { nthName } from '../names.js';

const base = (dir: string) => ['run', 'lamp-swarm-node', '--sandbox', '--non-interactive', '--state-dir', dir];
const ZONE = ['--param', 'hostedZone=example.com', '--param', 'dataVolumeSizeGiB=64'];
const MANAGER = ['--param', 'dnsName=node-01.example.com', ...ZONE];
const WORKERS = ['--param', 'dnsName=node-02.example.com', '--param', 'role=worker', '--param', 'workers=3', ...ZONE];
const NAMES = ['node-02.example.com', 'node-03.example.com', 'node-04.example.com'];

const region = (dir: string) => sandboxAccount(dir).regions['us-east-1']!;
const instanceNamed = (dir: string, name: string) => Object.values(region(dir).instances).find((i) => i.Tags.Name === name)!;
const joinCommands = (dir: string) => region(dir).commands.filter((c) => c.text.includes('lamp-swarm-node/swarm-join\n'));

describe('nthName', () => {
  it('counts the number ending the first label up, keeping its width', () => {
    expect([1, 2, 10].map((n) => nthName('node-01.example.com', n))).toEqual(['node-01.example.com', 'node-02.example.com', 'node-10.example.com']);
    expect(nthName('web9.example.com', 3)).toBe('web11.example.com');
    expect(nthName('worker-7', 2)).toBe('worker-8');
  });
});

describe('lamp-swarm-node: three workers joined in one run', () => {
  const dir = tempStateDir();
  let runId: string;
  let recounted: CliResult;

  beforeAll(async () => {
    const manager = await runCli([...base(dir), ...MANAGER]);
    expect(manager.code, manager.stderr).toBe(0);
    // The third worker's join fails once; the resume must finish it alone.
    const failed = await runCli([...base(dir), ...WORKERS, '--sandbox-fault', 'swarm-join-3', '--report', `junit=${join(dir, 'failed.xml')}`]);
    expect(failed.code, failed.stderr).toBe(1);
    runId = runIdOf(failed);
    recounted = await runCli(['resume', runId, '--sandbox', '--non-interactive', '--state-dir', dir, '--param', 'workers=4']);
    const resumed = await runCli(['resume', runId, '--sandbox', '--non-interactive', '--state-dir', dir, '--report', `junit=${join(dir, 'workers.xml')}`]);
    expect(resumed.code, resumed.stderr).toBe(0);
  });

  it('gives each worker its own instance, encrypted data volume, Elastic IP, host name and DNS record', () => {
    const r = region(dir);
    const zone = sandboxAccount(dir).route53!.zones['Z0SANDBOX0EXAMPLE0COM']!;
    for (const name of NAMES) {
      const instance = instanceNamed(dir, name);
      expect(instance).toMatchObject({ DisableApiTermination: true, Tags: expect.objectContaining({ 'lamp:swarm-role': 'worker', 'runbook:run-id': runId }) });
      expect(instance.host.hostname).toBe(name);
      const volumes = Object.values(r.volumes).filter((v) => v.attachment?.InstanceId === instance.InstanceId && v.Tags['runbook:step']?.startsWith('data-volume'));
      expect(volumes).toEqual([expect.objectContaining({ Size: 64, Encrypted: true })]);
      const address = Object.values(r.addresses).find((a) => a.InstanceId === instance.InstanceId)!;
      expect(zone.records[`${name}.|A`]?.values).toEqual([address.PublicIp]);
    }
    // One manager and three workers: no twin from the fault and the resume.
    expect(Object.values(r.instances).filter((i) => !i.terminatedAt)).toHaveLength(4);
  });

  it('joins all three to the manager, which lists each as Ready', () => {
    const manager = instanceNamed(dir, 'node-01.example.com');
    // They join side by side, in whatever order their commands finish.
    expect(manager.host.swarm!.members!.map((m) => m.hostname).sort()).toEqual(['node-01.example.com', ...NAMES]);
    for (const name of NAMES) expect(instanceNamed(dir, name).host.swarm).toMatchObject({ role: 'worker', clusterId: manager.host.swarm!.clusterId });
    const listed = readState(dir, runId).steps.find((s) => s.id === 'manager-lists-workers')!;
    expect(listed.status).toBe('ok');
    expect(listed.evidence.join('\n')).toContain(NAMES.map((n) => `${n} Ready`).join('\n'));
  });

  it('resumed only the worker whose join failed: one join command per worker, the first two sent once', () => {
    const state = readState(dir, runId);
    expect(['swarm-join', 'swarm-join-2', 'swarm-join-3'].map((id) => state.steps.find((s) => s.id === id)?.status)).toEqual(['changed', 'changed', 'changed']);
    expect(joinCommands(dir).map((c) => Object.keys(c.invocations))).toEqual(expect.arrayContaining(NAMES.map((n) => [instanceNamed(dir, n).InstanceId])));
    expect(joinCommands(dir)).toHaveLength(3);
  });

  it('checks every worker with one SSM command, rate-controlled by SSM, one JUnit case per instance', () => {
    const ids = NAMES.map((n) => instanceNamed(dir, n).InstanceId).sort();
    const onWorkers = (c: { invocations: Record<string, unknown> }) => Object.keys(c.invocations).some((id) => ids.includes(id));
    const active = region(dir).commands.filter((c) => c.text.includes('lamp-swarm-node/docker-active\n') && onWorkers(c));
    expect(active).toHaveLength(1);
    expect(Object.keys(active[0]!.invocations).sort()).toEqual(ids);
    // Half the workers at a time; every one answers, as a probe's "no" is evidence, not an error to stop at.
    expect(active[0]).toMatchObject({ MaxConcurrency: '50%', MaxErrors: '100%' });
    const junit = readFileSync(join(dir, 'workers.xml'), 'utf8');
    for (const id of ids) expect(junit).toContain(`name="docker-active: Verify: Docker is active on every worker [${id}]"`);
  });

  it("titles each worker's steps with its number, so the plan and the progress list tell them apart", () => {
    const titles = new Map(readState(dir, runId).steps.map((s) => [s.id, s.title]));
    expect([titles.get('launch-instance'), titles.get('launch-instance-3')]).toEqual(['Launch worker 1, termination protection on', 'Launch worker 3, termination protection on']);
    expect(['swarm-join', 'swarm-join-2', 'swarm-join-3'].map((id) => titles.get(id))).toEqual([1, 2, 3].map((n) => `Join the swarm as a worker (worker ${n})`));
  });

  it('refused a resume that would have changed the count, in one sentence', () => {
    expect(recounted.code).toBe(2);
    expect(recounted.stderr.trim()).toBe(`Parameter workers: run ${runId} began with workers=3, and a resume keeps the steps it was made of; start a new run for workers=4.`);
  });

  it('changes nothing when run again', async () => {
    const again = await runCli([...base(dir), ...WORKERS]);
    expect(again.code, again.stderr).toBe(0);
    expect(mutatingCallsSent(readState(dir, runIdOf(again)))).toEqual([]);
  });

  it('is destroyed whole: nothing tagged with the run is left, and the manager is untouched', async () => {
    const destroyed = await runCli(['destroy', runId, '--sandbox', '--state-dir', dir, '--yes', '--delete-data', 'all']);
    expect(destroyed.code, destroyed.stderr).toBe(0);
    expect(taggedWithRun(sandboxAccount(dir), runId)).toEqual([]);
    expect(instanceNamed(dir, 'node-01.example.com').terminatedAt).toBeUndefined();
    const zone = sandboxAccount(dir).route53!.zones['Z0SANDBOX0EXAMPLE0COM']!;
    for (const name of NAMES) expect(zone.records[`${name}.|A`]).toBeUndefined();
  });
});

describe('lamp-swarm-node refuses a fleet it cannot name or lead, before any AWS call', () => {
  it.each([
    [['--param', 'dnsName=node.example.com', '--param', 'role=worker', '--param', 'workers=2'], /^Parameter dnsName: with workers=2 its first label must end in a number/],
    [['--param', 'dnsName=node-01.example.com', '--param', 'workers=2'], /^Parameter workers: 2 only with role=worker/],
    [['--param', 'dnsName=node-01.example.com', '--param', 'role=worker', '--param', 'workers=11'], /^Parameter workers: expected a whole number from 1 to 10/],
  ])('%j', async (params, message) => {
    const dir = tempStateDir();
    const result = await runCli([...base(dir), ...params]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(Object.keys(region(dir).instances)).toHaveLength(0);
  });
});
