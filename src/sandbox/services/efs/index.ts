/**
 * EFS: file systems (idempotent by creation token: a second create with the
 * same token answers FileSystemAlreadyExists with the id) and mount targets
 * (one per Availability Zone, all in one VPC: MountTargetConflict otherwise),
 * each `creating` for a while after it is made, then `available`; once
 * deleted (deletions.ts), `deleting` for a while, then gone.
 */
import type {
  CreateFileSystemRequest,
  CreateMountTargetRequest,
  DescribeFileSystemsRequest,
  DescribeMountTargetSecurityGroupsRequest,
  DescribeMountTargetsRequest,
  FileSystemDescription,
  ModifyMountTargetSecurityGroupsRequest,
  MountTargetDescription,
  TagResourceRequest,
} from '@aws-sdk/client-efs';
import { ACCOUNT_ID } from '../../account/world.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { pageOf } from '../lib/pages.js';
import { tagList, tagsFrom } from '../lib/filters.js';
import { resourceId } from '../../account/ids.js';
import { subnetHost } from '../../account/net.js';
import type { FileSystem, MountTarget, RegionState } from '../../account/state.js';
import { after } from '../../account/time.js';

export const FILE_SYSTEM_CREATING_SECONDS = 10;
export const MOUNT_TARGET_CREATING_SECONDS = 60;
export const FILE_SYSTEM_DELETING_SECONDS = 10;
export const MOUNT_TARGET_DELETING_SECONDS = 30;
const MAX_SECURITY_GROUPS = 5;

export const fileSystems = (region: RegionState) => (region.fileSystems ??= {});
export const mountTargets = (region: RegionState) => (region.mountTargets ??= {});

export function fileSystemState(fs: FileSystem, now: number): 'creating' | 'available' | 'deleting' {
  if (fs.deletingAt !== undefined) return 'deleting';
  return now < after(fs.createdAt, FILE_SYSTEM_CREATING_SECONDS) ? 'creating' : 'available';
}

export function mountTargetState(mt: MountTarget, now: number): 'creating' | 'available' | 'deleting' {
  if (mt.deletingAt !== undefined) return 'deleting';
  return now < after(mt.createdAt, MOUNT_TARGET_CREATING_SECONDS) ? 'creating' : 'available';
}

/** What has finished deleting is no longer described, nor holds its zone, network interface or security groups. */
export function forgetDeleted(region: RegionState, now: number): void {
  for (const mt of Object.values(mountTargets(region))) if (mt.deletingAt !== undefined && now >= after(mt.deletingAt, MOUNT_TARGET_DELETING_SECONDS)) delete mountTargets(region)[mt.MountTargetId];
  for (const fs of Object.values(fileSystems(region))) if (fs.deletingAt !== undefined && now >= after(fs.deletingAt, FILE_SYSTEM_DELETING_SECONDS)) delete fileSystems(region)[fs.FileSystemId];
}

const notFound = (what: 'FileSystemNotFound' | 'MountTargetNotFound', id: string | undefined) =>
  awsError(what, `${what === 'FileSystemNotFound' ? 'File system' : 'Mount target'} '${id}' does not exist.`, 404);

export function requireFileSystem(ctx: OperationContext, id: string | undefined): FileSystem {
  forgetDeleted(ctx.region, ctx.now);
  const fs = id ? fileSystems(ctx.region)[id] : undefined;
  if (!fs || !ctx.visible(fs.createdAt)) throw notFound('FileSystemNotFound', id);
  return fs;
}

export function requireMountTarget(ctx: OperationContext, id: string | undefined): MountTarget {
  forgetDeleted(ctx.region, ctx.now);
  const mt = id ? mountTargets(ctx.region)[id] : undefined;
  if (!mt || !ctx.visible(mt.createdAt)) throw notFound('MountTargetNotFound', id);
  return mt;
}

function fileSystemView(ctx: OperationContext, fs: FileSystem): FileSystemDescription {
  const bytes = Object.values(fs.files).reduce((n, f) => n + Buffer.byteLength(f.content, 'latin1'), 6144);
  return {
    OwnerId: ctx.account.accountId,
    CreationToken: fs.CreationToken,
    FileSystemId: fs.FileSystemId,
    FileSystemArn: `arn:aws:elasticfilesystem:${ctx.regionName}:${ctx.account.accountId}:file-system/${fs.FileSystemId}`,
    CreationTime: new Date(fs.createdAt),
    LifeCycleState: fileSystemState(fs, ctx.now),
    Name: fs.Tags.Name,
    NumberOfMountTargets: Object.values(mountTargets(ctx.region)).filter((m) => m.FileSystemId === fs.FileSystemId).length,
    SizeInBytes: { Value: bytes, ValueInStandard: bytes },
    PerformanceMode: fs.PerformanceMode as FileSystemDescription['PerformanceMode'],
    Encrypted: fs.Encrypted,
    KmsKeyId: fs.KmsKeyId,
    ThroughputMode: fs.ThroughputMode as FileSystemDescription['ThroughputMode'],
    Tags: tagList(fs.Tags) ?? [],
  };
}

