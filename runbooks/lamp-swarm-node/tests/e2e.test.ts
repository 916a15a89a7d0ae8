/**
 * lamp-swarm-node end to end in the sandbox: a manager, then a worker that
 * joins it in the same account; a re-run changes nothing; a dry-run sends no
 * write; a fault and a resume leave no twin; without a hosted zone a manual
 * step names the record. The join token and the private key appear in no
 * state file, report or output.
 */
import { readdirSync, readFileSync, statSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fstabEntries } from '../../../src/sandbox/host/storage.js';
import type { SandboxAccountState } from '../../../src/sandbox/index.js';
import { mutatingCallsSent, readState, runCli, runIdOf, sandboxAccount, tempStateDir, type CliResult } from '../../../test/helpers/cli.js';

const base = (dir: string) => ['run', 'lamp-swarm-node', '--sandbox', '--non-interactive', '--state-dir', dir];
const MANAGER = ['--param', 'dnsName=node-01.example.com', '--param', 'hostedZone=example.com', '--param', 'keyName=lamp-node'];
const WORKER = ['--param', 'dnsName=node-02.example.com', '--param', 'hostedZone=example.com', '--param', 'role=worker'];
const reports = (dir: string, name: string) => ['json', 'markdown', 'junit'].flatMap((f) => ['--report', `${f}=${join(dir, 'reports', `${name}.${f}`)}`]);

function region(dir: string) {
  return sandboxAccount(dir).regions['us-east-1']!;
}

