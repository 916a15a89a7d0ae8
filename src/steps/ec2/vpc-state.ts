/**
 * What of a runbook's VPC already exists, read from the account: the VPC by
 * its tags, its DNS setting, this runbook's subnets, the internet gateway
 * attached to it and the public route table. `ec2.vpc` compares it with the
 * layout it wants.
 */
import {
  DescribeVpcAttributeCommand,
  paginateDescribeInternetGateways,
  paginateDescribeRouteTables,
  paginateDescribeSubnets,
  paginateDescribeVpcs,
  type EC2Client,
  type Filter,
  type RouteTable,
  type Subnet,
} from '../../aws/sdk/ec2.js';
import type { StepContext } from '../../engine/model/step.js';
import { TAG_RUNBOOK, ownedByFilters, tagValue } from '../../aws/tags.js';
import { findOne } from '../find-one.js';
import { collect } from '../paginate.js';

export interface SubnetState {
  subnetId: string;
  zone: string;
  cidr: string;
  mapsPublicIp: boolean;
}

export interface VpcState {
  vpcId: string;
  cidr: string;
  dnsHostnames: boolean;
  /** This runbook's subnets in the VPC. */
  subnets: SubnetState[];
  /** Every subnet block in the VPC, so new subnets never overlap one. */
  takenCidrs: string[];
  gateway?: { id: string; attached: boolean };
  routeTable?: { id: string; defaultRoute: boolean; associatedSubnets: string[] };
}

/** Names of a VPC's parts, derived from the VPC's Name (or given) so a re-run finds them. */
export function partNames(name: string, gatewayName?: string) {
  return { gateway: gatewayName ?? `${name}-igw`, routeTable: `${name}-public`, subnet: (zone: string) => `${name}-public-${zone}` };
}

/** Where the default route goes: a public table of the runbook's own, or the VPC's main table (which every subnet without its own table follows). */
export type RouteTableChoice = 'own' | 'main';

export const WORLD_ROUTE = '0.0.0.0/0';

export function subnetState(s: Subnet): SubnetState {
  return { subnetId: s.SubnetId!, zone: s.AvailabilityZone ?? '', cidr: s.CidrBlock ?? '', mapsPublicIp: s.MapPublicIpOnLaunch === true };
}

/** The table's route to the internet, if it goes to an internet gateway. */
export function routesToInternet(table: RouteTable | undefined): boolean {
  return (table?.Routes ?? []).some((r) => r.DestinationCidrBlock === WORLD_ROUTE && r.GatewayId?.startsWith('igw-') && r.State !== 'blackhole');
}

export async function dnsHostnamesEnabled(ctx: StepContext, vpcId: string): Promise<boolean> {
  const res = await ctx.aws.ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' }));
  return res.EnableDnsHostnames?.Value === true;
}

/** Every subnet, route table and internet gateway the filters match, through every page. */
export const describe = {
  subnets: (client: EC2Client, Filters: Filter[]) => collect(paginateDescribeSubnets({ client }, { Filters }), (p) => p.Subnets),
  routeTables: (client: EC2Client, Filters: Filter[]) => collect(paginateDescribeRouteTables({ client }, { Filters }), (p) => p.RouteTables),
  gateways: (client: EC2Client, Filters: Filter[]) => collect(paginateDescribeInternetGateways({ client }, { Filters }), (p) => p.InternetGateways),
  vpcs: (client: EC2Client, Filters: Filter[]) => collect(paginateDescribeVpcs({ client }, { Filters }), (p) => p.Vpcs),
};

/** The runbook's VPC named `name` and its parts; undefined when there is no such VPC yet. */
export async function readVpc(ctx: StepContext, name: string, cidr: string, parts: { routeTable?: RouteTableChoice; gatewayName?: string } = {}): Promise<VpcState | undefined> {
  const ec2 = ctx.aws.ec2;
  const vpc = findOne(await describe.vpcs(ec2, ownedByFilters(ctx.runbookId, name)), `VPCs named ${name} from this runbook`, (v) => v.VpcId);
  if (!vpc?.VpcId) return undefined;
  if (vpc.CidrBlock !== cidr) throw new Error(`VPC ${name} (${vpc.VpcId}) has the block ${vpc.CidrBlock}, not ${cidr}; pass vpcCidr=${vpc.CidrBlock} or delete it.`);
  const vpcId = vpc.VpcId;
  const inVpc = { Name: 'vpc-id', Values: [vpcId] };
  const subnets = await describe.subnets(ec2, [inVpc]);
  const names = partNames(name, parts.gatewayName);
  const attached = (await describe.gateways(ec2, [{ Name: 'attachment.vpc-id', Values: [vpcId] }]))[0];
  const ownGateway = attached ? undefined : (await describe.gateways(ec2, ownedByFilters(ctx.runbookId, names.gateway))).find((g) => !g.Attachments?.length);
  const tableFilters = parts.routeTable === 'main' ? [{ Name: 'association.main', Values: ['true'] }] : ownedByFilters(ctx.runbookId, names.routeTable);
  const table = (await describe.routeTables(ec2, [inVpc, ...tableFilters]))[0];
  const gateway = attached ?? ownGateway;
  return {
    vpcId,
    cidr,
    dnsHostnames: await dnsHostnamesEnabled(ctx, vpcId),
    subnets: subnets.filter((s) => tagValue(s.Tags, TAG_RUNBOOK) === ctx.runbookId).map(subnetState),
    takenCidrs: subnets.map((s) => s.CidrBlock ?? '').filter(Boolean),
    ...(gateway?.InternetGatewayId ? { gateway: { id: gateway.InternetGatewayId, attached: gateway === attached } } : {}),
    ...(table?.RouteTableId
      ? {
          routeTable: {
            id: table.RouteTableId,
            defaultRoute: routesToInternet(table),
            associatedSubnets: (table.Associations ?? []).map((a) => a.SubnetId).filter((id): id is string => Boolean(id)),
          },
        }
      : {}),
  };
}
