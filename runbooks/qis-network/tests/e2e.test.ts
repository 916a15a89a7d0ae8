/**
 * The CLI end to end in the sandbox: the rehearsal (the three subnets and
 * the certificate made side by side), a second run that sends no write, a
 * dry-run that sends none, a fault and its resume with no twin, destroy,
 * and the refusals before any AWS call.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SandboxAccountState } from '../../../src/sandbox/index.js';
import type { RunState } from '../../../src/engine/state/state.js';
import { mutatingCallsSent, readState, runCli, runIdOf, sandboxAccount, succeededRun, tempStateDir } from '../../../test/helpers/cli.js';

const RUN = (dir: string, extra: string[] = []) => ['run', 'qis-network', '--sandbox', '--non-interactive', '--state-dir', dir, '--param', 'operatorCidr=203.0.113.7/32', ...extra];

function region(account: SandboxAccountState) {
  return account.regions['us-east-1']!;
}

function qisVpc(account: SandboxAccountState) {
  return Object.values(region(account).vpcs).filter((v) => v.Tags.Name === 'qis-vpc');
}

function groupsOf(account: SandboxAccountState, vpcId: string) {
  return Object.fromEntries(Object.values(region(account).securityGroups).filter((g) => g.VpcId === vpcId).map((g) => [g.Tags.Name ?? g.GroupName, g]));
}

/** The steps' [start, end] in ms. */
function spans(state: RunState, ids: string[]): [number, number][] {
  return ids.map((id) => state.steps.find((s) => s.id === id)!).map((s) => [Date.parse(s.startedAt!), Date.parse(s.finishedAt!)]);
}

