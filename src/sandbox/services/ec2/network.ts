/** EC2 networking: VPCs and subnets as DescribeVpcs and DescribeSubnets show them (vpcs.ts creates and changes them). */
import type { DescribeSubnetsCommandInput, DescribeVpcsCommandInput, Subnet as SubnetView, Vpc as VpcView } from '@aws-sdk/client-ec2';
import { inputOf, type ServiceHandlers } from '../lib/context.js';
import { ec2Page } from '../lib/pages.js';
import { applyFilters, tagList } from '../lib/filters.js';
import { subnetCapacity } from '../../account/net.js';
import type { Subnet, Vpc } from '../../account/state.js';
import { ec2Named } from './common.js';

export function vpcView(vpc: Vpc, ownerId: string): VpcView {
  return {
    VpcId: vpc.VpcId,
    CidrBlock: vpc.CidrBlock,
    State: 'available',
    IsDefault: vpc.IsDefault,
    OwnerId: ownerId,
    InstanceTenancy: 'default',
    DhcpOptionsId: 'dopt-0a1b2c3d4e5f60001',
    CidrBlockAssociationSet: [{ AssociationId: `${vpc.VpcId.replace('vpc-', 'vpc-cidr-assoc-')}`, CidrBlock: vpc.CidrBlock, CidrBlockState: { State: 'associated' } }],
    Tags: tagList(vpc.Tags),
  };
}

export function subnetView(subnet: Subnet, ownerId: string, region: string): SubnetView {
  return {
    SubnetId: subnet.SubnetId,
    SubnetArn: `arn:aws:ec2:${region}:${ownerId}:subnet/${subnet.SubnetId}`,
    VpcId: subnet.VpcId,
    CidrBlock: subnet.CidrBlock,
    AvailabilityZone: subnet.AvailabilityZone,
    AvailabilityZoneId: subnet.AvailabilityZoneId,
    AvailableIpAddressCount: subnetCapacity(subnet.CidrBlock) - subnet.nextHost,
    DefaultForAz: subnet.DefaultForAz,
    MapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch,
    State: 'available',
    OwnerId: ownerId,
    Tags: tagList(subnet.Tags),
  };
}

export const network: ServiceHandlers = {
  DescribeVpcs: (ctx) => {
    const input = inputOf<DescribeVpcsCommandInput>(ctx);
    const vpcs = applyFilters(ec2Named(ctx, 'vpc', input.VpcIds), input.Filters, {
      'vpc-id': (v) => v.VpcId,
      isDefault: (v) => v.IsDefault,
      'is-default': (v) => v.IsDefault,
      'cidr': (v) => v.CidrBlock,
      'cidr-block-association.cidr-block': (v) => v.CidrBlock,
      state: () => 'available',
      'owner-id': () => ctx.account.accountId,
    });
    const { items, NextToken } = ec2Page(ctx, vpcs, input, input.VpcIds);
    return { Vpcs: items.map((v) => vpcView(v, ctx.account.accountId)), NextToken };
  },

  DescribeSubnets: (ctx) => {
    const input = inputOf<DescribeSubnetsCommandInput>(ctx);
    const subnets = applyFilters(ec2Named(ctx, 'subnet', input.SubnetIds), input.Filters, {
      'subnet-id': (s) => s.SubnetId,
      'vpc-id': (s) => s.VpcId,
      'availability-zone': (s) => s.AvailabilityZone,
      'availability-zone-id': (s) => s.AvailabilityZoneId,
      'default-for-az': (s) => s.DefaultForAz,
      defaultForAz: (s) => s.DefaultForAz,
      'cidr-block': (s) => s.CidrBlock,
      'map-public-ip-on-launch': (s) => s.MapPublicIpOnLaunch,
      state: () => 'available',
      'owner-id': () => ctx.account.accountId,
    });
    const { items, NextToken } = ec2Page(ctx, subnets, input, input.SubnetIds);
    return { Subnets: items.map((s) => subnetView(s, ctx.account.accountId, ctx.regionName)), NextToken };
  },
};
