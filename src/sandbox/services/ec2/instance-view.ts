/** An instance as DescribeInstances and RunInstances show it, at a given moment. */
import type { Instance as InstanceView, Reservation } from '@aws-sdk/client-ec2';
import type { OperationContext } from '../lib/context.js';
import { tagList } from '../lib/filters.js';
import { privateDnsName, publicDnsName } from '../../account/net.js';
import type { Instance } from '../../account/state.js';
import { profileByArn } from '../iam/index.js';
import { instanceState, publicIpOf } from './lifecycle.js';

export function instanceView(ctx: OperationContext, i: Instance): InstanceView {
  const { region, now } = ctx;
  const state = instanceState(i, now);
  const image = region.images[i.ImageId];
  const publicIp = publicIpOf(region, i);
  const profile = profileByArn(ctx.account, i.IamInstanceProfileArn);
  const zone = region.subnets[i.SubnetId]?.AvailabilityZone;
  return {
    InstanceId: i.InstanceId,
    ImageId: i.ImageId,
    InstanceType: i.InstanceType as InstanceView['InstanceType'],
    State: state,
    StateTransitionReason: '',
    LaunchTime: new Date(i.launchedAt),
    AmiLaunchIndex: i.AmiLaunchIndex,
    Architecture: image?.Architecture,
    Placement: { AvailabilityZone: zone, Tenancy: 'default', GroupName: '' },
    SubnetId: i.SubnetId,
    VpcId: i.VpcId,
    PrivateIpAddress: i.PrivateIpAddress,
    PrivateDnsName: privateDnsName(i.PrivateIpAddress, ctx.regionName),
    PublicIpAddress: publicIp,
    PublicDnsName: publicIp ? publicDnsName(publicIp, ctx.regionName) : '',
    KeyName: i.KeyName,
    ClientToken: i.ClientToken ?? '',
    SecurityGroups: i.SecurityGroupIds.map((id) => ({ GroupId: id, GroupName: region.securityGroups[id]?.GroupName })),
    IamInstanceProfile: i.IamInstanceProfileArn ? { Arn: i.IamInstanceProfileArn, Id: profile?.InstanceProfileId } : undefined,
    MetadataOptions: { State: state.Name === 'pending' ? 'pending' : 'applied', HttpEndpoint: i.MetadataOptions.HttpEndpoint, HttpTokens: i.MetadataOptions.HttpTokens as 'required' | 'optional', HttpPutResponseHopLimit: i.MetadataOptions.HttpPutResponseHopLimit, HttpProtocolIpv6: 'disabled', InstanceMetadataTags: i.MetadataOptions.InstanceMetadataTags } as InstanceView['MetadataOptions'],
    RootDeviceName: image?.RootDeviceName,
    RootDeviceType: 'ebs',
    BlockDeviceMappings: i.BlockDeviceMappings.map((d) => ({
      DeviceName: d.DeviceName,
      Ebs: { VolumeId: d.VolumeId, Status: 'attached', AttachTime: new Date(i.launchedAt), DeleteOnTermination: d.DeleteOnTermination },
    })),
    VirtualizationType: 'hvm',
    Hypervisor: 'xen',
    EnaSupport: true,
    EbsOptimized: false,
    Monitoring: { State: 'disabled' },
    PlatformDetails: 'Linux/UNIX',
    UsageOperation: 'RunInstances',
    Tags: tagList(i.Tags),
  };
}

/** One reservation per RunInstances call, as AWS groups them. */
export function reservationsView(ctx: OperationContext, instances: Instance[]): Reservation[] {
  const byReservation = new Map<string, Instance[]>();
  for (const i of instances) byReservation.set(i.ReservationId, [...(byReservation.get(i.ReservationId) ?? []), i]);
  return [...byReservation].map(([ReservationId, members]) => ({
    ReservationId,
    OwnerId: ctx.account.accountId,
    Groups: [],
    Instances: members.map((i) => instanceView(ctx, i)),
  }));
}
