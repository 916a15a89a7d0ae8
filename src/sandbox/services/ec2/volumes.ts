/** EBS volumes: created by RunInstances from its block device mappings, and described (CreateVolume and AttachVolume: volume-lifecycle.ts). */
import type { BlockDeviceMapping, DescribeVolumesCommandInput, Volume as VolumeView } from '@aws-sdk/client-ec2';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { ec2Page } from '../lib/pages.js';
import { awsError } from '../lib/errors.js';
import { applyFilters, tagList } from '../lib/filters.js';
import { resourceId } from '../../account/ids.js';
import type { BlockDevice, Image, Tags, Volume } from '../../account/state.js';
import { ec2Named } from './common.js';
import { volumeEncryption } from './encryption-by-default.js';
import { attachmentState, currentAttachment, volumeSize, volumeState } from './volume-states.js';

const GP3_DEFAULTS = { Iops: 3000, Throughput: 125 };

function rootSnapshotId(image: Image): string {
  return image.blockDevices?.find((d) => d.DeviceName === image.RootDeviceName)?.SnapshotId ?? `snap-${image.ImageId.slice(4)}`;
}

/** The volumes a launch creates: the image's root device (as overridden) plus any extra mappings. */
export function createLaunchVolumes(
  ctx: OperationContext,
  instanceId: string,
  image: Image,
  mappings: BlockDeviceMapping[] | undefined,
  zone: string,
  tags: Tags,
): { volumes: Volume[]; devices: BlockDevice[] } {
  const root = mappings?.find((m) => m.DeviceName === image.RootDeviceName);
  const extra = (mappings ?? []).filter((m) => m !== root && m.Ebs && m.NoDevice === undefined);
  const specs = [
    { DeviceName: image.RootDeviceName, Ebs: { VolumeSize: image.RootVolumeSize, VolumeType: image.RootVolumeType, SnapshotId: rootSnapshotId(image), ...root?.Ebs } },
    ...extra,
  ];
  const volumes: Volume[] = [];
  const devices: BlockDevice[] = [];
  for (const spec of specs) {
    const ebs = spec.Ebs ?? {};
    if (ebs.VolumeSize === undefined && ebs.SnapshotId === undefined) throw awsError('MissingParameter', 'The request must contain the parameter size or snapshotId');
    const size = ebs.VolumeSize ?? image.RootVolumeSize;
    if (spec.DeviceName === image.RootDeviceName && size < image.RootVolumeSize)
      throw awsError('InvalidBlockDeviceMapping', `Volume of size ${size}GB is smaller than snapshot '${rootSnapshotId(image)}', expect size >= ${image.RootVolumeSize}GB`);
    const type = ebs.VolumeType ?? 'gp2';
    const volume: Volume = {
      VolumeId: resourceId('vol'),
      Size: size,
      VolumeType: type,
      ...(type === 'gp3' ? { Iops: ebs.Iops ?? GP3_DEFAULTS.Iops, Throughput: ebs.Throughput ?? GP3_DEFAULTS.Throughput } : ebs.Iops ? { Iops: ebs.Iops } : {}),
      ...volumeEncryption(ctx, ebs),
      SnapshotId: ebs.SnapshotId,
      AvailabilityZone: zone,
      Tags: { ...tags },
      createdAt: ctx.now,
    };
    const device: BlockDevice = { DeviceName: spec.DeviceName ?? '', VolumeId: volume.VolumeId, DeleteOnTermination: ebs.DeleteOnTermination ?? true };
    volume.attachment = { InstanceId: instanceId, Device: device.DeviceName, DeleteOnTermination: device.DeleteOnTermination, attachedAt: ctx.now };
    volumes.push(volume);
    devices.push(device);
  }
  return { volumes, devices };
}

export function volumeView(v: Volume, now: number): VolumeView {
  const a = currentAttachment(v, now);
  return {
    VolumeId: v.VolumeId,
    Size: volumeSize(v, now),
    VolumeType: v.VolumeType as VolumeView['VolumeType'],
    Iops: v.Iops,
    Throughput: v.Throughput,
    Encrypted: v.Encrypted,
    KmsKeyId: v.KmsKeyId,
    SnapshotId: v.SnapshotId ?? '',
    AvailabilityZone: v.AvailabilityZone,
    State: volumeState(v, now),
    CreateTime: new Date(v.createdAt),
    MultiAttachEnabled: false,
    Attachments: a ? [{ VolumeId: v.VolumeId, InstanceId: a.InstanceId, Device: a.Device, State: attachmentState(v, now), AttachTime: new Date(a.attachedAt), DeleteOnTermination: a.DeleteOnTermination }] : [],
    Tags: tagList(v.Tags),
  };
}

export const volumes: ServiceHandlers = {
  DescribeVolumes: (ctx) => {
    const input = inputOf<DescribeVolumesCommandInput>(ctx);
    const found = applyFilters(ec2Named(ctx, 'volume', input.VolumeIds), input.Filters, {
      'volume-id': (v) => v.VolumeId,
      'attachment.instance-id': (v) => currentAttachment(v, ctx.now)?.InstanceId,
      'attachment.device': (v) => currentAttachment(v, ctx.now)?.Device,
      'attachment.status': (v) => attachmentState(v, ctx.now),
      'attachment.delete-on-termination': (v) => currentAttachment(v, ctx.now)?.DeleteOnTermination,
      'availability-zone': (v) => v.AvailabilityZone,
      encrypted: (v) => v.Encrypted,
      size: (v) => volumeSize(v, ctx.now),
      'snapshot-id': (v) => v.SnapshotId,
      status: (v) => volumeState(v, ctx.now),
      'volume-type': (v) => v.VolumeType,
    });
    const { items, NextToken } = ec2Page(ctx, found, input, input.VolumeIds);
    return { Volumes: items.map((v) => volumeView(v, ctx.now)), NextToken };
  },
};
