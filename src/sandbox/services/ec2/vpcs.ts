/**
 * Building VPCs: CreateVpc (with the main route table and default security
 * group AWS makes with it), its DNS attributes, subnets in a zone, and the
 * region's Availability Zones.
 */
import type {
  CreateSubnetCommandInput,
  CreateVpcCommandInput,
  DescribeAvailabilityZonesCommandInput,
  DescribeVpcAttributeCommandInput,
  ModifySubnetAttributeCommandInput,
  ModifyVpcAttributeCommandInput,
} from '@aws-sdk/client-ec2';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { applyFilters, tagsForResource } from '../lib/filters.js';
import { resourceId } from '../../account/ids.js';
import { isIpv4Cidr, parseCidr } from '../../account/net.js';
import { defaultSecurityGroup, zoneIdPrefix } from '../../account/seed.js';
import type { Subnet, Vpc } from '../../account/state.js';
import { ec2One } from './common.js';
import { subnetView, vpcView } from './network.js';

/** Zone letters per region; us-east-1 has six, the sandbox gives others three. */
export function availabilityZones(region: string): { ZoneName: string; ZoneId: string }[] {
  const letters = region === 'us-east-1' ? ['a', 'b', 'c', 'd', 'e', 'f'] : ['a', 'b', 'c'];
  return letters.map((l, i) => ({ ZoneName: `${region}${l}`, ZoneId: `${zoneIdPrefix(region)}-az${i + 1}` }));
}

/** enableDnsHostnames as AWS sets it: on in a default VPC, off in one made with CreateVpc until changed. */
export function dnsHostnames(vpc: Vpc): boolean {
  return vpc.dnsHostnames ?? vpc.IsDefault;
}

function within(inner: string, outer: string): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  return a.base >= b.base && a.base + a.size <= b.base + b.size;
}

