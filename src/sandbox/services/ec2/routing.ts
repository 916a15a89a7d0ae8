/**
 * Internet gateways and route tables: what makes a subnet public. A route
 * through a gateway that is not attached to the table's VPC is refused, as
 * AWS does; a subnet uses its explicit table, else its VPC's main table.
 */
import type {
  AssociateRouteTableCommandInput,
  AttachInternetGatewayCommandInput,
  CreateInternetGatewayCommandInput,
  CreateRouteCommandInput,
  CreateRouteTableCommandInput,
  DescribeInternetGatewaysCommandInput,
  DescribeRouteTablesCommandInput,
  InternetGateway as GatewayView,
  RouteTable as RouteTableView,
} from '@aws-sdk/client-ec2';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { ec2Page } from '../lib/pages.js';
import { awsError } from '../lib/errors.js';
import { applyFilters, tagList, tagsForResource } from '../lib/filters.js';
import { resourceId } from '../../account/ids.js';
import type { InternetGateway, RegionState, RouteTable, Subnet } from '../../account/state.js';
import { ec2Named, ec2One } from './common.js';

const gateways = (region: RegionState) => (region.internetGateways ??= {});
const tables = (region: RegionState) => (region.routeTables ??= {});

/** The table a subnet's traffic follows. */
export function routeTableOf(region: RegionState, subnet: Subnet): RouteTable | undefined {
  const all = Object.values(tables(region)).filter((t) => t.VpcId === subnet.VpcId);
  return all.find((t) => t.associations.some((a) => a.SubnetId === subnet.SubnetId)) ?? all.find((t) => t.main);
}

/** A subnet is public when its table sends 0.0.0.0/0 to a gateway attached to its VPC. */
export function isPublic(region: RegionState, subnet: Subnet): boolean {
  return (routeTableOf(region, subnet)?.routes ?? []).some((r) => r.DestinationCidrBlock === '0.0.0.0/0' && gateways(region)[r.GatewayId]?.attachedVpcId === subnet.VpcId);
}

function gatewayView(ctx: OperationContext, g: InternetGateway): GatewayView {
  return {
    InternetGatewayId: g.InternetGatewayId,
    OwnerId: ctx.account.accountId,
    Attachments: g.attachedVpcId ? [{ VpcId: g.attachedVpcId, State: 'available' as never }] : [],
    Tags: tagList(g.Tags),
  };
}

