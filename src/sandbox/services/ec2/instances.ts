/**
 * Instances: launch (with AWS's ClientToken idempotency), describe, reboot.
 * Each instance carries a simulated host that SSM scripts act on.
 */
import type { DescribeInstancesCommandInput, RebootInstancesCommandInput, RunInstancesCommandInput } from '@aws-sdk/client-ec2';
import { instanceType } from '../../account/world.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { ec2Page } from '../lib/pages.js';
import { awsError } from '../lib/errors.js';
import { applyFilters, tagsForResource } from '../lib/filters.js';
import { newHost } from '../../host/model.js';
import { hostFromImage } from '../../host/image.js';
import { bootHost } from '../../host/systemd.js';
import { resourceId } from '../../account/ids.js';
import { documentationAddress, subnetHost } from '../../account/net.js';
import type { Image, Instance, InstanceProfile, Subnet } from '../../account/state.js';
import { after } from '../../account/time.js';
import { defaultVpc, ec2Named, ec2One, stableJson } from './common.js';
import { reservationsView } from './instance-view.js';
import { INSTANCE_PENDING_SECONDS, REBOOT_SECONDS, instanceState, isRunning, publicIpOf } from './lifecycle.js';
import { createLaunchVolumes } from './volumes.js';
import { imageState } from './images.js';

function requireImage(ctx: OperationContext, imageId: string | undefined): Image {
  const image = imageId ? ctx.region.images[imageId] : undefined;
  if (!image) throw awsError(imageId ? 'InvalidAMIID.NotFound' : 'MissingParameter', imageId ? `The image id '[${imageId}]' does not exist` : 'The request must contain the parameter ImageId');
  if (imageState(image, ctx.now) !== 'available') throw awsError('InvalidAMIID.Unavailable', `The image id '[${image.ImageId}]' is not available yet`);
  return image;
}

function requireInstanceType(type: string | undefined, image: Image): void {
  const info = type ? instanceType(type) : undefined;
  if (!info) throw awsError('InvalidParameterValue', `Invalid value '${type}' for InstanceType.`);
  if (info.arch !== image.Architecture)
    throw awsError(
      'InvalidParameterValue',
      `The architecture '${info.arch}' of the specified instance type does not match the architecture '${image.Architecture}' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again. You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.`,
    );
}

function launchSubnet(ctx: OperationContext, subnetId: string | undefined): Subnet {
  if (subnetId) return ec2One(ctx, 'subnet', subnetId);
  const vpc = defaultVpc(ctx);
  const subnet = Object.values(ctx.region.subnets).find((s) => s.VpcId === vpc?.VpcId && s.DefaultForAz);
  if (!subnet) throw awsError('VPCIdNotSpecified', 'No default VPC for this user');
  return subnet;
}

function launchGroups(ctx: OperationContext, subnet: Subnet, ids: string[] | undefined, names: string[] | undefined): string[] {
  const inVpc = Object.values(ctx.region.securityGroups).filter((g) => g.VpcId === subnet.VpcId);
  if (names?.length) {
    const missing = names.filter((n) => !inVpc.some((g) => g.GroupName === n));
    if (missing.length) throw awsError('InvalidGroup.NotFound', `The security group '${missing.join(', ')}' does not exist in VPC '${subnet.VpcId}'`);
  }
  const groups = [...(ids?.length ? ec2Named(ctx, 'group', ids) : []), ...inVpc.filter((g) => names?.includes(g.GroupName))];
  for (const g of groups)
    if (g.VpcId !== subnet.VpcId) throw awsError('InvalidParameter', `Security group ${g.GroupId} and subnet ${subnet.SubnetId} belong to different networks.`);
  if (groups.length) return [...new Set(groups.map((g) => g.GroupId))];
  const fallback = inVpc.find((g) => g.GroupName === 'default');
  return fallback ? [fallback.GroupId] : [];
}

function launchProfile(ctx: OperationContext, spec: RunInstancesCommandInput['IamInstanceProfile']): InstanceProfile | undefined {
  if (!spec?.Name && !spec?.Arn) return undefined;
  const profiles = Object.values(ctx.account.iam.instanceProfiles);
  const profile = spec.Arn ? profiles.find((p) => p.Arn === spec.Arn) : ctx.account.iam.instanceProfiles[spec.Name ?? ''];
  if (!profile)
    throw awsError(
      'InvalidParameterValue',
      spec.Arn
        ? `Value (${spec.Arn}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN`
        : `Value (${spec.Name}) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name`,
    );
  return profile;
}

/** AWS answers a repeated ClientToken with the original reservation, never a second launch. */
function earlierLaunch(ctx: OperationContext, input: RunInstancesCommandInput, requestHash: string): Instance[] | undefined {
  if (!input.ClientToken) return undefined;
  const earlier = Object.values(ctx.region.instances).filter((i) => i.ClientToken === input.ClientToken);
  if (earlier.length === 0) return undefined;
  if (earlier[0]!.requestHash !== requestHash)
    throw awsError('IdempotentParameterMismatch', 'Arguments on this idempotent request are inconsistent with arguments used in previous request(s).');
  return earlier;
}

