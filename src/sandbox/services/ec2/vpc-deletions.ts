/**
 * Taking a VPC apart, as AWS allows it: a route table's associations go
 * before the table (the main one goes with its VPC), a gateway is detached
 * once no instance in the VPC has a public address, a subnet goes once
 * nothing has a network interface in it, and the VPC goes last, taking its
 * default security group and main route table with it. Anything still in
 * the way is a DependencyViolation.
 */
import type {
  DeleteInternetGatewayCommandInput,
  DeleteRouteTableCommandInput,
  DeleteSubnetCommandInput,
  DeleteVpcCommandInput,
  DetachInternetGatewayCommandInput,
  DisassociateRouteTableCommandInput,
} from '@aws-sdk/client-ec2';
import type { Instance, RegionState } from '../../account/state.js';
import { inputOf, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { ec2One } from './common.js';
import { instanceState, publicIpOf } from './lifecycle.js';

const dependency = (what: string, id: string) => awsError('DependencyViolation', `The ${what} '${id}' has dependencies and cannot be deleted.`);

function liveInstances(region: RegionState, now: number, where: (i: Instance) => boolean): Instance[] {
  return Object.values(region.instances).filter((i) => where(i) && instanceState(i, now).Name !== 'terminated');
}

export const vpcDeletions: ServiceHandlers = {
  DisassociateRouteTable: (ctx) => {
    const id = inputOf<DisassociateRouteTableCommandInput>(ctx).AssociationId;
    const table = Object.values(ctx.region.routeTables ?? {}).find((t) => t.associations.some((a) => a.RouteTableAssociationId === id));
    if (!table) throw awsError('InvalidAssociationID.NotFound', `The association ID '${id}' does not exist`);
    table.associations = table.associations.filter((a) => a.RouteTableAssociationId !== id);
    return {};
  },

  DeleteRouteTable: (ctx) => {
    const table = ec2One(ctx, 'routeTable', inputOf<DeleteRouteTableCommandInput>(ctx).RouteTableId);
    if (table.main || table.associations.length) throw dependency('routeTable', table.RouteTableId);
    delete ctx.region.routeTables![table.RouteTableId];
    return {};
  },

  DetachInternetGateway: (ctx) => {
    const input = inputOf<DetachInternetGatewayCommandInput>(ctx);
    const gateway = ec2One(ctx, 'internetGateway', input.InternetGatewayId);
    const vpc = ec2One(ctx, 'vpc', input.VpcId);
    if (gateway.attachedVpcId !== vpc.VpcId) throw awsError('Gateway.NotAttached', `resource ${gateway.InternetGatewayId} is not attached to network ${vpc.VpcId}`);
    if (liveInstances(ctx.region, ctx.now, (i) => i.VpcId === vpc.VpcId && publicIpOf(ctx.region, i) !== undefined).length)
      throw awsError('DependencyViolation', `Network ${vpc.VpcId} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`);
    gateway.attachedVpcId = undefined;
    return {};
  },

  DeleteInternetGateway: (ctx) => {
    const gateway = ec2One(ctx, 'internetGateway', inputOf<DeleteInternetGatewayCommandInput>(ctx).InternetGatewayId);
    if (gateway.attachedVpcId) throw dependency('internetGateway', gateway.InternetGatewayId);
    delete ctx.region.internetGateways![gateway.InternetGatewayId];
    return {};
  },

  DeleteSubnet: (ctx) => {
    const subnet = ec2One(ctx, 'subnet', inputOf<DeleteSubnetCommandInput>(ctx).SubnetId);
    const inUse =
      liveInstances(ctx.region, ctx.now, (i) => i.SubnetId === subnet.SubnetId).length > 0 || Object.values(ctx.region.mountTargets ?? {}).some((m) => m.SubnetId === subnet.SubnetId);
    if (inUse) throw dependency('subnet', subnet.SubnetId);
    for (const table of Object.values(ctx.region.routeTables ?? {})) table.associations = table.associations.filter((a) => a.SubnetId !== subnet.SubnetId);
    delete ctx.region.subnets[subnet.SubnetId];
    return {};
  },

  DeleteVpc: (ctx) => {
    const vpc = ec2One(ctx, 'vpc', inputOf<DeleteVpcCommandInput>(ctx).VpcId);
    const blocked =
      Object.values(ctx.region.subnets).some((s) => s.VpcId === vpc.VpcId) ||
      Object.values(ctx.region.securityGroups).some((g) => g.VpcId === vpc.VpcId && g.GroupName !== 'default') ||
      Object.values(ctx.region.internetGateways ?? {}).some((g) => g.attachedVpcId === vpc.VpcId) ||
      Object.values(ctx.region.routeTables ?? {}).some((t) => t.VpcId === vpc.VpcId && !t.main);
    if (blocked) throw dependency('vpc', vpc.VpcId);
    for (const g of Object.values(ctx.region.securityGroups)) if (g.VpcId === vpc.VpcId) delete ctx.region.securityGroups[g.GroupId];
    for (const t of Object.values(ctx.region.routeTables ?? {})) if (t.VpcId === vpc.VpcId) delete ctx.region.routeTables![t.RouteTableId];
    delete ctx.region.vpcs[vpc.VpcId];
    return {};
  },
};
