/** Elastic IPs: allocate, describe, associate (with AWS's reassociation rule), disassociate, release (which disassociates in a default VPC only). */
import type { Address as AddressView, AllocateAddressCommandInput, AssociateAddressCommandInput, DescribeAddressesCommandInput, DisassociateAddressCommandInput, ReleaseAddressCommandInput } from '@aws-sdk/client-ec2';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { applyFilters, tagList, tagsForResource } from '../lib/filters.js';
import { resourceId } from '../../account/ids.js';
import { documentationAddress } from '../../account/net.js';
import type { Address } from '../../account/state.js';
import { ec2Named, ec2One } from './common.js';
import { addressOf, isRunning } from './lifecycle.js';

/** The default quota of Elastic IPs per region. */
const ADDRESS_LIMIT = 5;

function addressView(ctx: OperationContext, a: Address): AddressView {
  return {
    AllocationId: a.AllocationId,
    PublicIp: a.PublicIp,
    Domain: 'vpc',
    PublicIpv4Pool: 'amazon',
    NetworkBorderGroup: ctx.regionName,
    AssociationId: a.AssociationId,
    InstanceId: a.InstanceId,
    PrivateIpAddress: a.PrivateIpAddress,
    NetworkInterfaceOwnerId: a.InstanceId ? ctx.account.accountId : undefined,
    Tags: tagList(a.Tags),
  };
}

function findByPublicIp(ctx: OperationContext, ips: string[] | undefined): Address[] | undefined {
  if (!ips?.length) return undefined;
  const all = Object.values(ctx.region.addresses);
  const missing = ips.find((ip) => !all.some((a) => a.PublicIp === ip && ctx.visible(a.createdAt)));
  if (missing) throw awsError('InvalidAddress.NotFound', `Address '${missing}' not found.`);
  return all.filter((a) => ips.includes(a.PublicIp));
}

export const addresses: ServiceHandlers = {
  AllocateAddress: (ctx) => {
    const input = inputOf<AllocateAddressCommandInput>(ctx);
    if (input.Domain && input.Domain !== 'vpc') throw awsError('InvalidParameterValue', `Invalid value '${input.Domain}' for domain.`);
    if (Object.keys(ctx.region.addresses).length >= ADDRESS_LIMIT) throw awsError('AddressLimitExceeded', 'The maximum number of addresses has been reached.');
    const address: Address = {
      AllocationId: resourceId('eipalloc'),
      PublicIp: documentationAddress('elastic', ctx.region.counters.elasticIps++),
      Tags: tagsForResource(input.TagSpecifications, 'elastic-ip'),
      createdAt: ctx.now,
    };
    ctx.region.addresses[address.AllocationId] = address;
    const { AllocationId, PublicIp, Domain, PublicIpv4Pool, NetworkBorderGroup } = addressView(ctx, address);
    return { AllocationId, PublicIp, Domain, PublicIpv4Pool, NetworkBorderGroup };
  },

  DescribeAddresses: (ctx) => {
    const input = inputOf<DescribeAddressesCommandInput>(ctx);
    const found = applyFilters(findByPublicIp(ctx, input.PublicIps) ?? ec2Named(ctx, 'allocation', input.AllocationIds), input.Filters, {
      'allocation-id': (a) => a.AllocationId,
      'association-id': (a) => a.AssociationId,
      'association.allocation-id': (a) => (a.AssociationId ? a.AllocationId : undefined),
      'instance-id': (a) => a.InstanceId,
      'public-ip': (a) => a.PublicIp,
      'private-ip-address': (a) => a.PrivateIpAddress,
      domain: () => 'vpc',
      'network-border-group': () => ctx.regionName,
    });
    return { Addresses: found.map((a) => addressView(ctx, a)) };
  },

  AssociateAddress: (ctx) => {
    const input = inputOf<AssociateAddressCommandInput>(ctx);
    if (input.NetworkInterfaceId) throw awsError('UnsupportedOperation', 'The sandbox does not simulate ec2:AssociateAddress with NetworkInterfaceId');
    const address = input.AllocationId ? ec2One(ctx, 'allocation', input.AllocationId) : findByPublicIp(ctx, input.PublicIp ? [input.PublicIp] : undefined)?.[0];
    if (!address) throw awsError('MissingParameter', 'The request must contain the parameter AllocationId');
    const instance = ec2One(ctx, 'instance', input.InstanceId);
    if (!isRunning(instance, ctx.now)) throw awsError('IncorrectInstanceState', `The instance '${instance.InstanceId}' is not in a valid state for this operation.`);
    if (address.InstanceId === instance.InstanceId && address.AssociationId) return { AssociationId: address.AssociationId };
    if (address.AssociationId && input.AllowReassociation !== true)
      throw awsError('Resource.AlreadyAssociated', `resource ${address.AllocationId} is already associated with associate-id ${address.AssociationId}`);
    // An instance has one public address: an Elastic IP it held before is released from it.
    const previous = addressOf(ctx.region, instance.InstanceId);
    if (previous) Object.assign(previous, { AssociationId: undefined, InstanceId: undefined, PrivateIpAddress: undefined });
    Object.assign(address, { AssociationId: resourceId('eipassoc'), InstanceId: instance.InstanceId, PrivateIpAddress: input.PrivateIpAddress ?? instance.PrivateIpAddress });
    return { AssociationId: address.AssociationId };
  },

  DisassociateAddress: (ctx) => {
    const input = inputOf<DisassociateAddressCommandInput>(ctx);
    const address = Object.values(ctx.region.addresses).find((a) => (input.AssociationId ? a.AssociationId === input.AssociationId : a.PublicIp === input.PublicIp));
    if (!address) throw awsError('InvalidAssociationID.NotFound', `The association ID '${input.AssociationId ?? input.PublicIp}' does not exist`);
    Object.assign(address, { AssociationId: undefined, InstanceId: undefined, PrivateIpAddress: undefined });
    return {};
  },

  ReleaseAddress: (ctx) => {
    const input = inputOf<ReleaseAddressCommandInput>(ctx);
    const address = input.AllocationId ? ec2One(ctx, 'allocation', input.AllocationId) : findByPublicIp(ctx, input.PublicIp ? [input.PublicIp] : undefined)?.[0];
    if (!address) throw awsError('MissingParameter', 'The request must contain the parameter AllocationId');
    // In a default VPC the release disassociates it; elsewhere it must be disassociated first (ReleaseAddress API reference).
    const vpc = address.InstanceId ? ctx.region.vpcs[ctx.region.instances[address.InstanceId]?.VpcId ?? ''] : undefined;
    if (address.AssociationId && !vpc?.IsDefault) throw awsError('InvalidIPAddress.InUse', `Address ${address.PublicIp} is in use.`);
    delete ctx.region.addresses[address.AllocationId];
    return {};
  },
};