function launch(ctx: OperationContext, input: RunInstancesCommandInput, requestHash: string): Instance[] {
  const nic = input.NetworkInterfaces?.find((n) => (n.DeviceIndex ?? 0) === 0);
  const image = requireImage(ctx, input.ImageId);
  requireInstanceType(input.InstanceType, image);
  const subnet = launchSubnet(ctx, nic?.SubnetId ?? input.SubnetId);
  const groupIds = launchGroups(ctx, subnet, nic?.Groups ?? input.SecurityGroupIds, input.SecurityGroups);
  if (input.KeyName && !ctx.region.keyPairs[input.KeyName]) throw awsError('InvalidKeyPair.NotFound', `The key pair '${input.KeyName}' does not exist`);
  const profile = launchProfile(ctx, input.IamInstanceProfile);
  const count = Math.max(input.MinCount ?? 1, input.MaxCount ?? 1);
  const imdsV2 = image.ImdsSupport === 'v2.0';
  const reservationId = resourceId('r');
  const publicIp = nic?.AssociatePublicIpAddress ?? subnet.MapPublicIpOnLaunch;
  const launched: Instance[] = [];
  for (let index = 0; index < count; index++) {
    const instanceId = resourceId('i');
    const { volumes, devices } = createLaunchVolumes(ctx, instanceId, image, input.BlockDeviceMappings, subnet.AvailabilityZone, tagsForResource(input.TagSpecifications, 'volume'));
    const instance: Instance = {
      InstanceId: instanceId,
      ReservationId: reservationId,
      ImageId: image.ImageId,
      InstanceType: input.InstanceType ?? '',
      SubnetId: subnet.SubnetId,
      VpcId: subnet.VpcId,
      PrivateIpAddress: subnetHost(subnet.CidrBlock, subnet.nextHost++),
      autoPublicIp: publicIp ? documentationAddress('auto', ctx.region.counters.autoIps++) : undefined,
      SecurityGroupIds: groupIds,
      KeyName: input.KeyName,
      ClientToken: input.ClientToken,
      requestHash,
      IamInstanceProfileArn: profile?.Arn,
      MetadataOptions: {
        HttpTokens: input.MetadataOptions?.HttpTokens ?? (imdsV2 ? 'required' : 'optional'),
        HttpPutResponseHopLimit: input.MetadataOptions?.HttpPutResponseHopLimit ?? (imdsV2 ? 2 : 1),
        HttpEndpoint: input.MetadataOptions?.HttpEndpoint ?? 'enabled',
        InstanceMetadataTags: input.MetadataOptions?.InstanceMetadataTags ?? 'disabled',
      },
      BlockDeviceMappings: devices,
      launchedAt: ctx.now,
      AmiLaunchIndex: index,
      DisableApiTermination: input.DisableApiTermination === true,
      Tags: tagsForResource(input.TagSpecifications, 'instance'),
      createdAt: ctx.now,
      // The operating system is up once the instance is running.
      host: image.host ? hostFromImage(image.host, after(ctx.now, INSTANCE_PENDING_SECONDS)) : newHost(image.os, image.defaultUser, after(ctx.now, INSTANCE_PENDING_SECONDS)),
    };
    for (const v of volumes) ctx.region.volumes[v.VolumeId] = v;
    ctx.region.instances[instanceId] = instance;
    launched.push(instance);
  }
  return launched;
}

export const instances: ServiceHandlers = {
  RunInstances: (ctx) => {
    const input = inputOf<RunInstancesCommandInput>(ctx);
    const { ClientToken: _token, ...request } = input;
    const requestHash = stableJson(request);
    const launched = earlierLaunch(ctx, input, requestHash) ?? launch(ctx, input, requestHash);
    return reservationsView(ctx, launched)[0]!;
  },

  DescribeInstances: (ctx) => {
    const input = inputOf<DescribeInstancesCommandInput>(ctx);
    const found = applyFilters(ec2Named(ctx, 'instance', input.InstanceIds), input.Filters, {
      'instance-id': (i) => i.InstanceId,
      'instance-state-name': (i) => instanceState(i, ctx.now).Name,
      'instance-state-code': (i) => instanceState(i, ctx.now).Code,
      'instance-type': (i) => i.InstanceType,
      'image-id': (i) => i.ImageId,
      'vpc-id': (i) => i.VpcId,
      'subnet-id': (i) => i.SubnetId,
      'client-token': (i) => i.ClientToken,
      'reservation-id': (i) => i.ReservationId,
      'key-name': (i) => i.KeyName,
      'private-ip-address': (i) => i.PrivateIpAddress,
      'ip-address': (i) => publicIpOf(ctx.region, i),
      'availability-zone': (i) => ctx.region.subnets[i.SubnetId]?.AvailabilityZone,
      'iam-instance-profile.arn': (i) => i.IamInstanceProfileArn,
      'instance.group-id': (i) => i.SecurityGroupIds,
      'instance.group-name': (i) => i.SecurityGroupIds.map((id) => ctx.region.securityGroups[id]?.GroupName),
      'metadata-options.http-tokens': (i) => i.MetadataOptions.HttpTokens,
    });
    // EC2 pages by reservation.
    const { items, NextToken } = ec2Page(ctx, reservationsView(ctx, found), input, input.InstanceIds);
    return { Reservations: items, NextToken };
  },

  RebootInstances: (ctx) => {
    const ids = inputOf<RebootInstancesCommandInput>(ctx).InstanceIds ?? [];
    if (!ids.length) throw awsError('MissingParameter', 'The request must contain the parameter InstanceId');
    const targets = ec2Named(ctx, 'instance', ids);
    const notRunning = targets.find((i) => !isRunning(i, ctx.now));
    if (notRunning) throw awsError('IncorrectInstanceState', `The instance '${notRunning.InstanceId}' is not in a valid state for this operation.`);
    // The host is down (SSM offline) until it has booted again; what comes back is decided by the boot.
    for (const i of targets) bootHost(i.host, after(ctx.now, REBOOT_SECONDS));
    return {};
  },
};
