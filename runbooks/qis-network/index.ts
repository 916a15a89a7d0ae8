/**
 * Runbook `qis-network`: seed 004, "Manual deployment": "VPC configuration",
 * "Security groups" and "Load balancer". The VPC qis-vpc with two or three
 * /20 subnets made side by side in the region's own zones, its internet
 * gateway and the main table's default route; the default group named, the
 * three QIS groups with egress only to it; the classic load balancer qis-lb
 * with HTTP and HTTPS to port 80 and a certificate (given, or self-signed
 * in memory and imported to ACM).
 */
import { acm, defineRunbook, ec2, elb, elbv2, firstOf, param, runbookDir, type Condition } from '../../src/authoring/index.js';
import { decisions, sourceSteps } from './source-map.js';

const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:certificate\/[0-9a-f-]{36}$/;
const FILE = /^[^\n\r\0]+$/;
const WORLD = '0.0.0.0/0';
const SSH_RISK = 'ssh-open-to-the-world';
const SUBNET_PREFIX = 'qis-subnet-';
const classic: Condition = { describe: 'loadBalancerType is classic', test: (p) => p.loadBalancerType !== 'application' };
const application: Condition = { describe: 'loadBalancerType is application', test: (p) => p.loadBalancerType === 'application' };


export default defineRunbook({
  id: 'qis-network',
  title: "QIS's network: the VPC, its security groups and the load balancer",
  summary:
    'Builds qis-vpc (192.168.0.0/16 by default) with a /20 subnet in each of two or three of the region\'s zones, made side by side, the internet gateway qis-vpc-ig and the main route table\'s default route; names the default group qis-vpc-default-sg; makes qis-lb-sg (80 and 443 from anywhere), qis-internal-sg (80, 443, 22, 5432, 11211 from the default group) and qis-external-ssh-sg (22 from your address), each with egress only to the default group; and the internet-facing classic load balancer qis-lb in every qis-subnet-*, HTTP 80 and HTTPS 443 to HTTP 80, health check / on 80, with your certificate or a temporary self-signed one imported to ACM.',
  source: { file: '004_870db3c3aadd29f3.txt', procedure: 'Manual deployment', steps: sourceSteps },
  dir: runbookDir(import.meta.url),
  decisions,
  rehearsal: { params: { operatorCidr: '203.0.113.7/32' } },
  params: {
    vpcCidr: param.cidr("qis-vpc's block: a /16 to a /24 (each subnet is a sixteenth of it)", { default: '192.168.0.0/16' }),
    subnetCount: param.int('Subnets, each in its own zone of the region (the source: 2 or 3)', { min: 2, max: 3, default: 3 }),
    operatorCidr: param.cidr('The only address SSH (qis-external-ssh-sg) is opened to: your external IP as a /32', { example: '203.0.113.7/32' }),
    sshOpenToWorld: param.oneOf(`Type ${SSH_RISK} to open SSH to ${WORLD}, as the source allows: anyone can then try to log in`, [SSH_RISK], {
      optional: true,
      requiredWhen: { describe: `operatorCidr is ${WORLD}`, test: (p) => p.operatorCidr === WORLD },
    }),
    loadBalancerType: param.oneOf('qis-lb as the source builds it (classic), or an Application Load Balancer with the target group qis-lb (application)', ['classic', 'application'], { default: 'classic' }),
    certificateArn: param.string('An ACM certificate of the region for the HTTPS listener (default: a temporary self-signed one)', { optional: true, pattern: CERTIFICATE_ARN, expected: 'an ACM certificate ARN' }),
    certificateDomain: param.hostname("The self-signed certificate's name (its CN)", { default: 'qis.example.com' }),
    certificateDays: param.int('How long the self-signed certificate is valid (the source: 365 days)', { min: 2, max: 825, unit: 'days', default: 365 }),
    certificateKeyFile: param.string("Write the self-signed certificate's private key here, owner-only (default: it is kept nowhere)", { optional: true, pattern: FILE, max: 4096, expected: 'a file path' }),
  },
  validate(p) {
    const prefix = Number(String(p.vpcCidr ?? '/16').split('/')[1]);
    if (prefix < 16 || prefix > 24) return `Parameter vpcCidr: expected a block from /16 to /24, so that its sixteenths are subnets AWS accepts (got /${prefix}).`;
    if (p.certificateArn && p.certificateKeyFile) return 'Parameter certificateKeyFile: only a self-signed certificate has a key to write; with certificateArn nothing is made.';
    return undefined;
  },
  steps: (params) => {
    // VPC configuration: the VPC, its gateway and the main table's route in one step; each subnet its own, side by side.
    const vpc = ec2.vpc('vpc', {
      covers: 'vpc, vpc-cidr, gateway, gateway-attach, gateway-id, route-main, route-default',
      title: 'qis-vpc, its internet gateway qis-vpc-ig, and the main route table to it',
      name: 'qis-vpc',
      cidr: params.vpcCidr,
      subnetCount: 0,
      routeTable: 'main',
      gatewayName: 'qis-vpc-ig',
    });
    const subnet = (index: number, covers: string, when?: Condition) =>
      ec2.subnet(`subnet-${index + 1}`, { covers: `subnets, ${covers}`, when, vpcId: vpc.out.vpcId, vpcCidr: vpc.out.vpcCidr, index, namePrefix: SUBNET_PREFIX, publicIps: true });
    const subnets = [subnet(0, 'subnet-1a'), subnet(1, 'subnet-1b'), subnet(2, 'subnet-1c', { describe: 'subnetCount is 3', test: (p) => Number(p.subnetCount) === 3 })];

    // Security groups: the default one named, then three groups whose rules name it.
    const defaultGroup = ec2.defaultSecurityGroup('default-security-group', { covers: 'sg-default-name, sg-default-id', vpcId: vpc.out.vpcId, name: 'qis-vpc-default-sg' });
    const member = defaultGroup.out.groupId;
    const onlyToDefault = [{ protocol: 'all' as const, to: member }];
    const tcp = (port: number, from: typeof member | string) => ({ protocol: 'tcp' as const, fromPort: port, from });
    const lbGroup = ec2.securityGroup('lb-security-group', {
      covers: 'sg-lb, sg-lb-http, sg-lb-https, sg-lb-egress',
      name: 'qis-lb-sg',
      description: 'QIS load balancer',
      vpcId: vpc.out.vpcId,
      ingress: [tcp(80, WORLD), tcp(443, WORLD)],
      egress: onlyToDefault,
    });
    const internalGroup = ec2.securityGroup('internal-security-group', {
      covers: 'sg-internal, sg-internal-ingress, sg-internal-egress',
      name: 'qis-internal-sg',
      description: 'QIS ports to allow within the VPC',
      vpcId: vpc.out.vpcId,
      ingress: [80, 443, 22, 5432, 11211].map((port) => tcp(port, member)),
      egress: onlyToDefault,
    });
    const sshGroup = ec2.securityGroup('external-ssh-security-group', {
      covers: 'sg-ssh, sg-ssh-ingress',
      name: 'qis-external-ssh-sg',
      description: 'QIS external SSH access',
      vpcId: vpc.out.vpcId,
      ingress: [{ protocol: 'tcp', fromPort: 22, from: params.operatorCidr, description: 'operator SSH', risk: firstOf(params.sshOpenToWorld) }],
      egress: onlyToDefault,
    });

    // Load balancer: the certificate first (side by side with the network), then qis-lb in every qis-subnet-*.
    const certificate = acm.certificate('certificate', {
      covers: 'lb-ssl, lb-ssl-openssl',
      certificateArn: params.certificateArn,
      commonName: params.certificateDomain,
      days: params.certificateDays,
      name: 'qis-lb-certificate',
      keyFile: params.certificateKeyFile,
    });
    const allSubnets = ec2.network('qis-subnets', {
      covers: 'lb-subnets',
      title: 'Find every qis-subnet-* of qis-vpc',
      after: subnets,
      vpcId: vpc.out.vpcId,
      subnetNamePrefix: SUBNET_PREFIX,
    });
    const loadBalancer = elb.classicLoadBalancer('load-balancer', {
      covers: 'lb-why, lb-name, lb-vpc, lb-internal, lb-http, lb-https, lb-https-plain, lb-subnets, lb-sg, lb-health, lb-instances, lb-tags',
      when: classic,
      name: 'qis-lb',
      scheme: 'internet-facing',
      subnetIds: allSubnets.out.subnetIds,
      securityGroupIds: [lbGroup.out.groupId],
      listeners: [
        { protocol: 'HTTP', port: 80, instanceProtocol: 'HTTP', instancePort: 80 },
        { protocol: 'HTTPS', port: 443, instanceProtocol: 'HTTP', instancePort: 80, certificateArn: certificate.out.certificateArn },
      ],
      healthCheck: { target: 'HTTP:80/', intervalSeconds: 30, timeoutSeconds: 5, healthyThreshold: 3, unhealthyThreshold: 2 },
      report: { dnsName: 'qis-lb' },
    });

    // The same, as an Application Load Balancer: the health check is the target group's, both listeners forward to it.
    const targets = elbv2.targetGroup('target-group', { covers: 'lb-health, lb-instances', when: application, name: 'qis-lb', vpcId: vpc.out.vpcId, protocol: 'HTTP', port: 80, healthCheckPath: '/' });
    const alb = elbv2.loadBalancer('application-load-balancer', {
      covers: 'lb-why, lb-name, lb-vpc, lb-internal, lb-subnets, lb-sg, lb-tags',
      when: application,
      report: { dnsName: 'qis-lb' },
      name: 'qis-lb',
      scheme: 'internet-facing',
      subnetIds: allSubnets.out.subnetIds,
      securityGroupIds: [lbGroup.out.groupId],
    });
    const listener = (id: string, covers: string, port: number, protocol: 'HTTP' | 'HTTPS') =>
      elbv2.listener(id, { covers, when: application, loadBalancerArn: alb.out.loadBalancerArn, port, protocol, targetGroupArn: targets.out.targetGroupArn, ...(protocol === 'HTTPS' ? { certificateArn: certificate.out.certificateArn } : {}) });
    const listeners = [listener('http-listener', 'lb-http', 80, 'HTTP'), listener('https-listener', 'lb-https, lb-https-plain', 443, 'HTTPS')];
    return [vpc, ...subnets, defaultGroup, lbGroup, internalGroup, sshGroup, certificate, allSubnets, loadBalancer, targets, alb, ...listeners];
  },
});