function node(account: SandboxAccountState, name: string) {
  const r = account.regions['us-east-1']!;
  const instance = Object.values(r.instances).find((i) => i.Tags.Name === name)!;
  const dataVolume = Object.values(r.volumes).find((v) => v.Tags.Name === name && v.Tags['runbook:step'] === 'data-volume');
  return { instance, host: instance.host, dataVolume };
}

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('lamp-swarm-node: a manager, then a worker in the same sandbox', () => {
  const dir = tempStateDir();
  let manager: CliResult;
  let worker: CliResult;

  beforeAll(async () => {
    mkdirSync(join(dir, 'reports'));
    manager = await runCli([...base(dir), ...MANAGER, ...reports(dir, 'manager')]);
    expect(manager.code, manager.stderr).toBe(0);
    worker = await runCli([...base(dir), ...WORKER, ...reports(dir, 'worker')]);
    expect(worker.code, worker.stderr).toBe(0);
  });

  it('builds the manager as the source asks: SSM profile, termination protection, IMDSv2, the swarm rules, an encrypted data volume, an Elastic IP, the DNS record', () => {
    const account = sandboxAccount(dir);
    const r = account.regions['us-east-1']!;
    const { instance, dataVolume } = node(account, 'node-01.example.com');
    expect(instance).toMatchObject({ InstanceType: 't3.medium', DisableApiTermination: true, KeyName: 'lamp-node', MetadataOptions: { HttpTokens: 'required' } });
    expect(instance.Tags['lamp:swarm-role']).toBe('manager');
    expect(r.images[instance.ImageId]?.Name).toMatch(/^al2023-ami-/);
    expect(account.iam.instanceProfiles['runbook-lamp-swarm-node-ssm']?.roleNames).toEqual(['runbook-lamp-swarm-node-ssm']);
    expect(dataVolume).toMatchObject({ Size: 1024, VolumeType: 'gp3', Encrypted: true, attachment: { InstanceId: instance.InstanceId, Device: '/dev/sdf' } });

    const group = Object.values(r.securityGroups).find((g) => g.GroupName === 'docker-swarm')!;
    expect(instance.SecurityGroupIds).toEqual([group.GroupId]);
    const rules = group.ingress.map((i) => `${i.IpProtocol} ${i.FromPort} ${i.CidrIpv4 ?? (i.ReferencedGroupId === group.GroupId ? 'self' : i.ReferencedGroupId)}`).sort();
    expect(rules).toEqual(['tcp 2375 self', 'tcp 2376 self', 'tcp 2377 self', 'tcp 443 0.0.0.0/0', 'tcp 7946 self', 'tcp 80 0.0.0.0/0', 'udp 4789 self', 'udp 7946 self']);

    const address = Object.values(r.addresses).find((a) => a.Tags.Name === 'node-01.example.com')!;
    expect(address.InstanceId).toBe(instance.InstanceId);
    const zone = account.route53!.zones['Z0SANDBOX0EXAMPLE0COM']!;
    expect(zone.records['node-01.example.com.|A']).toEqual({ Name: 'node-01.example.com.', Type: 'A', TTL: 300, values: [address.PublicIp] });
  });

  it('sets the manager host up in order: XFS on the volume found by its id, one fstab line, Docker on /data, the API on the private address, swarm init', () => {
    const { instance, host, dataVolume } = node(sandboxAccount(dir), 'node-01.example.com');
    const disk = Object.values(host.disks!).find((d) => d.serial === dataVolume!.VolumeId.replace('-', ''))!;
    expect(disk.fs).toMatchObject({ type: 'xfs', gib: 1024 });
    expect(fstabEntries(host).filter((e) => e.mountPoint === '/data')).toEqual([{ spec: `UUID=${disk.fs!.uuid}`, mountPoint: '/data', type: 'xfs', options: 'defaults,nofail' }]);
    expect(host.mounts?.['/data']?.source).toBe(`/dev/${disk.name}`);
    expect(host.hostname).toBe('node-01.example.com');
    expect(host.daemon).toEqual({ dataRoot: '/data/docker', tcpHosts: [`${instance.PrivateIpAddress}:2375`] });
    expect(host.swarm).toMatchObject({ role: 'manager', managerAddr: `${instance.PrivateIpAddress}:2377` });
  });

  it('joins the worker to that manager with the token read from it at run time', () => {
    const account = sandboxAccount(dir);
    const lead = node(account, 'node-01.example.com');
    const { instance, host } = node(account, 'node-02.example.com');
    expect(instance.Tags['lamp:swarm-role']).toBe('worker');
    expect(host.swarm).toMatchObject({ role: 'worker', clusterId: lead.host.swarm!.clusterId, managerAddr: lead.host.swarm!.managerAddr });
    expect(lead.host.swarm!.members!.map((m) => [m.hostname, m.role])).toEqual([
      ['node-01.example.com', 'manager'],
      ['node-02.example.com', 'worker'],
    ]);
    const state = readState(dir, runIdOf(worker));
    expect(state.steps.find((s) => s.id === 'swarm-join')?.status).toBe('changed');
    expect(state.steps.find((s) => s.id === 'swarm-init')?.status).toBe('skipped');
    expect(state.steps.find((s) => s.id === 'swarm-state')?.evidence.join('\n')).toMatch(/swarm worker/);
  });

  it('writes the private key once, readable only by its owner; the key and the join token are in no state file, report or output', () => {
    const keyFile = join(dir, 'output', 'lamp-swarm-node', 'lamp-node.pem');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8');
    expect(key).toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    const keyBody = key.split('\n')[1]!;
    const token = node(sandboxAccount(dir), 'node-01.example.com').host.swarm!.tokens!.worker;
    const texts = [
      ...filesUnder(join(dir, 'runs')),
      ...filesUnder(join(dir, 'reports')),
    ].map((f) => readFileSync(f, 'utf8'));
    texts.push(manager.stdout, manager.stderr, worker.stdout, worker.stderr);
    expect(texts.length).toBeGreaterThan(6);
    for (const text of texts) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(keyBody);
    }
    // SSM's command history, like AWS's, keeps the join command: it names the parameter, never the token,
    // and the parameter the worker read is gone once the command finished.
    const joins = region(dir).commands.filter((c) => c.text.includes('lamp-swarm-node/swarm-join\n'));
    expect(joins).toHaveLength(1);
    expect(joins[0]!.text).not.toContain(token);
    expect(joins[0]!.text).toMatch(/TOKEN=\$\(aws ssm get-parameter --region 'us-east-1' --name '\/runbook\/lamp-swarm-node-[^/]+\/swarm-join\/token' --with-decryption/);
    expect(Object.keys(region(dir).parameters).filter((p) => p.startsWith('/runbook/'))).toEqual([]);
  });

  it('a dry-run of a new worker reads the token, plans the join with it, and writes it nowhere', async () => {
    const dry = await runCli([...base(dir), '--param', 'dnsName=node-03.example.com', '--param', 'role=worker', '--param', 'hostedZone=example.com', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const token = node(sandboxAccount(dir), 'node-01.example.com').host.swarm!.tokens!.worker;
    const state = readState(dir, runIdOf(dry));
    expect(mutatingCallsSent(state)).toEqual([]);
    expect(state.steps.find((s) => s.id === 'join-token')?.status).toBe('ok');
    expect(state.steps.find((s) => s.id === 'swarm-join')?.plan?.map((c) => [c.operation, c.input])).toEqual([
      ['PutParameter', { Name: '/runbook/<run>/<step>/token', Type: 'SecureString', Value: '(secret)' }],
      ['SendCommand', expect.objectContaining({ secretsByReference: ['TOKEN'] })],
      ['DeleteParameter', { Name: '/runbook/<run>/<step>/token' }],
    ]);
    expect(readFileSync(join(dir, 'runs', `${runIdOf(dry)}.json`), 'utf8')).not.toContain(token);
    expect(dry.stdout + dry.stderr).not.toContain(token);
  });

  it('changes nothing when run again, manager and worker: every step ok, no mutating call', async () => {
    for (const params of [MANAGER, WORKER]) {
      const again = await runCli([...base(dir), ...params]);
      expect(again.code, again.stderr).toBe(0);
      const state = readState(dir, runIdOf(again));
      expect(mutatingCallsSent(state)).toEqual([]);
      expect(state.steps.filter((s) => s.status !== 'skipped').every((s) => s.status === 'ok')).toBe(true);
    }
    const r = region(dir);
    expect(Object.keys(r.instances)).toHaveLength(2);
    expect(Object.values(r.volumes).filter((v) => v.Tags['runbook:step'] === 'data-volume')).toHaveLength(2);
    expect(Object.keys(r.addresses)).toHaveLength(2);
  });
});

describe('lamp-swarm-node dry-run', () => {
  it('sends no write and lists the writes it would make', async () => {
    const dir = tempStateDir();
    const result = await runCli([...base(dir), ...MANAGER, '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    const state = readState(dir, runIdOf(result));
    expect(mutatingCallsSent(state)).toEqual([]);
    const planned = state.steps.flatMap((s) => s.plan ?? []).map((p) => p.operation);
    expect(planned).toEqual(expect.arrayContaining(['CreateRole', 'CreateSecurityGroup', 'CreateKeyPair', 'RunInstances', 'CreateVolume', 'AttachVolume', 'AllocateAddress', 'SendCommand']));
    expect(state.steps.find((s) => s.id === 'launch-instance')?.plan?.[0]?.input).toMatchObject({ DisableApiTermination: true, MetadataOptions: { HttpTokens: 'required' } });
    expect(Object.keys(region(dir).instances)).toHaveLength(0);
  });
});

describe('lamp-swarm-node after a fault', () => {
  it('stops at the failed step and the resume ends with one instance and one data volume', async () => {
    const dir = tempStateDir();
    const failed = await runCli([...base(dir), ...MANAGER, '--sandbox-fault', 'data-volume']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Step data-volume failed/);
    const runId = runIdOf(failed);
    expect(readState(dir, runId).steps.find((s) => s.id === 'launch-instance')?.status).toBe('changed');

    const resumed = await runCli(['resume', runId, '--sandbox', '--non-interactive', '--state-dir', dir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const r = region(dir);
    expect(Object.keys(r.instances)).toHaveLength(1);
    expect(Object.values(r.volumes).filter((v) => v.Tags['runbook:step'] === 'data-volume')).toHaveLength(1);
    expect(Object.keys(r.keyPairs)).toEqual(['lamp-node']);
  });
});

describe('lamp-swarm-node without a hosted zone', () => {
  it('stops at a manual step that names the record, and --ack lets the resume finish', async () => {
    const dir = tempStateDir();
    const stopped = await runCli([...base(dir), '--param', 'dnsName=node-01.example.com']);
    expect(stopped.code).toBe(3);
    expect(stopped.stderr).toMatch(/--ack dns-record-manually/);
    const runId = runIdOf(stopped);
    const address = Object.values(region(dir).addresses)[0]!;
    const waiting = readState(dir, runId).steps.find((s) => s.id === 'dns-record-manually')!;
    expect(waiting.status).toBe('manual-pending');
    expect(waiting.evidence.join('\n')).toContain(`node-01.example.com.  300  IN  A  ${address.PublicIp}`);
    expect(sandboxAccount(dir).route53?.zones['Z0SANDBOX0EXAMPLE0COM']?.records['node-01.example.com.|A']).toBeUndefined();

    const resumed = await runCli(['resume', runId, '--sandbox', '--non-interactive', '--state-dir', dir, '--ack', 'dns-record-manually']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readState(dir, runId).steps.find((s) => s.id === 'dns-resolves')?.status).toBe('skipped');
  });

  it('refuses a DNS name that is not a host name before any AWS call', async () => {
    const dir = tempStateDir();
    const result = await runCli([...base(dir), '--param', 'dnsName=node_01.example.com']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Parameter dnsName: expected a DNS host name/);
  });
});