function mountTargetView(ctx: OperationContext, mt: MountTarget): MountTargetDescription {
  return {
    OwnerId: ctx.account.accountId,
    MountTargetId: mt.MountTargetId,
    FileSystemId: mt.FileSystemId,
    SubnetId: mt.SubnetId,
    LifeCycleState: mountTargetState(mt, ctx.now),
    IpAddress: mt.IpAddress,
    NetworkInterfaceId: mt.NetworkInterfaceId,
    AvailabilityZoneName: mt.AvailabilityZoneName,
    AvailabilityZoneId: ctx.region.subnets[mt.SubnetId]?.AvailabilityZoneId,
    VpcId: mt.VpcId,
  };
}

/** One page: MaxItems (default 100, at most 100 for AWS's Describe* of EFS), Marker and NextMarker. */
function page<T>(ctx: OperationContext, items: T[], marker: string | undefined, maxItems: number | undefined): { items: T[]; NextMarker?: string } {
  const { items: slice, next } = pageOf(ctx, items, { token: marker, max: maxItems }, { invalid: 'BadRequest', range: [1, 100], defaultSize: 100 });
  return { items: slice, ...(next ? { NextMarker: next } : {}) };
}

function securityGroupsFor(ctx: OperationContext, vpcId: string, ids: string[] | undefined): string[] {
  if (!ids?.length) return Object.values(ctx.region.securityGroups).filter((g) => g.VpcId === vpcId && g.GroupName === 'default').map((g) => g.GroupId);
  if (ids.length > MAX_SECURITY_GROUPS) throw awsError('SecurityGroupLimitExceeded', `A mount target can have at most ${MAX_SECURITY_GROUPS} security groups.`);
  for (const id of ids) {
    const group = ctx.region.securityGroups[id];
    if (!group) throw awsError('SecurityGroupNotFound', `Security group ${id} does not exist.`);
    if (group.VpcId !== vpcId) throw awsError('SecurityGroupNotFound', `Security group ${id} is not in VPC ${vpcId}.`);
  }
  return [...ids];
}

