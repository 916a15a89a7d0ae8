/**
 * EBS snapshots: described (paginated), taken from a volume, and copied from
 * another region. A snapshot is `pending` until its simulated time is up;
 * CopySnapshot is called in the destination region with SourceRegion, and a
 * copy whose KMS key cannot be used still starts, then ends in `error`
 * ("Amazon Web Services authenticates the KMS key asynchronously", CopySnapshot
 * API reference). A copy gets its own StartTime.
 */
import type { CopySnapshotCommandInput, CreateSnapshotCommandInput, DeleteSnapshotCommandInput, DescribeSnapshotsCommandInput, Snapshot as SnapshotView } from '@aws-sdk/client-ec2';
import { defaultEbsKeyArn } from '../../account/world.js';
import { resourceId } from '../../account/ids.js';
import type { RegionState, Snapshot } from '../../account/state.js';
import { after } from '../../account/time.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { applyFilters, tagList, tagsForResource } from '../lib/filters.js';
import { page } from '../lib/pages.js';
import { findKey } from '../kms/index.js';
import { ec2Named, ec2NotFound, ec2One } from './common.js';

/** Simulated seconds: a snapshot of a volume, and a copy to another region (slower, it crosses regions). */
export const SNAPSHOT_SECONDS = 30;
export const SNAPSHOT_COPY_SECONDS = 90;

export function snapshotState(s: Snapshot, now: number): 'pending' | 'completed' | 'error' {
  if (now < s.completesAt) return 'pending';
  return s.failure ? 'error' : 'completed';
}

function progress(s: Snapshot, now: number): string {
  if (now >= s.completesAt) return s.failure ? '0%' : '100%';
  const done = Math.floor(((now - s.startedAt) / Math.max(1, s.completesAt - s.startedAt)) * 100);
  return `${Math.min(99, Math.max(0, done))}%`;
}

export function snapshotView(s: Snapshot, now: number): SnapshotView {
  const state = snapshotState(s, now);
  return {
    SnapshotId: s.SnapshotId,
    VolumeId: s.VolumeId,
    State: state,
    ...(state === 'error' ? { StateMessage: s.failure } : {}),
    StartTime: new Date(s.startedAt),
    Progress: progress(s, now),
    OwnerId: s.OwnerId,
    Description: s.Description,
    VolumeSize: s.VolumeSize,
    Encrypted: s.Encrypted,
    ...(s.KmsKeyId ? { KmsKeyId: s.KmsKeyId } : {}),
    StorageTier: 'standard',
    Tags: tagList(s.Tags),
  };
}

/** The key a copy is encrypted with: the one named (checked when the copy ends), else the region's default EBS key. */
function copyKey(ctx: OperationContext, kmsKeyId: string | undefined): { KmsKeyId: string; failure?: string } {
  if (!kmsKeyId) return { KmsKeyId: defaultEbsKeyArn(ctx.regionName) };
  try {
    const key = findKey(ctx, kmsKeyId);
    if (key.KeyState !== 'Enabled') return { KmsKeyId: kmsKeyId, failure: 'Given key ID is not accessible' };
    return { KmsKeyId: `arn:aws:kms:${ctx.regionName}:${ctx.account.accountId}:key/${key.KeyId}` };
  } catch {
    return { KmsKeyId: kmsKeyId, failure: 'Given key ID is not accessible' };
  }
}

function sourceSnapshot(ctx: OperationContext, region: RegionState | undefined, id: string | undefined): Snapshot {
  const source = id ? region?.snapshots?.[id] : undefined;
  if (!source || !ctx.visible(source.createdAt)) throw ec2NotFound('snapshot', [id ?? '']);
  return source;
}