describe('the rehearsal in the sandbox', () => {
  const dir = tempStateDir();
  let first: RunState;

  beforeAll(async () => {
    first = await succeededRun(RUN(dir), dir);
  });

  it('builds qis-vpc: three /20s in the region\'s first three zones, named after them, the gateway attached and the main table routing to it', () => {
    const account = sandboxAccount(dir);
    const [vpc] = qisVpc(account);
    expect(vpc?.CidrBlock).toBe('192.168.0.0/16');
    const subnets = Object.values(region(account).subnets).filter((s) => s.VpcId === vpc!.VpcId);
    expect(subnets.map((s) => [s.Tags.Name, s.CidrBlock, s.AvailabilityZone]).sort()).toEqual([
      ['qis-subnet-1a', '192.168.0.0/20', 'us-east-1a'],
      ['qis-subnet-1b', '192.168.16.0/20', 'us-east-1b'],
      ['qis-subnet-1c', '192.168.32.0/20', 'us-east-1c'],
    ]);
    const gateway = Object.values(region(account).internetGateways ?? {}).find((g) => g.attachedVpcId === vpc!.VpcId);
    expect(gateway?.Tags.Name).toBe('qis-vpc-ig');
    const tables = Object.values(region(account).routeTables ?? {}).filter((t) => t.VpcId === vpc!.VpcId);
    expect(tables.map((t) => [t.main, t.routes])).toEqual([[true, [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: gateway!.InternetGatewayId }]]]);
  });

  it('makes the three subnets side by side, and the certificate alongside the network', () => {
    const subnets = spans(first, ['subnet-1', 'subnet-2', 'subnet-3']);
    expect(Math.max(...subnets.map(([start]) => start))).toBeLessThan(Math.min(...subnets.map(([, end]) => end)));
    const [certificate, vpc] = spans(first, ['certificate', 'vpc']);
    expect(certificate![0]).toBeLessThan(vpc![1]);
  });

  it('names the default group and makes the three groups with egress only to it', () => {
    const account = sandboxAccount(dir);
    const groups = groupsOf(account, qisVpc(account)[0]!.VpcId);
    const member = groups['qis-vpc-default-sg']!.GroupId;
    const rules = (g: (typeof groups)[string]) => g.ingress.map((r) => `${r.IpProtocol}/${r.FromPort}:${r.CidrIpv4 ?? (r.ReferencedGroupId === member ? 'default' : r.ReferencedGroupId)}`).sort();
    const egress = (g: (typeof groups)[string]) => g.egress.map((r) => `${r.IpProtocol}:${r.CidrIpv4 ?? (r.ReferencedGroupId === member ? 'default' : r.ReferencedGroupId)}`);
    expect(groups['qis-vpc-default-sg']!.GroupName).toBe('default');
    expect(rules(groups['qis-lb-sg']!)).toEqual(['tcp/443:0.0.0.0/0', 'tcp/80:0.0.0.0/0']);
    expect(rules(groups['qis-internal-sg']!)).toEqual(['tcp/11211:default', 'tcp/22:default', 'tcp/443:default', 'tcp/5432:default', 'tcp/80:default']);
    expect(rules(groups['qis-external-ssh-sg']!)).toEqual(['tcp/22:203.0.113.7/32']);
    for (const name of ['qis-lb-sg', 'qis-internal-sg', 'qis-external-ssh-sg']) expect(egress(groups[name]!), name).toEqual(['-1:default']);
  });

  it('makes qis-lb in every qis-subnet-*, HTTP and HTTPS to 80 with the imported self-signed certificate; its key is nowhere', () => {
    const account = sandboxAccount(dir);
    const lb = region(account).classicLoadBalancers!['qis-lb']!;
    const vpcId = qisVpc(account)[0]!.VpcId;
    const subnetIds = Object.values(region(account).subnets).filter((s) => s.VpcId === vpcId).map((s) => s.SubnetId);
    expect([...lb.Subnets].sort()).toEqual([...subnetIds].sort());
    expect([lb.Scheme, lb.SecurityGroups]).toEqual(['internet-facing', [groupsOf(account, vpcId)['qis-lb-sg']!.GroupId]]);
    const [cert] = Object.values(region(account).certificates ?? {});
    expect(lb.Listeners).toEqual([
      { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 },
      { Protocol: 'HTTPS', LoadBalancerPort: 443, InstanceProtocol: 'HTTP', InstancePort: 80, SSLCertificateId: cert!.CertificateArn },
    ]);
    expect(lb.HealthCheck.Target).toBe('HTTP:80/');
    expect([cert!.DomainName, cert!.Tags.Name, cert!.KeyAlgorithm]).toEqual(['qis.example.com', 'qis-lb-certificate', 'RSA_2048']);
    expect(JSON.stringify(first)).not.toMatch(/PRIVATE KEY/);
  });

  it('changes nothing when run again', async () => {
    const again = await runCli(RUN(dir));
    expect(again.code, again.stderr).toBe(0);
    const state = readState(dir, runIdOf(again));
    expect(mutatingCallsSent(state)).toEqual([]);
    expect(state.steps.filter((s) => s.status !== 'ok').map((s) => `${s.id}:${s.status}`)).toEqual(['target-group:skipped', 'application-load-balancer:skipped', 'http-listener:skipped', 'https-listener:skipped']);
    expect(Object.keys(region(sandboxAccount(dir)).certificates ?? {})).toHaveLength(1);
  });

  it('destroy removes everything it made: the load balancer, the certificate, the groups, the subnets, then the VPC and its gateway', async () => {
    const vpcId = qisVpc(sandboxAccount(dir))[0]!.VpcId;
    const destroyed = await runCli(['destroy', first.runId, '--sandbox', '--yes', '--state-dir', dir]);
    expect(destroyed.code, destroyed.stderr).toBe(0);
    const account = sandboxAccount(dir);
    expect(region(account).classicLoadBalancers ?? {}).toEqual({});
    expect(region(account).certificates ?? {}).toEqual({});
    expect(Object.values(region(account).securityGroups).filter((g) => g.VpcId === vpcId)).toEqual([]);
    expect(Object.values(region(account).subnets).filter((s) => s.VpcId === vpcId)).toEqual([]);
    expect(qisVpc(account)).toEqual([]);
  });
});

describe('dry-run', () => {
  it('plans every write and sends none', async () => {
    const dir = tempStateDir();
    const run = await runCli([...RUN(dir), '--dry-run']);
    expect(run.code, run.stderr).toBe(0);
    const state = readState(dir, runIdOf(run));
    expect(mutatingCallsSent(state)).toEqual([]);
    const planned = state.steps.flatMap((s) => s.plan ?? []).map((p) => p.operation);
    expect(planned).toEqual(expect.arrayContaining(['CreateVpc', 'CreateSubnet', 'CreateRoute', 'RevokeSecurityGroupEgress', 'ImportCertificate', 'CreateLoadBalancer', 'ConfigureHealthCheck']));
    expect(qisVpc(sandboxAccount(dir))).toEqual([]);
  });
});

