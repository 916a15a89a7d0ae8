/**
 * `ec2.vpc`: a VPC with public subnets in distinct Availability Zones, an
 * internet gateway and a route table whose default route goes through it,
 * with DNS host names on (instances mount EFS by name). Every part is tagged
 * and found again by its Name, so a re-run or a resume adds only what is
 * missing. Given a `vpcId`, the step adopts that VPC instead and changes
 * nothing in it.
 */
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateVpcCommand,
  DescribeVpcsCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
} from '../../aws/sdk/ec2.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { type PlannedCall } from '../../core/calls.js';
import { plannedTags, tagSpecifications } from '../../aws/tags.js';
import { NOT_VISIBLE, waitFor } from '../../aws/wait.js';
import { chooseZones, freeSubnetCidrs } from './subnet-layout.js';
import { adoptVpc } from './vpc-adopt.js';
import { WORLD_ROUTE, describe as describeParts, partNames, readVpc, type RouteTableChoice, type SubnetState, type VpcState } from './vpc-state.js';
import { availableZones, createSubnet } from './subnet-calls.js';

export interface VpcInput {
  /** Adopt this VPC and one public subnet per zone of it; nothing is created or changed. */
  vpcId?: string;
  /** Name of the VPC to build; its parts are named after it. */
  name: string;
  cidr: string;
  /** Public subnets, each in its own Availability Zone (0: the runbook makes them with `ec2.subnet`, side by side). */
  subnetCount: number;
  /** `main`: the default route goes in the VPC's main table, and no table is made (default `own`). */
  routeTable?: RouteTableChoice;
  /** The internet gateway's Name (default `<name>-igw`). */
  gatewayName?: string;
}

export interface VpcOutputs {
  vpcId: string;
  vpcCidr: string;
  /** One per zone, in zone order. */
  subnetIds: string[];
  availabilityZones: string[];
}

interface Found {
  state?: VpcState;
  /** The subnets wanted: their zone and block, and the subnet when it exists. */
  layout: { zone: string; cidr: string; subnet?: SubnetState }[];
}

/** Which zones and blocks the subnets take: a re-run keeps the zones and blocks it used before. */
async function inspect(ctx: StepContext, input: VpcInput): Promise<Found> {
  const state = await readVpc(ctx, input.name, input.cidr, { routeTable: input.routeTable, gatewayName: input.gatewayName });
  const zones = chooseZones(await availableZones(ctx), (state?.subnets ?? []).map((s) => s.zone), input.subnetCount);
  const existing = new Map((state?.subnets ?? []).map((s) => [s.zone, s]));
  const fresh = freeSubnetCidrs(input.cidr, state?.takenCidrs ?? [], zones.filter((z) => !existing.has(z)).length);
  const layout = zones.map((zone) => {
    const subnet = existing.get(zone);
    return subnet ? { zone, cidr: subnet.cidr, subnet } : { zone, cidr: fresh.shift()! };
  });
  return { ...(state ? { state } : {}), layout };
}

/** What is not there yet, in words; empty when the VPC is complete. */
function missing(found: Found, input: VpcInput): string[] {
  const { state, layout } = found;
  if (!state) return ['everything'];
  const associated = new Set(input.routeTable === 'main' ? layout.map((l) => l.subnet?.subnetId) : (state.routeTable?.associatedSubnets ?? []));
  return [
    !state.dnsHostnames && 'DNS host names',
    ...layout.filter((l) => !l.subnet).map((l) => `a subnet in ${l.zone}`),
    ...layout.filter((l) => l.subnet && !l.subnet.mapsPublicIp).map((l) => `public addresses in ${l.subnet!.subnetId}`),
    !state.gateway && 'the internet gateway',
    state.gateway && !state.gateway.attached && 'the gateway attachment',
    !state.routeTable && 'the public route table',
    state.routeTable && !state.routeTable.defaultRoute && `the route to ${WORLD_ROUTE}`,
    ...layout.filter((l) => l.subnet && !associated.has(l.subnet.subnetId)).map((l) => `the route table for ${l.subnet!.subnetId}`),
  ].filter((m): m is string => Boolean(m));
}