export const snapshots: ServiceHandlers = {
  DescribeSnapshots: (ctx) => {
    const input = inputOf<DescribeSnapshotsCommandInput>(ctx);
    const owners = input.OwnerIds ?? [];
    const found = applyFilters(ec2Named(ctx, 'snapshot', input.SnapshotIds), input.Filters, {
      'snapshot-id': (s) => s.SnapshotId,
      'volume-id': (s) => s.VolumeId,
      'volume-size': (s) => s.VolumeSize,
      status: (s) => snapshotState(s, ctx.now),
      'owner-id': (s) => s.OwnerId,
      description: (s) => s.Description,
      encrypted: (s) => s.Encrypted,
      progress: (s) => progress(s, ctx.now),
      'start-time': (s) => new Date(s.startedAt).toISOString(),
    })
      .filter((s) => ctx.visible(s.createdAt))
      .filter((s) => !owners.length || owners.some((o) => o === 'self' || o === s.OwnerId))
      .sort((a, b) => (a.SnapshotId < b.SnapshotId ? -1 : 1));
    const { items, nextToken } = page(found, input.MaxResults, input.NextToken, (s) => s.SnapshotId, { min: 5, max: 1000 });
    return { Snapshots: items.map((s) => snapshotView(s, ctx.now)), ...(nextToken ? { NextToken: nextToken } : {}) };
  },

  CreateSnapshot: (ctx) => {
    const input = inputOf<CreateSnapshotCommandInput>(ctx);
    const volume = ec2One(ctx, 'volume', input.VolumeId);
    const snapshot: Snapshot = {
      SnapshotId: resourceId('snap'),
      VolumeId: volume.VolumeId,
      VolumeSize: volume.Size,
      Description: input.Description ?? '',
      Encrypted: volume.Encrypted,
      ...(volume.KmsKeyId ? { KmsKeyId: volume.KmsKeyId } : {}),
      OwnerId: ctx.account.accountId,
      startedAt: ctx.now,
      completesAt: after(ctx.now, SNAPSHOT_SECONDS),
      Tags: tagsForResource(input.TagSpecifications, 'snapshot'),
      createdAt: ctx.now,
    };
    (ctx.region.snapshots ??= {})[snapshot.SnapshotId] = snapshot;
    return snapshotView(snapshot, ctx.now);
  },

  CopySnapshot: (ctx) => {
    const input = inputOf<CopySnapshotCommandInput>(ctx);
    if (!input.SourceRegion) throw awsError('MissingParameter', 'The request must contain the parameter SourceRegion');
    if (input.KmsKeyId && input.Encrypted !== true) throw awsError('InvalidParameterDependency', 'The parameter KmsKeyId requires the parameter Encrypted to be set.');
    const source = sourceSnapshot(ctx, ctx.account.regions[input.SourceRegion], input.SourceSnapshotId);
    if (snapshotState(source, ctx.now) !== 'completed') throw awsError('IncorrectState', `Snapshot is in invalid state - ${snapshotState(source, ctx.now)}`);
    const encrypted = source.Encrypted || input.Encrypted === true;
    const key = encrypted ? copyKey(ctx, input.KmsKeyId) : undefined;
    const copy: Snapshot = {
      SnapshotId: resourceId('snap'),
      // AWS shows an arbitrary volume id on a copy: it was made from no volume of this region.
      VolumeId: 'vol-ffffffff',
      VolumeSize: source.VolumeSize,
      Description: input.Description ?? `[Copied ${source.SnapshotId} from ${input.SourceRegion}] ${source.Description}`.trim(),
      Encrypted: encrypted,
      ...(key ? { KmsKeyId: key.KmsKeyId } : {}),
      OwnerId: ctx.account.accountId,
      startedAt: ctx.now,
      completesAt: after(ctx.now, SNAPSHOT_COPY_SECONDS),
      ...(key?.failure ? { failure: key.failure } : {}),
      Tags: tagsForResource(input.TagSpecifications, 'snapshot'),
      createdAt: ctx.now,
    };
    (ctx.region.snapshots ??= {})[copy.SnapshotId] = copy;
    return { SnapshotId: copy.SnapshotId, Tags: tagList(copy.Tags) };
  },

  DeleteSnapshot: (ctx) => {
    const snapshot = ec2One(ctx, 'snapshot', inputOf<DeleteSnapshotCommandInput>(ctx).SnapshotId);
    const user = Object.values(ctx.region.images).find((i) => i.blockDevices?.some((d) => d.SnapshotId === snapshot.SnapshotId));
    if (user) throw awsError('InvalidSnapshot.InUse', `The snapshot ${snapshot.SnapshotId} is currently in use by ${user.ImageId}`);
    delete ctx.region.snapshots![snapshot.SnapshotId];
    return {};
  },
};
