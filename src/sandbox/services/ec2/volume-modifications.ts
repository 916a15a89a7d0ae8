/**
 * ModifyVolume (size only) and DescribeVolumesModifications. A larger size
 * takes effect when the modification reaches `optimizing`, on the volume and
 * on the host the volume is attached to; a second modification is refused
 * while one is in progress, and a volume never shrinks.
 */
import type { DescribeVolumesModificationsCommandInput, ModifyVolumeCommandInput, VolumeModification as ModificationView } from '@aws-sdk/client-ec2';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { ec2Page } from '../lib/pages.js';
import { awsError, unsupported } from '../lib/errors.js';
import { applyFilters } from '../lib/filters.js';
import { resizeDisk } from '../../host/storage.js';
import type { Volume, VolumeModification } from '../../account/state.js';
import { after } from '../../account/time.js';
import { ec2Named, ec2One } from './common.js';
import { modificationState, sizeEffectiveAt, VOLUME_MODIFYING_SECONDS, VOLUME_OPTIMIZING_SECONDS, volumeSize } from './volume-states.js';

function modificationView(v: Volume, m: VolumeModification, now: number): ModificationView {
  const state = modificationState(m, now);
  const elapsed = (now - m.startedAt) / (after(m.startedAt, VOLUME_MODIFYING_SECONDS + VOLUME_OPTIMIZING_SECONDS) - m.startedAt);
  return {
    VolumeId: v.VolumeId,
    ModificationState: state,
    TargetSize: m.TargetSize,
    OriginalSize: m.OriginalSize,
    TargetVolumeType: v.VolumeType as ModificationView['TargetVolumeType'],
    OriginalVolumeType: v.VolumeType as ModificationView['OriginalVolumeType'],
    TargetIops: v.Iops,
    OriginalIops: v.Iops,
    TargetThroughput: v.Throughput,
    OriginalThroughput: v.Throughput,
    Progress: state === 'completed' ? 100 : Math.min(99, Math.floor(elapsed * 100)),
    StartTime: new Date(m.startedAt),
    ...(state === 'completed' ? { EndTime: new Date(after(m.startedAt, VOLUME_MODIFYING_SECONDS + VOLUME_OPTIMIZING_SECONDS)) } : {}),
  };
}

function latest(v: Volume): VolumeModification | undefined {
  return v.modifications?.at(-1);
}

function modify(ctx: OperationContext, input: ModifyVolumeCommandInput): ModificationView {
  if (input.VolumeType !== undefined || input.Iops !== undefined || input.Throughput !== undefined || input.MultiAttachEnabled !== undefined)
    throw unsupported('ec2', 'ModifyVolume', ' for anything but Size');
  const volume = ec2One(ctx, 'volume', input.VolumeId);
  const current = latest(volume);
  if (current && modificationState(current, ctx.now) !== 'completed')
    throw awsError('IncorrectModificationState', `Cannot modify volume ${volume.VolumeId}: a modification is ${modificationState(current, ctx.now)}.`);
  const size = volumeSize(volume, ctx.now);
  if (input.Size === undefined) throw awsError('MissingParameter', 'The request must contain the parameter size');
  if (input.Size < size) throw awsError('InvalidParameterValue', `New size cannot be smaller than existing size (${size} GiB).`);
  if (input.Size === size) throw awsError('InvalidParameterCombination', `New size (${input.Size}) is the same as the existing size; the volume is not modified.`);
  if (input.Size > 16384) throw awsError('InvalidParameterValue', `Volume of ${input.Size}GiB is too large for ${volume.VolumeType}; maximum is 16384 GiB.`);
  const m: VolumeModification = { OriginalSize: size, TargetSize: input.Size, startedAt: ctx.now };
  (volume.modifications ??= []).push(m);
  const host = volume.attachment ? ctx.region.instances[volume.attachment.InstanceId]?.host : undefined;
  if (host) resizeDisk(host, volume.VolumeId, m.TargetSize, sizeEffectiveAt(m));
  return modificationView(volume, m, ctx.now);
}

export const volumeModifications: ServiceHandlers = {
  ModifyVolume: (ctx) => ({ VolumeModification: modify(ctx, inputOf<ModifyVolumeCommandInput>(ctx)) }),

  DescribeVolumesModifications: (ctx) => {
    const input = inputOf<DescribeVolumesModificationsCommandInput>(ctx);
    const named = ec2Named(ctx, 'volume', input.VolumeIds);
    // Like EC2: naming a volume that was never modified is an error, not an empty list.
    const never = (input.VolumeIds ?? []).find((id) => !latest(ctx.region.volumes[id]!));
    if (never) throw awsError('InvalidVolumeModification.NotFound', `Modification for volume '${never}' does not exist.`);
    const views = named.flatMap((v) => (v.modifications ?? []).slice(-1).map((m) => modificationView(v, m, ctx.now)));
    const found = applyFilters(views, input.Filters, {
      'volume-id': (m) => m.VolumeId,
      'modification-state': (m) => m.ModificationState,
      'target-size': (m) => m.TargetSize,
      'original-size': (m) => m.OriginalSize,
    });
    const { items, NextToken } = ec2Page(ctx, found, input, input.VolumeIds);
    return { VolumesModifications: items, NextToken };
  },
};