function outputsOf(vpcId: string, cidr: string, subnets: SubnetState[]): VpcOutputs {
  return { vpcId, vpcCidr: cidr, subnetIds: subnets.map((s) => s.subnetId), availabilityZones: subnets.map((s) => s.zone) };
}

function describe(vpcId: string, cidr: string, subnets: SubnetState[], extra: string[] = []): string[] {
  return [`VPC ${vpcId} (${cidr})`, ...subnets.map((s) => `subnet ${s.subnetId} in ${s.zone} (${s.cidr})`), ...extra];
}

function waitAvailable(ctx: StepContext, vpcId: string): Promise<void> {
  return waitFor(ctx, {
    what: `VPC ${vpcId} to be available`,
    minDelay: 1,
    maxDelay: 5,
    maxWait: 120,
    notFound: NOT_VISIBLE,
    poll: async () => {
      const state = (await ctx.aws.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs?.[0]?.State ?? NOT_VISIBLE;
      return state === 'available' ? { done: true, value: undefined } : { done: false, status: state };
    },
  });
}

/** The table AWS made with the VPC, which subnets without a table of their own follow. */
async function mainTableId(ctx: StepContext, vpcId: string): Promise<string> {
  const tables = await describeParts.routeTables(ctx.aws.ec2, [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }]);
  const id = tables[0]?.RouteTableId;
  if (!id) throw new Error(`VPC ${vpcId} has no main route table.`);
  return id;
}

