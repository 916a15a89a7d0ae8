/**
 * CreateVolume (with AWS's ClientToken idempotency), AttachVolume, with
 * AWS's rules: same availability zone, an available volume, a free device
 * name, an instance that is running or stopped. An attached volume appears on
 * the instance's simulated host as the next NVMe device, its id as serial.
 * DetachVolume (detaching, then available) and DeleteVolume (available only).
 */
import type { AttachVolumeCommandInput, CreateVolumeCommandInput, DeleteVolumeCommandInput, DetachVolumeCommandInput } from '@aws-sdk/client-ec2';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { tagsForResource } from '../lib/filters.js';
import { addRootDisk, attachDisk, detachDisk } from '../../host/storage.js';
import { resourceId } from '../../account/ids.js';
import type { Instance, Volume } from '../../account/state.js';
import { after } from '../../account/time.js';
import { ec2One, stableJson } from './common.js';
import { volumeEncryption } from './encryption-by-default.js';
import { instanceState } from './lifecycle.js';
import { currentAttachment, VOLUME_ATTACHING_SECONDS, volumeSize, volumeState } from './volume-states.js';
import { volumeView } from './volumes.js';

const SIZE_LIMITS: Record<string, [number, number]> = { gp3: [1, 16384], gp2: [1, 16384], io1: [4, 16384], io2: [4, 65536], st1: [125, 16384], sc1: [125, 16384], standard: [1, 1024] };

function zones(ctx: OperationContext): string[] {
  return [...new Set(Object.values(ctx.region.subnets).map((s) => s.AvailabilityZone))];
}

/** AWS answers a repeated ClientToken with the volume it already created, never a second one. */
function earlierVolume(ctx: OperationContext, token: string | undefined, requestHash: string): Volume | undefined {
  if (!token) return undefined;
  const earlier = Object.values(ctx.region.volumes).find((v) => v.ClientToken === token);
  if (earlier && earlier.requestHash !== requestHash)
    throw awsError('IdempotentParameterMismatch', 'Arguments on this idempotent request are inconsistent with arguments used in previous request(s).');
  return earlier;
}

function createVolume(ctx: OperationContext, input: CreateVolumeCommandInput, requestHash: string): Volume {
  const zone = input.AvailabilityZone;
  if (!zone) throw awsError('MissingParameter', 'The request must contain the parameter AvailabilityZone');
  if (!zones(ctx).includes(zone)) throw awsError('InvalidParameterValue', `Invalid availability zone: [${zone}]`);
  const type = input.VolumeType ?? 'gp2';
  const limits = SIZE_LIMITS[type];
  if (!limits) throw awsError('InvalidParameterValue', `Value (${type}) for parameter volumeType is invalid.`);
  if (input.Size === undefined) throw awsError('MissingParameter', 'The request must contain the parameter size or snapshotId');
  if (input.Size < limits[0] || input.Size > limits[1]) throw awsError('InvalidParameterValue', `Volume of ${input.Size}GiB is outside the range ${limits[0]}-${limits[1]} GiB for ${type}.`);
  return {
    VolumeId: resourceId('vol'),
    Size: input.Size,
    VolumeType: type,
    ...(type === 'gp3' ? { Iops: input.Iops ?? 3000, Throughput: input.Throughput ?? 125 } : input.Iops ? { Iops: input.Iops } : {}),
    ...volumeEncryption(ctx, input),
    AvailabilityZone: zone,
    ClientToken: input.ClientToken,
    requestHash,
    Tags: tagsForResource(input.TagSpecifications, 'volume'),
    createdAt: ctx.now,
  };
}

/** The instance's root volume, as its image maps it. */
function rootVolumeOf(ctx: OperationContext, instance: Instance): Volume | undefined {
  const root = ctx.region.images[instance.ImageId]?.RootDeviceName;
  const device = instance.BlockDeviceMappings.find((d) => d.DeviceName === root);
  return device ? ctx.region.volumes[device.VolumeId] : undefined;
}