function overlaps(x: string, y: string): boolean {
  const a = parseCidr(x);
  const b = parseCidr(y);
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

function prefixOf(cidr: string): number {
  return Number(cidr.split('/')[1]);
}

function checkBlock(cidr: string | undefined, code: string): string {
  if (!cidr || !isIpv4Cidr(cidr)) throw awsError('InvalidParameterValue', `Value (${cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
  if (prefixOf(cidr) < 16 || prefixOf(cidr) > 28) throw awsError(code, `The CIDR '${cidr}' is invalid.`);
  if (parseCidr(cidr).base % parseCidr(cidr).size !== 0) throw awsError('InvalidParameterValue', `Value (${cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
  return cidr;
}

function createVpc(ctx: OperationContext, cidr: string, tags: Vpc['Tags']): Vpc {
  const vpc: Vpc = { VpcId: resourceId('vpc'), CidrBlock: cidr, IsDefault: false, dnsHostnames: false, Tags: tags, createdAt: ctx.now };
  ctx.region.vpcs[vpc.VpcId] = vpc;
  const group = defaultSecurityGroup(vpc.VpcId, ctx.now);
  ctx.region.securityGroups[group.GroupId] = group;
  const main = { RouteTableId: resourceId('rtb'), VpcId: vpc.VpcId, main: true, routes: [], associations: [], Tags: {}, createdAt: ctx.now };
  (ctx.region.routeTables ??= {})[main.RouteTableId] = main;
  return vpc;
}

export const vpcs: ServiceHandlers = {
  CreateVpc: (ctx) => {
    const input = inputOf<CreateVpcCommandInput>(ctx);
    const vpc = createVpc(ctx, checkBlock(input.CidrBlock, 'InvalidVpc.Range'), tagsForResource(input.TagSpecifications, 'vpc'));
    return { Vpc: { ...vpcView(vpc, ctx.account.accountId), State: 'pending' } };
  },

  DescribeVpcAttribute: (ctx) => {
    const input = inputOf<DescribeVpcAttributeCommandInput>(ctx);
    const vpc = ec2One(ctx, 'vpc', input.VpcId);
    if (input.Attribute === 'enableDnsHostnames') return { VpcId: vpc.VpcId, EnableDnsHostnames: { Value: dnsHostnames(vpc) } };
    if (input.Attribute === 'enableDnsSupport') return { VpcId: vpc.VpcId, EnableDnsSupport: { Value: true } };
    throw awsError('InvalidParameterValue', `Value (${input.Attribute}) for parameter attribute is invalid. Unknown attribute.`);
  },

  ModifyVpcAttribute: (ctx) => {
    const input = inputOf<ModifyVpcAttributeCommandInput>(ctx);
    const vpc = ec2One(ctx, 'vpc', input.VpcId);
    if (input.EnableDnsSupport?.Value === false) throw awsError('UnsupportedOperation', 'The sandbox does not simulate turning DNS resolution off.');
    if (input.EnableDnsHostnames?.Value !== undefined) vpc.dnsHostnames = input.EnableDnsHostnames.Value;
    return {};
  },

  CreateSubnet: (ctx) => {
    const input = inputOf<CreateSubnetCommandInput>(ctx);
    const vpc = ec2One(ctx, 'vpc', input.VpcId);
    const cidr = checkBlock(input.CidrBlock, 'InvalidSubnet.Range');
    if (!within(cidr, vpc.CidrBlock)) throw awsError('InvalidSubnet.Range', `The CIDR '${cidr}' is invalid.`);
    const clash = Object.values(ctx.region.subnets).find((s) => s.VpcId === vpc.VpcId && overlaps(s.CidrBlock, cidr));
    if (clash) throw awsError('InvalidSubnet.Conflict', `The CIDR '${cidr}' conflicts with another subnet`);
    const zones = availabilityZones(ctx.regionName);
    const zone = input.AvailabilityZone ? zones.find((z) => z.ZoneName === input.AvailabilityZone) : zones[0];
    if (!zone) throw awsError('InvalidParameterValue', `Value (${input.AvailabilityZone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${zones.map((z) => z.ZoneName).join(', ')}.`);
    const subnet: Subnet = {
      SubnetId: resourceId('subnet'),
      VpcId: vpc.VpcId,
      CidrBlock: cidr,
      AvailabilityZone: zone.ZoneName,
      AvailabilityZoneId: zone.ZoneId,
      DefaultForAz: false,
      MapPublicIpOnLaunch: false,
      nextHost: 0,
      Tags: tagsForResource(input.TagSpecifications, 'subnet'),
      createdAt: ctx.now,
    };
    ctx.region.subnets[subnet.SubnetId] = subnet;
    return { Subnet: { ...subnetView(subnet, ctx.account.accountId, ctx.regionName), State: 'pending' } };
  },

  ModifySubnetAttribute: (ctx) => {
    const input = inputOf<ModifySubnetAttributeCommandInput>(ctx);
    const subnet = ec2One(ctx, 'subnet', input.SubnetId);
    if (input.MapPublicIpOnLaunch?.Value !== undefined) subnet.MapPublicIpOnLaunch = input.MapPublicIpOnLaunch.Value;
    return {};
  },

  DescribeAvailabilityZones: (ctx) => {
    const input = inputOf<DescribeAvailabilityZonesCommandInput>(ctx);
    let zones = availabilityZones(ctx.regionName);
    if (input.ZoneNames?.length) zones = zones.filter((z) => input.ZoneNames!.includes(z.ZoneName));
    zones = applyFilters(zones, input.Filters, {
      'zone-name': (z) => z.ZoneName,
      'zone-id': (z) => z.ZoneId,
      state: () => 'available',
      'zone-type': () => 'availability-zone',
      'region-name': () => ctx.regionName,
      'opt-in-status': () => 'opt-in-not-required',
    });
    return {
      AvailabilityZones: zones.map((z) => ({
        ZoneName: z.ZoneName,
        ZoneId: z.ZoneId,
        State: 'available',
        RegionName: ctx.regionName,
        ZoneType: 'availability-zone',
        OptInStatus: 'opt-in-not-required',
        GroupName: ctx.regionName,
        NetworkBorderGroup: ctx.regionName,
        Messages: [],
      })),
    };
  },
};
