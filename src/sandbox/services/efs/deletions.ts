/**
 * EFS deletions, as `runbook destroy` sends them. DeleteMountTarget: a target
 * still `creating` is refused (IncorrectMountTargetState); otherwise it is
 * `deleting` for a while, holding its zone and its security groups, then
 * gone. DeleteFileSystem: refused with FileSystemInUse while the file system
 * has any mount target, a deleting one included (the DeleteFileSystem API
 * reference: delete the mount targets first); otherwise `deleting`, then gone.
 */
import type { DeleteFileSystemRequest, DeleteMountTargetRequest } from '@aws-sdk/client-efs';
import { inputOf, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { fileSystemState, mountTargets, mountTargetState, requireFileSystem, requireMountTarget } from './index.js';

export const efsDeletions: ServiceHandlers = {
  DeleteMountTarget: (ctx) => {
    const mt = requireMountTarget(ctx, inputOf<DeleteMountTargetRequest>(ctx).MountTargetId);
    if (mountTargetState(mt, ctx.now) === 'creating') throw awsError('IncorrectMountTargetState', `Mount target '${mt.MountTargetId}' is creating; delete it once it is available.`, 409);
    mt.deletingAt ??= ctx.now;
    return {};
  },

  DeleteFileSystem: (ctx) => {
    const fs = requireFileSystem(ctx, inputOf<DeleteFileSystemRequest>(ctx).FileSystemId);
    const targets = Object.values(mountTargets(ctx.region)).filter((m) => m.FileSystemId === fs.FileSystemId);
    if (targets.length) throw awsError('FileSystemInUse', `File system '${fs.FileSystemId}' has mount targets: ${targets.map((m) => m.MountTargetId).join(', ')}.`, 409);
    if (fileSystemState(fs, ctx.now) === 'creating') throw awsError('IncorrectFileSystemLifeCycleState', `File system '${fs.FileSystemId}' is creating; delete it once it is available.`, 409);
    fs.deletingAt ??= ctx.now;
    return {};
  },
};