export const volumeLifecycle: ServiceHandlers = {
  CreateVolume: (ctx) => {
    const input = inputOf<CreateVolumeCommandInput>(ctx);
    const { ClientToken: _token, ...request } = input;
    const requestHash = stableJson(request);
    const volume = earlierVolume(ctx, input.ClientToken, requestHash) ?? createVolume(ctx, input, requestHash);
    ctx.region.volumes[volume.VolumeId] = volume;
    return volumeView(volume, ctx.now);
  },

  AttachVolume: (ctx) => {
    const input = inputOf<AttachVolumeCommandInput>(ctx);
    if (!input.Device) throw awsError('MissingParameter', 'The request must contain the parameter device');
    const volume = ec2One(ctx, 'volume', input.VolumeId);
    const instance = ec2One(ctx, 'instance', input.InstanceId);
    if (currentAttachment(volume, ctx.now)) throw awsError('VolumeInUse', `${volume.VolumeId} is already attached to an instance`);
    if (volumeState(volume, ctx.now) !== 'available') throw awsError('IncorrectState', `${volume.VolumeId} is not 'available'.`);
    if (instanceState(instance, ctx.now).Name !== 'running') throw awsError('IncorrectInstanceState', `The instance '${instance.InstanceId}' is not in a valid state for this operation.`);
    const zone = ctx.region.subnets[instance.SubnetId]?.AvailabilityZone;
    if (zone !== volume.AvailabilityZone)
      throw awsError('InvalidVolume.ZoneMismatch', `The volume '${volume.VolumeId}' is not in the same availability zone as instance '${instance.InstanceId}'`);
    if (instance.BlockDeviceMappings.some((d) => d.DeviceName === input.Device))
      throw awsError('InvalidParameterValue', `Invalid value '${input.Device}' for unixDevice. Attachment point ${input.Device} is already in use`);
    volume.attachment = { InstanceId: instance.InstanceId, Device: input.Device, DeleteOnTermination: false, attachedAt: ctx.now };
    instance.BlockDeviceMappings.push({ DeviceName: input.Device, VolumeId: volume.VolumeId, DeleteOnTermination: false });
    // The kernel names devices in the order they appear: the root volume first.
    const root = rootVolumeOf(ctx, instance);
    if (root) addRootDisk(instance.host, root.VolumeId, volumeSize(root, ctx.now), instance.launchedAt);
    attachDisk(instance.host, volume.VolumeId, volumeSize(volume, ctx.now), after(ctx.now, VOLUME_ATTACHING_SECONDS));
    return { AttachTime: new Date(ctx.now), Device: input.Device, InstanceId: instance.InstanceId, State: 'attaching', VolumeId: volume.VolumeId };
  },

  DetachVolume: (ctx) => {
    const input = inputOf<DetachVolumeCommandInput>(ctx);
    const volume = ec2One(ctx, 'volume', input.VolumeId);
    const a = currentAttachment(volume, ctx.now);
    if (!a) throw awsError('IncorrectState', `Volume '${volume.VolumeId}' is in the 'available' state.`);
    if (input.InstanceId && input.InstanceId !== a.InstanceId) throw awsError('InvalidAttachment.NotFound', `The volume ${volume.VolumeId} is not attached to instance ${input.InstanceId}`);
    const instance = ctx.region.instances[a.InstanceId];
    if (instance) {
      instance.BlockDeviceMappings = instance.BlockDeviceMappings.filter((d) => d.VolumeId !== volume.VolumeId);
      detachDisk(instance.host, volume.VolumeId);
    }
    a.detachingAt ??= ctx.now;
    return { AttachTime: new Date(a.attachedAt), Device: a.Device, InstanceId: a.InstanceId, State: 'detaching', VolumeId: volume.VolumeId };
  },

  DeleteVolume: (ctx) => {
    const input = inputOf<DeleteVolumeCommandInput>(ctx);
    const volume = ec2One(ctx, 'volume', input.VolumeId);
    if (volumeState(volume, ctx.now) !== 'available') throw awsError('VolumeInUse', `Volume ${volume.VolumeId} is currently attached to ${volume.attachment?.InstanceId}`);
    delete ctx.region.volumes[volume.VolumeId];
    return {};
  },
};