const kind: StepKind<VpcInput, VpcOutputs, Found> = {
  async check(ctx, input) {
    if (input.vpcId) {
      const adopted = await adoptVpc(ctx, input.vpcId, input.subnetCount);
      return { done: true, outputs: outputsOf(adopted.vpcId, adopted.cidr, adopted.subnets), evidence: describe(adopted.vpcId, adopted.cidr, adopted.subnets, ['adopted: not changed']) };
    }
    const found = await inspect(ctx, input);
    const lacking = missing(found, input);
    if (!found.state) return { done: false, reason: `No VPC named ${input.name} yet.`, found };
    if (lacking.length) return { done: false, reason: `VPC ${input.name} (${found.state.vpcId}) lacks ${lacking.join(', ')}.`, found };
    const { state, layout } = found as Required<Found>;
    const subnets = layout.map((l) => l.subnet!);
    return { done: true, outputs: outputsOf(state.vpcId, state.cidr, subnets), evidence: describe(state.vpcId, state.cidr, subnets, [`internet gateway ${state.gateway?.id}, ${WORLD_ROUTE} in ${state.routeTable?.id}`]) };
  },
  plan(input, found, ctx) {
    const state = found?.state;
    const vpcId = state?.vpcId ?? `<${input.name}.vpcId>`;
    const layout = found?.layout ?? Array.from({ length: input.subnetCount }, (_, i) => ({ zone: `<zone ${i + 1}>`, cidr: `<block ${i + 1}>`, subnet: undefined }));
    const names = partNames(input.name, input.gatewayName);
    const gatewayId = state?.gateway?.id ?? `<${names.gateway}.id>`;
    const tableId = state?.routeTable?.id ?? (input.routeTable === 'main' ? `<${input.name} main route table>` : `<${names.routeTable}.id>`);
    const subnetId = (l: Found['layout'][number]) => l.subnet?.subnetId ?? `<subnet ${l.zone}>`;
    const associated = new Set(state?.routeTable?.associatedSubnets ?? []);
    const calls: PlannedCall[] = [];
    const ec2 = (operation: string, callInput: Record<string, unknown>) => calls.push({ service: 'ec2', operation, input: callInput });
    if (!state) ec2('CreateVpc', { CidrBlock: input.cidr, TagSpecifications: tagSpecifications('vpc', plannedTags(ctx, input.name)) });
    if (!state?.dnsHostnames) ec2('ModifyVpcAttribute', { VpcId: vpcId, EnableDnsHostnames: { Value: true } });
    for (const l of layout) {
      if (!l.subnet) ec2('CreateSubnet', { VpcId: vpcId, AvailabilityZone: l.zone, CidrBlock: l.cidr, TagSpecifications: tagSpecifications('subnet', plannedTags(ctx, names.subnet(l.zone))) });
      if (!l.subnet?.mapsPublicIp) ec2('ModifySubnetAttribute', { SubnetId: subnetId(l), MapPublicIpOnLaunch: { Value: true } });
    }
    if (!state?.gateway) ec2('CreateInternetGateway', { TagSpecifications: tagSpecifications('internet-gateway', plannedTags(ctx, names.gateway)) });
    if (!state?.gateway?.attached) ec2('AttachInternetGateway', { InternetGatewayId: gatewayId, VpcId: vpcId });
    if (!state?.routeTable && input.routeTable !== 'main') ec2('CreateRouteTable', { VpcId: vpcId, TagSpecifications: tagSpecifications('route-table', plannedTags(ctx, names.routeTable)) });
    if (!state?.routeTable?.defaultRoute) ec2('CreateRoute', { RouteTableId: tableId, DestinationCidrBlock: WORLD_ROUTE, GatewayId: gatewayId });
    for (const l of layout.filter((x) => input.routeTable !== 'main' && (!x.subnet || !associated.has(x.subnet.subnetId)))) ec2('AssociateRouteTable', { RouteTableId: tableId, SubnetId: subnetId(l) });
    return calls;
  },
  async apply(ctx, input, known) {
    if (input.vpcId) throw new Error(`VPC ${input.vpcId} is adopted, never changed.`);
    const found = known ?? (await inspect(ctx, input));
    const ec2 = ctx.aws.ec2;
    const names = partNames(input.name, input.gatewayName);
    const state = found.state;
    const vpcId =
      state?.vpcId ?? (await ec2.send(new CreateVpcCommand({ CidrBlock: input.cidr, TagSpecifications: tagSpecifications('vpc', ctx.tags(input.name)) }))).Vpc!.VpcId!;
    if (!state) await waitAvailable(ctx, vpcId);
    if (!state?.dnsHostnames) await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
    const subnets: SubnetState[] = [];
    for (const l of found.layout) {
      const subnet: SubnetState = l.subnet ?? (await createSubnet(ctx, { vpcId, zone: l.zone, cidr: l.cidr, name: names.subnet(l.zone) }));
      // The environment's instances need public addresses to reach the internet and SSM without a NAT gateway.
      if (!subnet.mapsPublicIp) await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnet.subnetId, MapPublicIpOnLaunch: { Value: true } }));
      subnets.push({ ...subnet, mapsPublicIp: true });
    }
    const gatewayId =
      state?.gateway?.id ??
      (await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: tagSpecifications('internet-gateway', ctx.tags(names.gateway)) }))).InternetGateway!.InternetGatewayId!;
    if (!state?.gateway?.attached) await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId }));
    const tableId =
      state?.routeTable?.id ??
      (input.routeTable === 'main' ? await mainTableId(ctx, vpcId) : undefined) ??
      (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, TagSpecifications: tagSpecifications('route-table', ctx.tags(names.routeTable)) }))).RouteTable!.RouteTableId!;
    if (!state?.routeTable?.defaultRoute) await ec2.send(new CreateRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: WORLD_ROUTE, GatewayId: gatewayId }));
    const associated = new Set(state?.routeTable?.associatedSubnets ?? []);
    for (const s of subnets.filter((x) => input.routeTable !== 'main' && !associated.has(x.subnetId))) await ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: s.subnetId }));
    return outputsOf(vpcId, input.cidr, subnets);
  },
};

export { kind as vpcKind };