function tableView(ctx: OperationContext, t: RouteTable): RouteTableView {
  const vpc = ctx.region.vpcs[t.VpcId];
  return {
    RouteTableId: t.RouteTableId,
    VpcId: t.VpcId,
    OwnerId: ctx.account.accountId,
    Routes: [
      { DestinationCidrBlock: vpc?.CidrBlock, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
      ...t.routes.map((r) => ({
        DestinationCidrBlock: r.DestinationCidrBlock,
        GatewayId: r.GatewayId,
        Origin: 'CreateRoute' as const,
        State: (gateways(ctx.region)[r.GatewayId]?.attachedVpcId === t.VpcId ? 'active' : 'blackhole') as 'active' | 'blackhole',
      })),
    ],
    Associations: [
      ...(t.main ? [{ Main: true, RouteTableAssociationId: `rtbassoc-${t.RouteTableId.slice(4)}`, RouteTableId: t.RouteTableId, AssociationState: { State: 'associated' as const } }] : []),
      ...t.associations.map((a) => ({ Main: false, RouteTableAssociationId: a.RouteTableAssociationId, RouteTableId: t.RouteTableId, SubnetId: a.SubnetId, AssociationState: { State: 'associated' as const } })),
    ],
    PropagatingVgws: [],
    Tags: tagList(t.Tags),
  };
}

export const routing: ServiceHandlers = {
  CreateInternetGateway: (ctx) => {
    const input = inputOf<CreateInternetGatewayCommandInput>(ctx);
    const g: InternetGateway = { InternetGatewayId: resourceId('igw'), Tags: tagsForResource(input.TagSpecifications, 'internet-gateway'), createdAt: ctx.now };
    gateways(ctx.region)[g.InternetGatewayId] = g;
    return { InternetGateway: gatewayView(ctx, g) };
  },

  AttachInternetGateway: (ctx) => {
    const input = inputOf<AttachInternetGatewayCommandInput>(ctx);
    const g = ec2One(ctx, 'internetGateway', input.InternetGatewayId);
    const vpc = ec2One(ctx, 'vpc', input.VpcId);
    if (g.attachedVpcId) throw awsError('Resource.AlreadyAssociated', `resource ${g.InternetGatewayId} is already attached to network ${g.attachedVpcId}`);
    const other = Object.values(gateways(ctx.region)).find((x) => x.attachedVpcId === vpc.VpcId);
    if (other) throw awsError('Resource.AlreadyAssociated', `Network ${vpc.VpcId} already has an internet gateway attached`);
    g.attachedVpcId = vpc.VpcId;
    return {};
  },

  DescribeInternetGateways: (ctx) => {
    const input = inputOf<DescribeInternetGatewaysCommandInput>(ctx);
    const found = applyFilters(ec2Named(ctx, 'internetGateway', input.InternetGatewayIds), input.Filters, {
      'internet-gateway-id': (g) => g.InternetGatewayId,
      'attachment.vpc-id': (g) => g.attachedVpcId,
      'attachment.state': (g) => (g.attachedVpcId ? 'available' : undefined),
      'owner-id': () => ctx.account.accountId,
    });
    const { items, NextToken } = ec2Page(ctx, found, input, input.InternetGatewayIds);
    return { InternetGateways: items.map((g) => gatewayView(ctx, g)), NextToken };
  },

  CreateRouteTable: (ctx) => {
    const input = inputOf<CreateRouteTableCommandInput>(ctx);
    const vpc = ec2One(ctx, 'vpc', input.VpcId);
    const t: RouteTable = { RouteTableId: resourceId('rtb'), VpcId: vpc.VpcId, main: false, routes: [], associations: [], Tags: tagsForResource(input.TagSpecifications, 'route-table'), createdAt: ctx.now };
    tables(ctx.region)[t.RouteTableId] = t;
    return { RouteTable: tableView(ctx, t) };
  },

  CreateRoute: (ctx) => {
    const input = inputOf<CreateRouteCommandInput>(ctx);
    const t = ec2One(ctx, 'routeTable', input.RouteTableId);
    if (!input.GatewayId) throw awsError('UnsupportedOperation', 'The sandbox simulates routes through internet gateways only.');
    const g = ec2One(ctx, 'internetGateway', input.GatewayId);
    if (g.attachedVpcId !== t.VpcId) throw awsError('InvalidParameterValue', `route table ${t.RouteTableId} and network gateway ${g.InternetGatewayId} belong to different networks`);
    const destination = input.DestinationCidrBlock ?? '';
    if (t.routes.some((r) => r.DestinationCidrBlock === destination))
      throw awsError('RouteAlreadyExists', `The route identified by ${destination} already exists.`);
    t.routes.push({ DestinationCidrBlock: destination, GatewayId: g.InternetGatewayId });
    return { Return: true };
  },

  AssociateRouteTable: (ctx) => {
    const input = inputOf<AssociateRouteTableCommandInput>(ctx);
    const t = ec2One(ctx, 'routeTable', input.RouteTableId);
    const subnet = ec2One(ctx, 'subnet', input.SubnetId);
    if (subnet.VpcId !== t.VpcId) throw awsError('InvalidParameterValue', `Route table ${t.RouteTableId} and subnet ${subnet.SubnetId} belong to different networks`);
    const existing = Object.values(tables(ctx.region)).find((x) => x.associations.some((a) => a.SubnetId === subnet.SubnetId));
    if (existing) throw awsError('Resource.AlreadyAssociated', `the specified association for route table ${existing.RouteTableId} conflicts with an existing association`);
    const association = { RouteTableAssociationId: resourceId('rtbassoc'), SubnetId: subnet.SubnetId };
    t.associations.push(association);
    return { AssociationId: association.RouteTableAssociationId, AssociationState: { State: 'associated' } };
  },

  DescribeRouteTables: (ctx) => {
    const input = inputOf<DescribeRouteTablesCommandInput>(ctx);
    const found = applyFilters(ec2Named(ctx, 'routeTable', input.RouteTableIds), input.Filters, {
      'route-table-id': (t) => t.RouteTableId,
      'vpc-id': (t) => t.VpcId,
      'association.main': (t) => t.main,
      'association.subnet-id': (t) => t.associations.map((a) => a.SubnetId),
      'route.gateway-id': (t) => t.routes.map((r) => r.GatewayId),
      'route.destination-cidr-block': (t) => t.routes.map((r) => r.DestinationCidrBlock),
      'owner-id': () => ctx.account.accountId,
    });
    const { items, NextToken } = ec2Page(ctx, found, input, input.RouteTableIds);
    return { RouteTables: items.map((t) => tableView(ctx, t)), NextToken };
  },
};
