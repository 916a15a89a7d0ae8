/** Classic load balancers and the ACM certificate their HTTPS listener names, as qis-network makes them. */
import { DeleteCertificateCommand, DescribeCertificateCommand, ImportCertificateCommand, ListCertificatesCommand, ListTagsForCertificateCommand } from '../../../src/aws/sdk/acm.js';
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand } from '../../../src/aws/sdk/ec2.js';
import {
  AddTagsCommand,
  ApplySecurityGroupsToLoadBalancerCommand,
  AttachLoadBalancerToSubnetsCommand,
  ConfigureHealthCheckCommand,
  CreateLoadBalancerCommand,
  CreateLoadBalancerListenersCommand,
  DeleteLoadBalancerCommand,
  DeleteLoadBalancerListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
} from '../../../src/aws/sdk/elb.js';
import { selfSignedCertificate } from '../../../src/steps/acm/self-signed.js';
import { shapeOf, tag, type Probe, type ServiceContract } from '../harness.js';

const OURS = [{ Key: 'runbook:id', Value: 'contract' }];

async function importOne(t: Probe, name: string): Promise<string> {
  const made = await selfSignedCertificate(`${name}.example.com`, 30);
  const res = await t.aws.acm.send(new ImportCertificateCommand({ Certificate: Buffer.from(made.certificatePem), PrivateKey: Buffer.from(made.privateKeyPem), Tags: [...OURS, { Key: 'Name', Value: name }] }));
  return res.CertificateArn!;
}

export const acmContract: ServiceContract = {
  service: 'acm',
  scenarios: [
    {
      name: 'a self-signed certificate as acm.certificate imports it: found by its tags, described, deleted',
      operations: ['acm:ImportCertificate', 'acm:ListCertificates', 'acm:ListTagsForCertificate', 'acm:DescribeCertificate', 'acm:DeleteCertificate'],
      async run(t) {
        const name = t.unique('contract-cert');
        const arn = await importOne(t, name);
        t.observe('ImportCertificate answers an ACM ARN', /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/.test(arn));
        const list = await t.aws.acm.send(new ListCertificatesCommand({ CertificateStatuses: ['ISSUED'] }));
        t.observe('ListCertificates', shapeOf({ c: list.CertificateSummaryList?.filter((c) => c.CertificateArn === arn) }, ['c[].CertificateArn', 'c[].DomainName']));
        const tags = (await t.aws.acm.send(new ListTagsForCertificateCommand({ CertificateArn: arn }))).Tags;
        t.observe('its tags', [tag(tags, 'Name') === name, tag(tags, 'runbook:id')]);
        const d = (await t.aws.acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate!;
        t.observe('DescribeCertificate', shapeOf(d, ['CertificateArn', 'DomainName', 'Status', 'Type', 'NotAfter', 'NotBefore', 'KeyAlgorithm']));
        t.observe('imported, issued, for its name', [d.Type, d.Status, d.DomainName === `${name}.example.com`, d.KeyAlgorithm]);
        t.observe('a key that is not the certificate\'s', await t.outcome(t.aws.acm.send(new ImportCertificateCommand({ Certificate: Buffer.from((await selfSignedCertificate('a.example.com', 30)).certificatePem), PrivateKey: Buffer.from((await selfSignedCertificate('b.example.com', 30)).privateKeyPem) }))));
        await t.aws.acm.send(new DeleteCertificateCommand({ CertificateArn: arn }));
        t.observe('after DeleteCertificate', await t.outcome(t.aws.acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))));
      },
    },
  ],
};

