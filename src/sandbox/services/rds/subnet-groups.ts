/**
 * RDS DB subnet groups: subnets of one VPC in at least two availability
 * zones (CreateDBSubnetGroup API reference); one in use by a DB instance
 * cannot be deleted.
 */
import type { CreateDBSubnetGroupCommandInput, DBSubnetGroup, DeleteDBSubnetGroupCommandInput, DescribeDBSubnetGroupsCommandInput } from '@aws-sdk/client-rds';
import type { DbSubnetGroup } from '../../account/state.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { tagsFrom } from '../lib/filters.js';
import { dbInstanceGone } from './instance-states.js';

const notFound = (name: string) => awsError('DBSubnetGroupNotFoundFault', `DBSubnetGroup ${name} not found.`, 404);

export function subnetGroupArn(ctx: OperationContext, name: string): string {
  return `arn:aws:rds:${ctx.regionName}:${ctx.account.accountId}:subgrp:${name}`;
}

export function subnetGroupView(ctx: OperationContext, g: DbSubnetGroup): DBSubnetGroup {
  return {
    DBSubnetGroupName: g.DBSubnetGroupName,
    DBSubnetGroupDescription: g.DBSubnetGroupDescription,
    VpcId: g.VpcId,
    SubnetGroupStatus: 'Complete',
    Subnets: g.subnetIds.map((id) => ({ SubnetIdentifier: id, SubnetAvailabilityZone: { Name: ctx.region.subnets[id]?.AvailabilityZone }, SubnetStatus: 'Active' })),
    DBSubnetGroupArn: subnetGroupArn(ctx, g.DBSubnetGroupName),
    SupportedNetworkTypes: ['IPV4'],
  };
}

/** The group a DB instance names, or RDS's error. */
export function requireSubnetGroup(ctx: OperationContext, name: string | undefined): DbSubnetGroup {
  const group = ctx.region.dbSubnetGroups?.[(name ?? '').toLowerCase()];
  if (!group || !ctx.visible(group.createdAt)) throw notFound(name ?? '');
  return group;
}

export const subnetGroups: ServiceHandlers = {
  CreateDBSubnetGroup: (ctx) => {
    const input = inputOf<CreateDBSubnetGroupCommandInput>(ctx);
    const name = (input.DBSubnetGroupName ?? '').toLowerCase();
    if (!/^[a-z0-9][a-z0-9 ._-]{0,254}$/.test(name) || name === 'default') throw awsError('InvalidParameterValue', `The parameter DBSubnetGroupName is not a valid identifier: ${input.DBSubnetGroupName}.`);
    if (ctx.region.dbSubnetGroups?.[name]) throw awsError('DBSubnetGroupAlreadyExistsFault', `The DB subnet group '${name}' already exists.`);
    const ids = input.SubnetIds ?? [];
    const subnets = ids.map((id) => {
      const s = ctx.region.subnets[id];
      if (!s) throw awsError('InvalidSubnet', `The subnet ${id} does not exist.`);
      return s;
    });
    if (new Set(subnets.map((s) => s.VpcId)).size !== 1) throw awsError('InvalidParameterValue', 'The subnets of a DB subnet group must be in one VPC.');
    if (new Set(subnets.map((s) => s.AvailabilityZone)).size < 2)
      throw awsError('DBSubnetGroupDoesNotCoverEnoughAZs', 'The DB subnet group doesn\'t meet Availability Zone (AZ) coverage requirement. Current AZ coverage: 1. Add subnets to cover at least 2 AZs.');
    const group: DbSubnetGroup = { DBSubnetGroupName: name, DBSubnetGroupDescription: input.DBSubnetGroupDescription ?? '', VpcId: subnets[0]!.VpcId, subnetIds: ids, Tags: tagsFrom(input.Tags), createdAt: ctx.now };
    (ctx.region.dbSubnetGroups ??= {})[name] = group;
    return { DBSubnetGroup: subnetGroupView(ctx, group) };
  },

  DescribeDBSubnetGroups: (ctx) => {
    const input = inputOf<DescribeDBSubnetGroupsCommandInput>(ctx);
    const all = Object.values(ctx.region.dbSubnetGroups ?? {}).filter((g) => ctx.visible(g.createdAt));
    const found = input.DBSubnetGroupName ? [requireSubnetGroup(ctx, input.DBSubnetGroupName)] : all;
    return { DBSubnetGroups: found.map((g) => subnetGroupView(ctx, g)) };
  },

  DeleteDBSubnetGroup: (ctx) => {
    const name = (inputOf<DeleteDBSubnetGroupCommandInput>(ctx).DBSubnetGroupName ?? '').toLowerCase();
    requireSubnetGroup(ctx, name);
    const user = Object.values(ctx.region.dbInstances ?? {}).find((d) => d.DBSubnetGroupName === name && !dbInstanceGone(d, ctx.now));
    if (user) throw awsError('InvalidDBSubnetGroupStateFault', `Cannot delete the subnet group '${name}' because at least one database instance: ${user.DBInstanceIdentifier} is still using it.`);
    delete ctx.region.dbSubnetGroups![name];
    return {};
  },
};