export const efs: ServiceHandlers = {
  CreateFileSystem: (ctx) => {
    const input = inputOf<CreateFileSystemRequest>(ctx);
    forgetDeleted(ctx.region, ctx.now);
    const token = input.CreationToken ?? '';
    const earlier = Object.values(fileSystems(ctx.region)).find((f) => f.CreationToken === token);
    if (earlier)
      throw Object.assign(awsError('FileSystemAlreadyExists', `File system '${earlier.FileSystemId}' already exists with creation token '${token}'`, 409), {
        ErrorCode: 'FileSystemAlreadyExists',
        FileSystemId: earlier.FileSystemId,
      });
    const mode = input.PerformanceMode ?? 'generalPurpose';
    const throughput = input.ThroughputMode ?? 'bursting';
    if (!['generalPurpose', 'maxIO'].includes(mode)) throw awsError('BadRequest', `Invalid performance mode ${mode}.`);
    if (mode === 'maxIO' && throughput === 'elastic') throw awsError('BadRequest', 'Max I/O performance mode is not supported on file systems using Elastic throughput mode.');
    const fs: FileSystem = {
      FileSystemId: resourceId('fs'),
      CreationToken: token,
      PerformanceMode: mode,
      ThroughputMode: throughput,
      Encrypted: input.Encrypted === true,
      KmsKeyId: input.Encrypted ? (input.KmsKeyId ?? `arn:aws:kms:${ctx.regionName}:${ACCOUNT_ID}:key/efs-default-key`) : undefined,
      Tags: tagsFrom(input.Tags),
      createdAt: ctx.now,
      files: {},
    };
    fileSystems(ctx.region)[fs.FileSystemId] = fs;
    return fileSystemView(ctx, fs);
  },

  DescribeFileSystems: (ctx) => {
    const input = inputOf<DescribeFileSystemsRequest>(ctx);
    forgetDeleted(ctx.region, ctx.now);
    let found = input.FileSystemId ? [requireFileSystem(ctx, input.FileSystemId)] : Object.values(fileSystems(ctx.region));
    if (input.CreationToken) found = found.filter((f) => f.CreationToken === input.CreationToken);
    const { items, NextMarker } = page(ctx, found, input.Marker, input.MaxItems);
    return { FileSystems: items.map((f) => fileSystemView(ctx, f)), ...(input.Marker ? { Marker: input.Marker } : {}), ...(NextMarker ? { NextMarker } : {}) };
  },

  TagResource: (ctx) => {
    const input = inputOf<TagResourceRequest>(ctx);
    const fs = requireFileSystem(ctx, input.ResourceId);
    Object.assign(fs.Tags, tagsFrom(input.Tags));
    return {};
  },

  CreateMountTarget: (ctx) => {
    const input = inputOf<CreateMountTargetRequest>(ctx);
    const fs = requireFileSystem(ctx, input.FileSystemId);
    if (fileSystemState(fs, ctx.now) !== 'available') throw awsError('IncorrectFileSystemLifeCycleState', `File system '${fs.FileSystemId}' is not in the available state.`, 409);
    const subnet = ctx.region.subnets[input.SubnetId ?? ''];
    if (!subnet) throw awsError('SubnetNotFound', `The subnet ID '${input.SubnetId}' does not exist`);
    const siblings = Object.values(mountTargets(ctx.region)).filter((m) => m.FileSystemId === fs.FileSystemId);
    if (siblings.some((m) => m.VpcId !== subnet.VpcId)) throw awsError('MountTargetConflict', `File system '${fs.FileSystemId}' has mount targets in another VPC.`, 409);
    if (siblings.some((m) => m.AvailabilityZoneName === subnet.AvailabilityZone))
      throw awsError('MountTargetConflict', `mount target already exists in this AZ`, 409);
    const mt: MountTarget = {
      MountTargetId: resourceId('fsmt'),
      FileSystemId: fs.FileSystemId,
      SubnetId: subnet.SubnetId,
      VpcId: subnet.VpcId,
      AvailabilityZoneName: subnet.AvailabilityZone,
      IpAddress: input.IpAddress ?? subnetHost(subnet.CidrBlock, subnet.nextHost++),
      NetworkInterfaceId: resourceId('eni'),
      securityGroupIds: securityGroupsFor(ctx, subnet.VpcId, input.SecurityGroups),
      createdAt: ctx.now,
    };
    mountTargets(ctx.region)[mt.MountTargetId] = mt;
    return mountTargetView(ctx, mt);
  },

  DescribeMountTargets: (ctx) => {
    const input = inputOf<DescribeMountTargetsRequest>(ctx);
    if (!input.FileSystemId && !input.MountTargetId) throw awsError('BadRequest', 'Specify a FileSystemId, a MountTargetId or an AccessPointId.');
    const fileSystemId = input.MountTargetId ? undefined : requireFileSystem(ctx, input.FileSystemId).FileSystemId;
    const found = input.MountTargetId ? [requireMountTarget(ctx, input.MountTargetId)] : Object.values(mountTargets(ctx.region)).filter((m) => m.FileSystemId === fileSystemId);
    const { items, NextMarker } = page(ctx, found, input.Marker, input.MaxItems);
    return { MountTargets: items.map((m) => mountTargetView(ctx, m)), ...(input.Marker ? { Marker: input.Marker } : {}), ...(NextMarker ? { NextMarker } : {}) };
  },

  DescribeMountTargetSecurityGroups: (ctx) => {
    const mt = requireMountTarget(ctx, inputOf<DescribeMountTargetSecurityGroupsRequest>(ctx).MountTargetId);
    if (mountTargetState(mt, ctx.now) !== 'available') throw awsError('IncorrectMountTargetState', `Mount target '${mt.MountTargetId}' is not available.`, 409);
    return { SecurityGroups: [...mt.securityGroupIds] };
  },

  ModifyMountTargetSecurityGroups: (ctx) => {
    const input = inputOf<ModifyMountTargetSecurityGroupsRequest>(ctx);
    const mt = requireMountTarget(ctx, input.MountTargetId);
    if (mountTargetState(mt, ctx.now) !== 'available') throw awsError('IncorrectMountTargetState', `Mount target '${mt.MountTargetId}' is not available.`, 409);
    mt.securityGroupIds = securityGroupsFor(ctx, mt.VpcId, input.SecurityGroups);
    return {};
  },
};