export const elbContract: ServiceContract = {
  service: 'elb',
  scenarios: [
    {
      name: 'a classic load balancer as elb.classicLoadBalancer makes it: HTTPS with an ACM certificate, health check, listeners, subnets, groups, tags',
      operations: [
        'elb:CreateLoadBalancer',
        'elb:DescribeLoadBalancers',
        'elb:DescribeTags',
        'elb:AddTags',
        'elb:ConfigureHealthCheck',
        'elb:CreateLoadBalancerListeners',
        'elb:DeleteLoadBalancerListeners',
        'elb:AttachLoadBalancerToSubnets',
        'elb:ApplySecurityGroupsToLoadBalancer',
        'elb:DeleteLoadBalancer',
      ],
      async run(t) {
        const name = t.unique('clb').slice(0, 32);
        const vpcId = (await t.aws.ec2.send(new CreateVpcCommand({ CidrBlock: '10.70.0.0/16' }))).Vpc!.VpcId!;
        const subnet = (cidr: string, zone: string) => t.aws.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone })).then((r) => r.Subnet!.SubnetId!);
        const [a, b] = [await subnet('10.70.0.0/20', 'us-east-1a'), await subnet('10.70.16.0/20', 'us-east-1b')];
        const group = (n: string) => t.aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: `${name}-${n}`, Description: 'contract', VpcId: vpcId })).then((r) => r.GroupId!);
        const [g1, g2] = [await group('one'), await group('two')];
        const cert = await importOne(t, `${name}-cert`);
        const describe = () => t.aws.elb.send(new DescribeLoadBalancersCommand({ LoadBalancerNames: [name] })).then((r) => r.LoadBalancerDescriptions![0]!);

        t.observe('an unknown load balancer', await t.outcome(t.aws.elb.send(new DescribeLoadBalancersCommand({ LoadBalancerNames: [name] }))));
        const listeners = [
          { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 },
          { Protocol: 'HTTPS', LoadBalancerPort: 443, InstanceProtocol: 'HTTP', InstancePort: 80, SSLCertificateId: cert },
        ];
        const created = await t.aws.elb.send(new CreateLoadBalancerCommand({ LoadBalancerName: name, Scheme: 'internet-facing', Subnets: [a], SecurityGroups: [g1], Listeners: listeners, Tags: [...OURS, { Key: 'Name', Value: name }] }));
        t.observe('CreateLoadBalancer', shapeOf(created, ['DNSName']));
        t.observe('an HTTPS listener with an unknown certificate', await t.outcome(t.aws.elb.send(new CreateLoadBalancerCommand({ LoadBalancerName: `${name.slice(0, 28)}-bad`, Subnets: [a], SecurityGroups: [g1], Listeners: [{ ...listeners[1]!, SSLCertificateId: `${cert.slice(0, -4)}dead` }] }))));
        const health = { Target: 'HTTP:80/', Interval: 30, Timeout: 5, HealthyThreshold: 3, UnhealthyThreshold: 2 };
        t.observe('ConfigureHealthCheck', shapeOf(await t.aws.elb.send(new ConfigureHealthCheckCommand({ LoadBalancerName: name, HealthCheck: health })), ['HealthCheck.Target', 'HealthCheck.Interval']));
        await t.aws.elb.send(new AttachLoadBalancerToSubnetsCommand({ LoadBalancerName: name, Subnets: [b] }));
        await t.aws.elb.send(new ApplySecurityGroupsToLoadBalancerCommand({ LoadBalancerName: name, SecurityGroups: [g2] }));
        await t.aws.elb.send(new DeleteLoadBalancerListenersCommand({ LoadBalancerName: name, LoadBalancerPorts: [80] }));
        await t.aws.elb.send(new CreateLoadBalancerListenersCommand({ LoadBalancerName: name, Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 8080 }] }));
        await t.aws.elb.send(new AddTagsCommand({ LoadBalancerNames: [name], Tags: [{ Key: 'runbook:run-id', Value: 'contract-run' }] }));
        const lb = await describe();
        t.observe('DescribeLoadBalancers', shapeOf(lb, ['LoadBalancerName', 'DNSName', 'Scheme', 'VPCId', 'Subnets', 'SecurityGroups', 'ListenerDescriptions[].Listener.Protocol', 'ListenerDescriptions[].Listener.LoadBalancerPort', 'ListenerDescriptions[].Listener.InstancePort', 'HealthCheck.Target']));
        t.observe('what it holds', [
          lb.Scheme,
          lb.VPCId === vpcId,
          [...(lb.Subnets ?? [])].sort().join() === [a, b].sort().join(),
          lb.SecurityGroups?.join() === g2,
          (lb.ListenerDescriptions ?? []).map((d) => `${d.Listener?.Protocol}:${d.Listener?.LoadBalancerPort}>${d.Listener?.InstancePort}:${d.Listener?.SSLCertificateId === cert}`).sort(),
          lb.HealthCheck,
        ]);
        t.observe('the HTTPS listener sends plain HTTP to the instances', lb.ListenerDescriptions?.find((d) => d.Listener?.LoadBalancerPort === 443)?.Listener?.InstanceProtocol);
        const tags = (await t.aws.elb.send(new DescribeTagsCommand({ LoadBalancerNames: [name] }))).TagDescriptions?.[0]?.Tags;
        t.observe('its tags', [tag(tags, 'Name') === name, tag(tags, 'runbook:id'), tag(tags, 'runbook:run-id')]);
        t.observe('the same name again, otherwise made', await t.outcome(t.aws.elb.send(new CreateLoadBalancerCommand({ LoadBalancerName: name, Subnets: [a], SecurityGroups: [g1], Listeners: [{ Protocol: 'TCP', LoadBalancerPort: 22, InstanceProtocol: 'TCP', InstancePort: 22 }] }))));
        await t.aws.elb.send(new DeleteLoadBalancerCommand({ LoadBalancerName: name }));
        t.observe('after DeleteLoadBalancer', await t.outcome(describe()));
        t.observe('deleting it again', await t.outcome(t.aws.elb.send(new DeleteLoadBalancerCommand({ LoadBalancerName: name }))));
      },
    },
  ],
};
