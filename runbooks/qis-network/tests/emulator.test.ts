/**
 * qis-network against moto, which implements EC2, classic ELB and ACM: a
 * dry-run reads and sends no write; the run builds everything (the VPC and
 * its subnets, the groups with their egress, the certificate and qis-lb),
 * read back from moto. moto keeps no InstanceProtocol (its HTTPS listener
 * answers HTTPS to the instances, a listed difference), so the load
 * balancer's verification fails saying so, and a second run sends writes
 * for that listener only.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { ACMClient, DescribeCertificateCommand, ListCertificatesCommand } from '../../../src/aws/sdk/acm.js';
import { DescribeInternetGatewaysCommand, DescribeRouteTablesCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '../../../src/aws/sdk/ec2.js';
import { DescribeLoadBalancersCommand, DescribeTagsCommand, ElasticLoadBalancingClient } from '../../../src/aws/sdk/elb.js';
import { tempStateDir } from '../../../test/helpers/cli.js';
import { expectNoWorldIngress, expectRunbookTags, groupNamed, tagsOf } from '../../../test/emulator/claims.js';
import { motoClients, runOnMoto, statuses, writesSent, type MotoClients, type RunOutcome } from '../../../test/emulator/cli.js';
import { EMULATOR_REGION, motoAvailable, useMoto } from '../../../test/emulator/moto.js';

const RUN = ['run', 'qis-network', '--non-interactive', '--param', 'operatorCidr=203.0.113.7/32'];

describe.skipIf(!motoAvailable())('qis-network against moto', () => {
  const moto = useMoto();
  const dir = tempStateDir('qis-network-moto-');
  let aws: MotoClients;
  let elb: ElasticLoadBalancingClient;
  let acm: ACMClient;
  let dry: RunOutcome;
  let first: RunOutcome;

  beforeAll(async () => {
    aws = motoClients(moto.current);
    const config = { endpoint: moto.current.endpoint, region: EMULATOR_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
    elb = new ElasticLoadBalancingClient(config);
    acm = new ACMClient(config);
    dry = await runOnMoto(moto.current, dir, [...RUN, '--dry-run']);
    first = await runOnMoto(moto.current, dir, RUN);
  });
  afterAll(() => {
    elb?.destroy();
    acm?.destroy();
  });

  it('a dry-run sends no write and plans the VPC, the certificate and the load balancer', () => {
    expect(dry.code, dry.stderr).toBe(0);
    expect(writesSent(dry.state)).toEqual([]);
    expect(dry.step('vpc').plan?.[0]).toMatchObject({ operation: 'CreateVpc', input: { CidrBlock: '192.168.0.0/16' } });
    expect(dry.step('load-balancer').plan?.map((p) => p.operation)).toEqual(['CreateLoadBalancer', 'ConfigureHealthCheck']);
  });

  it('runs to the load balancer, whose verification says the HTTPS listener moto keeps is not the one asked for', () => {
    expect(first.code).toBe(1);
    const { 'load-balancer': lb, ...others } = statuses(first.state);
    expect(lb).toBe('failed');
    // The Application Load Balancer's steps are skipped: loadBalancerType is classic by default.
    expect(Object.values(others).every((s) => s === 'changed' || s === 'ok' || s === 'skipped')).toBe(true);
    expect(Object.entries(others).filter(([, s]) => s === 'skipped').map(([id]) => id)).toEqual(['target-group', 'application-load-balancer', 'http-listener', 'https-listener']);
    expect(first.step('load-balancer').error?.message).toBe('Load balancer qis-lb still lacks the listener HTTPS 443 -> HTTP 80, no other listener on 443.');
  });

  it('made qis-vpc with three /20s in three zones, the gateway attached and the main table routing to it', async () => {
    const vpc = (await aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['qis-vpc'] }] }))).Vpcs!;
    expect(vpc).toHaveLength(1);
    const vpcId = vpc[0]!.VpcId!;
    expectRunbookTags(vpc[0]!.Tags, { name: 'qis-vpc', runbook: 'qis-network', runId: first.runId });
    const subnets = (await aws.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets!;
    expect(subnets.map((s) => [tagsOf(s.Tags).Name, s.CidrBlock, s.AvailabilityZone, s.MapPublicIpOnLaunch]).sort()).toEqual([
      ['qis-subnet-1a', '192.168.0.0/20', 'us-east-1a', true],
      ['qis-subnet-1b', '192.168.16.0/20', 'us-east-1b', true],
      ['qis-subnet-1c', '192.168.32.0/20', 'us-east-1c', true],
    ]);
    const gateway = (await aws.ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] }))).InternetGateways![0]!;
    expect(tagsOf(gateway.Tags).Name).toBe('qis-vpc-ig');
    const main = (await aws.ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }] }))).RouteTables![0]!;
    expect(main.Routes?.some((r) => r.DestinationCidrBlock === '0.0.0.0/0' && r.GatewayId === gateway.InternetGatewayId)).toBe(true);
  });

  it('made the groups: egress only to the default group, only 80 and 443 open to the internet, SSH from the operator', async () => {
    const vpcId = String(first.step('vpc').outputs.vpcId);
    const member = String(first.step('default-security-group').outputs.groupId);
    const lb = await groupNamed(aws, 'qis-lb-sg', vpcId);
    expectNoWorldIngress(lb, [80, 443]);
    for (const name of ['qis-lb-sg', 'qis-internal-sg', 'qis-external-ssh-sg']) {
      const group = await groupNamed(aws, name, vpcId);
      const egress = (group.IpPermissionsEgress ?? []).flatMap((p) => [...(p.IpRanges ?? []).map((r) => `${p.IpProtocol}:${r.CidrIp}`), ...(p.UserIdGroupPairs ?? []).map((u) => `${p.IpProtocol}:${u.GroupId === member ? 'default' : u.GroupId}`)]);
      expect(egress, name).toEqual(['-1:default']);
    }
    const ssh = await groupNamed(aws, 'qis-external-ssh-sg', vpcId);
    expect((ssh.IpPermissions ?? []).flatMap((p) => (p.IpRanges ?? []).map((r) => `${p.FromPort}:${r.CidrIp}`))).toEqual(['22:203.0.113.7/32']);
  });

  it('made qis-lb in the three subnets with HTTP and HTTPS to 80 and the imported certificate, tagged', async () => {
    const lb = (await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerNames: ['qis-lb'] }))).LoadBalancerDescriptions![0]!;
    expect(lb.Scheme).toBe('internet-facing');
    expect([...(lb.Subnets ?? [])].sort()).toEqual([...(first.step('qis-subnets').outputs.subnetIds as string[])].sort());
    expect(lb.HealthCheck?.Target).toBe('HTTP:80/');
    const arn = String(first.step('certificate').outputs.certificateArn);
    expect((lb.ListenerDescriptions ?? []).map((d) => `${d.Listener?.Protocol}:${d.Listener?.LoadBalancerPort}>${d.Listener?.InstancePort}:${d.Listener?.SSLCertificateId ?? ''}`).sort()).toEqual(['HTTP:80>80:', `HTTPS:443>80:${arn}`]);
    expect(first.step('load-balancer').calls.filter((c) => c.mutating && c.sent).map((c) => c.operation)).toEqual(['CreateLoadBalancer', 'ConfigureHealthCheck']);
    const tags = (await elb.send(new DescribeTagsCommand({ LoadBalancerNames: ['qis-lb'] }))).TagDescriptions![0]!.Tags;
    expectRunbookTags(tags, { name: 'qis-lb', runbook: 'qis-network', runId: first.runId });
    const cert = (await acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate!;
    expect([cert.Type, cert.DomainName, cert.Status]).toEqual(['IMPORTED', 'qis.example.com', 'ISSUED']);
    expect(JSON.stringify(first.state)).not.toMatch(/PRIVATE KEY/);
  });

  it('a second run writes nothing but the HTTPS listener moto got wrong', async () => {
    const again = await runOnMoto(moto.current, dir, RUN);
    expect(again.code).toBe(1);
    expect(writesSent(again.state)).toEqual(['load-balancer elb:DeleteLoadBalancerListeners', 'load-balancer elb:CreateLoadBalancerListeners']);
    expect((await acm.send(new ListCertificatesCommand({}))).CertificateSummaryList).toHaveLength(1);
  });
});
