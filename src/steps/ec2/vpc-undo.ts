/**
 * Destroying what `ec2.vpc` made: its public route table (associations
 * first), its internet gateway (detached first), its subnets, then the VPC,
 * which takes its default security group and main route table with it. Each
 * delete waits while something still has a network interface there (what
 * later steps made goes first, in the destroy's reverse order). An adopted
 * VPC is kept.
 */
import {
  DeleteInternetGatewayCommand,
  DeleteRouteTableCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeRouteTablesCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  type Vpc,
} from '../../aws/sdk/ec2.js';
import type { PlannedCall } from '../../core/calls.js';
import type { StepContext, Undo } from '../../engine/model/step.js';
import { adoptedNote, deleteWhenFree, madeByRun } from '../undo.js';
import { goneIsDone, unlessGone } from '../../aws/errors.js';
import type { VpcInput, VpcOutputs } from './vpc.js';
import { readVpc } from './vpc-state.js';

interface VpcParts {
  subnetIds: string[];
  gatewayId?: string;
  gatewayAttached?: boolean;
  routeTableId?: string;
}

async function vpcById(ctx: StepContext, vpcId: string): Promise<Vpc | undefined> {
  return (await unlessGone(() => ctx.aws.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))))?.Vpcs?.[0];
}

/** Gone already is done. */
export const vpcUndo: Undo<VpcInput, VpcOutputs> = {
  async find(ctx, { input, outputs }) {
    if (input.vpcId) {
      const adopted = await vpcById(ctx, input.vpcId);
      return adopted ? [{ type: 'ec2:vpc', id: input.vpcId, madeByRun: false, note: 'adopted (vpcId was given): not changed, not removed' }] : [];
    }
    const vpc = outputs.vpcId ? await vpcById(ctx, outputs.vpcId) : undefined;
    const state = input.name && input.cidr ? await readVpc(ctx, input.name, vpc?.CidrBlock ?? input.cidr) : undefined;
    const vpcId = vpc?.VpcId ?? state?.vpcId;
    if (!vpcId) return [];
    const tags = vpc?.Tags ?? (await vpcById(ctx, vpcId))?.Tags;
    const mine = madeByRun(ctx, tags);
    const parts: VpcParts = {
      subnetIds: state?.subnets.map((s) => s.subnetId) ?? outputs.subnetIds ?? [],
      ...(state?.gateway ? { gatewayId: state.gateway.id, gatewayAttached: state.gateway.attached } : {}),
      ...(state?.routeTable ? { routeTableId: state.routeTable.id } : {}),
    };
    const inside = [`${parts.subnetIds.length} subnet${parts.subnetIds.length === 1 ? '' : 's'}`, parts.gatewayId && `internet gateway ${parts.gatewayId}`, parts.routeTableId && `route table ${parts.routeTableId}`].filter(Boolean);
    return [{ type: 'ec2:vpc', id: vpcId, madeByRun: mine, note: mine ? `with its ${inside.join(', ')}` : adoptedNote(`VPC ${vpcId}`, tags), details: { ...parts } }];
  },
  plan(resource) {
    const parts = resource.details as unknown as VpcParts;
    const calls: PlannedCall[] = [];
    if (parts.routeTableId)
      calls.push(
        { service: 'ec2', operation: 'DisassociateRouteTable', input: { RouteTableId: parts.routeTableId }, note: 'for each subnet associated with it' },
        { service: 'ec2', operation: 'DeleteRouteTable', input: { RouteTableId: parts.routeTableId } },
      );
    if (parts.gatewayId) {
      if (parts.gatewayAttached) calls.push({ service: 'ec2', operation: 'DetachInternetGateway', input: { InternetGatewayId: parts.gatewayId, VpcId: resource.id }, note: 'once no address in the VPC is public' });
      calls.push({ service: 'ec2', operation: 'DeleteInternetGateway', input: { InternetGatewayId: parts.gatewayId } });
    }
    for (const SubnetId of parts.subnetIds) calls.push({ service: 'ec2', operation: 'DeleteSubnet', input: { SubnetId }, note: 'once nothing has a network interface in it' });
    calls.push({ service: 'ec2', operation: 'DeleteVpc', input: { VpcId: resource.id } });
    return calls;
  },
  async remove(ctx, resource) {
    const parts = resource.details as unknown as VpcParts;
    const ec2 = ctx.aws.ec2;
    const routeTableId = parts.routeTableId;
    if (routeTableId) {
      const table = (await unlessGone(() => ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [routeTableId] }))))?.RouteTables?.[0];
      for (const a of table?.Associations ?? []) if (!a.Main && a.RouteTableAssociationId) await goneIsDone(() => ec2.send(new DisassociateRouteTableCommand({ AssociationId: a.RouteTableAssociationId })));
      if (table) await goneIsDone(() => ec2.send(new DeleteRouteTableCommand({ RouteTableId: routeTableId })));
    }
    if (parts.gatewayId) {
      const gatewayId = parts.gatewayId;
      await deleteWhenFree(ctx, `internet gateway ${gatewayId} (to detach it)`, () => goneIsDone(() => ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: resource.id })), 'Gateway.NotAttached'));
      await goneIsDone(() => ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: gatewayId })));
    }
    for (const SubnetId of parts.subnetIds) await deleteWhenFree(ctx, `subnet ${SubnetId}`, () => ec2.send(new DeleteSubnetCommand({ SubnetId })));
    await deleteWhenFree(ctx, `VPC ${resource.id}`, () => ec2.send(new DeleteVpcCommand({ VpcId: resource.id })));
  },
};