describe('a fault, then resume', () => {
  it('stops at the failed load balancer, and the resume makes one of each', async () => {
    const dir = tempStateDir();
    const failed = await runCli([...RUN(dir), '--sandbox-fault', 'load-balancer']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Step load-balancer failed/);
    const resumed = await runCli(['resume', runIdOf(failed), '--sandbox', '--non-interactive', '--state-dir', dir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const account = sandboxAccount(dir);
    expect(qisVpc(account)).toHaveLength(1);
    expect(Object.keys(region(account).classicLoadBalancers ?? {})).toEqual(['qis-lb']);
    expect(Object.keys(region(account).certificates ?? {})).toHaveLength(1);
    expect(Object.values(region(account).subnets).filter((s) => s.Tags['runbook:id'] === 'qis-network')).toHaveLength(3);
  });
});

describe('refusals before any AWS call', () => {
  it.each([
    [['--param', 'operatorCidr=0.0.0.0/0'], 3, /Missing parameters: sshOpenToWorld \(one of ssh-open-to-the-world\)/],
    [['--param', 'operatorCidr=203.0.113.7/32', '--param', 'vpcCidr=10.0.0.0/26'], 2, /Parameter vpcCidr: expected a block from \/16 to \/24/],
    [['--param', 'operatorCidr=203.0.113.7/32', '--param', 'subnetCount=4'], 2, /Parameter subnetCount: expected a whole number from 2 to 3/],
  ])('%j', async (params, code, message) => {
    const dir = tempStateDir();
    const run = await runCli(['run', 'qis-network', '--sandbox', '--non-interactive', '--state-dir', dir, ...params]);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
  });

  it('opens SSH to the world only when the risk is named', async () => {
    const dir = tempStateDir();
    const run = await runCli(['run', 'qis-network', '--sandbox', '--non-interactive', '--state-dir', dir, '--param', 'operatorCidr=0.0.0.0/0', '--param', 'sshOpenToWorld=ssh-open-to-the-world', '--param', 'subnetCount=2']);
    expect(run.code, run.stderr).toBe(0);
    const account = sandboxAccount(dir);
    const ssh = groupsOf(account, qisVpc(account)[0]!.VpcId)['qis-external-ssh-sg']!;
    expect(ssh.ingress.map((r) => [r.CidrIpv4, r.Description])).toEqual([['0.0.0.0/0', 'operator SSH (risk accepted: ssh-open-to-the-world)']]);
    expect(region(account).classicLoadBalancers!['qis-lb']!.Subnets).toHaveLength(2);
  });
});

describe('with an Application Load Balancer', () => {
  it('makes qis-lb as an ALB in every qis-subnet-*, its target group and the HTTP and HTTPS listeners, and no classic one; a second run changes nothing', async () => {
    const dir = tempStateDir();
    const run = await runCli(RUN(dir, ['--param', 'loadBalancerType=application']));
    expect(run.code, run.stderr).toBe(0);
    const account = sandboxAccount(dir);
    const [vpc] = qisVpc(account);
    const [lb] = Object.values(region(account).loadBalancers ?? {});
    expect([lb!.LoadBalancerName, lb!.Scheme, lb!.subnetIds.length]).toEqual(['qis-lb', 'internet-facing', 3]);
    expect(lb!.SecurityGroups).toEqual([groupsOf(account, vpc!.VpcId)['qis-lb-sg']!.GroupId]);
    const [tg] = Object.values(region(account).targetGroups ?? {});
    expect([tg!.TargetGroupName, tg!.Port, tg!.HealthCheckPath]).toEqual(['qis-lb', 80, '/']);
    const listeners = Object.values(region(account).listeners ?? {}).map((l) => [l.Port, l.Protocol, l.TargetGroupArn === tg!.TargetGroupArn, Boolean(l.CertificateArn)]);
    expect(listeners.sort()).toEqual([[443, 'HTTPS', true, true], [80, 'HTTP', true, false]]);
    expect(region(account).classicLoadBalancers ?? {}).toEqual({});
    const again = await runCli(RUN(dir, ['--param', 'loadBalancerType=application']));
    expect(again.code, again.stderr).toBe(0);
    expect(mutatingCallsSent(readState(dir, runIdOf(again)))).toEqual([]);
  });
});
