/** A fresh account, as AWS hands it over: a default VPC per region and public images and parameters. */
import { ACCOUNT_ID, CALLER_ARN, MANAGED_POLICIES, PUBLIC_IMAGES } from './world.js';
import { resourceId } from './ids.js';
import { seedRoute53 } from '../services/route53/index.js';
import { ACCOUNT_FORMAT, type RegionState, type SandboxAccountState, type SecurityGroup, type Subnet } from './state.js';

/** `us-east-1` -> `use1`, the prefix of availability zone ids. */
export function zoneIdPrefix(region: string): string {
  const [geo = '', direction = '', n = ''] = region.split('-');
  return `${geo}${direction.charAt(0)}${n}`;
}

const DEFAULT_SUBNETS = [
  { zone: 'a', zoneId: 1, cidr: '172.31.0.0/20' },
  { zone: 'b', zoneId: 2, cidr: '172.31.16.0/20' },
  { zone: 'c', zoneId: 4, cidr: '172.31.32.0/20' },
];

export function defaultSecurityGroup(vpcId: string, now: number): SecurityGroup {
  const groupId = resourceId('sg');
  return {
    GroupId: groupId,
    GroupName: 'default',
    Description: 'default VPC security group',
    VpcId: vpcId,
    // Like AWS: members may reach each other; everything may leave.
    ingress: [{ SecurityGroupRuleId: resourceId('sgr'), IpProtocol: '-1', ReferencedGroupId: groupId }],
    egress: [{ SecurityGroupRuleId: resourceId('sgr'), IpProtocol: '-1', CidrIpv4: '0.0.0.0/0' }],
    Tags: {},
    createdAt: now,
  };
}

export function seedRegion(region: string, now: number): RegionState {
  const vpcId = resourceId('vpc');
  const subnets: Record<string, Subnet> = {};
  for (const s of DEFAULT_SUBNETS) {
    const subnet: Subnet = {
      SubnetId: resourceId('subnet'),
      VpcId: vpcId,
      CidrBlock: s.cidr,
      AvailabilityZone: `${region}${s.zone}`,
      AvailabilityZoneId: `${zoneIdPrefix(region)}-az${s.zoneId}`,
      DefaultForAz: true,
      MapPublicIpOnLaunch: true,
      nextHost: 0,
      Tags: {},
      createdAt: now,
    };
    subnets[subnet.SubnetId] = subnet;
  }
  const sg = defaultSecurityGroup(vpcId, now);
  // Like AWS: the default VPC's subnets are public through its main route table.
  const gatewayId = resourceId('igw');
  const mainTable = { RouteTableId: resourceId('rtb'), VpcId: vpcId, main: true, routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: gatewayId }], associations: [], Tags: {}, createdAt: now };
  const state: RegionState = {
    vpcs: { [vpcId]: { VpcId: vpcId, CidrBlock: '172.31.0.0/16', IsDefault: true, Tags: {}, createdAt: now } },
    subnets,
    securityGroups: { [sg.GroupId]: sg },
    instances: {},
    volumes: {},
    addresses: {},
    keyPairs: {},
    images: {},
    parameters: {},
    commands: [],
    applications: {},
    environments: {},
    events: [],
    counters: { elasticIps: 0, autoIps: 0 },
    internetGateways: { [gatewayId]: { InternetGatewayId: gatewayId, attachedVpcId: vpcId, Tags: {}, createdAt: now } },
    routeTables: { [mainTable.RouteTableId]: mainTable },
  };
  for (const { parameter, publishedDaysAgo = 0, ...image } of PUBLIC_IMAGES) {
    state.images[image.ImageId] = { ...image, Tags: {}, createdAt: now - publishedDaysAgo * 86_400_000 };
    if (parameter) state.parameters[parameter] = { Name: parameter, Type: 'String', DataType: 'aws:ec2:image', Value: image.ImageId, Version: 1, lastModified: now };
  }
  return state;
}

export function seedAccount(region: string, now = Date.now()): SandboxAccountState {
  const policies = Object.fromEntries(
    MANAGED_POLICIES.map((name) => {
      const arn = `arn:aws:iam::aws:policy/${name}`;
      return [arn, { PolicyName: name, Arn: arn }];
    }),
  );
  return {
    format: ACCOUNT_FORMAT,
    accountId: ACCOUNT_ID,
    callerArn: CALLER_ARN,
    createdAt: now,
    regions: { [region]: seedRegion(region, now) },
    iam: { roles: {}, instanceProfiles: {}, policies },
    s3: { buckets: {} },
    route53: seedRoute53(now),
  };
}
