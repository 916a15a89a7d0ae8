/**
 * `runbook destroy` end to end in the sandbox, on lamp-swarm-node (a manager,
 * then a worker that shares its instance profile): consent, a dry-run that
 * sends no write, the removal of what each run made and only that, data kept
 * unless named, a second destroy that changes nothing, `runs` showing it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SandboxAccountState } from '../../src/sandbox/index.js';
import { readState, runCli, runIdOf, sandboxAccount, tempStateDir } from '../helpers/cli.js';

const RUN = ['run', 'lamp-swarm-node', '--sandbox', '--non-interactive'];
const MANAGER = ['--param', 'dnsName=node-01.example.com', '--param', 'hostedZone=example.com', '--param', 'keyName=lamp-node'];
const WORKER = ['--param', 'dnsName=node-02.example.com', '--param', 'hostedZone=example.com', '--param', 'role=worker'];

/** What in the account still carries the run's tag (terminated instances aside: AWS lists them for an hour). */
function liveWithRunTag(account: SandboxAccountState, runId: string): string[] {
  const r = account.regions['us-east-1']!;
  const tagged = (x: { Tags: Record<string, string> }) => x.Tags['runbook:run-id'] === runId;
  return [
    ...Object.values(r.instances).filter((i) => tagged(i) && i.terminatedAt === undefined).map((i) => i.InstanceId),
    ...Object.values(r.volumes).filter(tagged).map((v) => v.VolumeId),
    ...Object.values(r.securityGroups).filter(tagged).map((g) => g.GroupId),
    ...Object.values(r.addresses).filter(tagged).map((a) => a.AllocationId),
    ...Object.values(r.keyPairs).filter(tagged).map((k) => k.KeyName),
  ];
}

const records = (account: SandboxAccountState) =>
  Object.values(account.route53?.zones ?? {}).flatMap((z) => Object.values(z.records).map((rec) => rec.Name));

const writes = (dir: string, runId: string) => (readState(dir, runId).destroy?.calls ?? []).filter((c) => c.mutating && c.sent).map((c) => `${c.service}:${c.operation}`);

describe('runbook destroy in the sandbox', () => {
  const dir = tempStateDir();
  let manager: string;
  let worker: string;

  beforeAll(async () => {
    const m = await runCli([...RUN, '--state-dir', dir, ...MANAGER]);
    expect(m.code, m.stderr).toBe(0);
    manager = runIdOf(m);
    const w = await runCli([...RUN, '--state-dir', dir, ...WORKER]);
    expect(w.code, w.stderr).toBe(0);
    worker = runIdOf(w);
  });

  it('without a terminal and without --yes, refuses in one sentence with exit 2 and changes nothing', async () => {
    const before = sandboxAccount(dir);
    const res = await runCli(['destroy', worker, '--sandbox', '--state-dir', dir]);
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe('A destroy without a terminal to confirm it needs --yes (and --dry-run shows what it would remove).');
    expect(sandboxAccount(dir).regions).toEqual(before.regions);
  });

  it('a dry-run lists every removal with its calls and sends none', async () => {
    const before = sandboxAccount(dir);
    const res = await runCli(['destroy', worker, '--sandbox', '--state-dir', dir, '--dry-run']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/remove ec2:instance i-\w+ \[launch-instance\]/);
    expect(res.stderr).toMatch(/ec2:TerminateInstances/);
    expect(res.stderr).toMatch(/keep {3}ec2:volume vol-\w+ \[data-volume\]: it holds data: pass --delete-data ec2:volume/);
    expect(res.stderr).toMatch(/keep {3}iam:instance-profile runbook-lamp-swarm-node-ssm \[instance-profile\]: still used by i-\w+, not of this run/);
    expect(res.stderr).toMatch(/keep {3}ec2:security-group sg-\w+ \[swarm-security-group\]: group docker-swarm was made by run /);
    expect(res.stderr).toMatch(/Changed by the run and not undone[^\n]*\n {2}ssm\.script: .*swarm-join/);
    expect(res.stderr).toMatch(/Dry-run: destroying run .* would remove \d+ resources and keep \d+; nothing was sent\./);
    expect(sandboxAccount(dir).regions).toEqual(before.regions);
  });

  it("removes what the worker's run made and keeps what it only used; the manager is untouched", async () => {
    const res = await runCli(['destroy', worker, '--sandbox', '--state-dir', dir, '--yes', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const events = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; status?: string });
    expect(events.at(-1)).toMatchObject({ event: 'destroy-finished', status: 'destroyed' });
    const account = sandboxAccount(dir);
    expect(liveWithRunTag(account, worker).filter((id) => id.startsWith('vol-'))).toHaveLength(1); // its data volume, kept
    expect(liveWithRunTag(account, worker).filter((id) => !id.startsWith('vol-'))).toEqual([]);
    expect(records(account)).not.toContain('node-02.example.com.');
    expect(records(account)).toContain('node-01.example.com.');
    expect(account.iam.instanceProfiles['runbook-lamp-swarm-node-ssm']).toBeDefined();
    expect(liveWithRunTag(account, manager).length).toBeGreaterThan(3);
  });

  it('a second destroy sends no write', async () => {
    const res = await runCli(['destroy', worker, '--sandbox', '--state-dir', dir, '--yes']);
    expect(res.code, res.stderr).toBe(0);
    expect(writes(dir, worker)).toEqual([]);
    expect(res.stderr).toMatch(/Run .* destroyed: 3 resources removed; 4 kept \(see the list\)\./);
  });

  it('with --delete-data, snapshots the data volume first, then removes everything the manager made; runs lists both as destroyed', async () => {
    const res = await runCli(['destroy', manager, '--sandbox', '--state-dir', dir, '--yes', '--delete-data', 'ec2:volume']);
    expect(res.code, res.stderr).toBe(0);
    const account = sandboxAccount(dir);
    expect(liveWithRunTag(account, manager)).toEqual([]);
    expect(account.iam.instanceProfiles['runbook-lamp-swarm-node-ssm']).toBeUndefined();
    expect(records(account)).not.toContain('node-01.example.com.');
    expect(Object.values(account.regions['us-east-1']!.snapshots ?? {}).filter((s) => s.Description.includes('destroy'))).toHaveLength(1);
    expect(writes(dir, manager)).toEqual(expect.arrayContaining(['ec2:CreateSnapshot', 'ec2:DeleteVolume', 'ec2:TerminateInstances', 'iam:DeleteRole', 'route53:ChangeResourceRecordSets']));
    const runs = await runCli(['runs', '--state-dir', dir]);
    expect(runs.stdout.match(/ destroyed /g)).toHaveLength(2);
  });
});
