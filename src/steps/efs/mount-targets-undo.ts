/**
 * Destroying what `efs.mountTargets` made: each mount target is deleted and
 * waited for until gone (its file system cannot go before). Mount targets
 * carry no tags, and the step adopts a target that already serves a zone, so
 * a target is the run's only when its file system is: a file system this run
 * made had no target before it. The targets of any other file system are kept.
 */
import { DeleteMountTargetCommand, DescribeFileSystemsCommand, DescribeMountTargetsCommand, type MountTargetDescription } from '../../aws/sdk/efs.js';
import type { MadeResource, StepContext, Undo } from '../../engine/model/step.js';
import { isNotFound } from '../../aws/errors.js';
import { waitFor } from '../../aws/wait.js';
import { adoptedNote, madeByRun } from '../undo.js';
import type { MountTargetsInput, MountTargetsOutputs } from './mount-targets.js';

const orNothing = async <T>(call: Promise<T[] | undefined>): Promise<T[]> => {
  try {
    return (await call) ?? [];
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
};

const targetsOf = (ctx: StepContext, request: { FileSystemId?: string; MountTargetId?: string }): Promise<MountTargetDescription[]> =>
  orNothing(ctx.aws.efs.send(new DescribeMountTargetsCommand(request)).then((r) => r.MountTargets)).then((all) => all.filter((t) => t.LifeCycleState !== 'deleted'));

/** Polls until `state` of the target (undefined once gone) satisfies `done`. */
function waitTarget(ctx: StepContext, id: string, what: string, done: (state: string | undefined) => boolean): Promise<void> {
  return waitFor(ctx, {
    what: `mount target ${id} ${what}`,
    minDelay: 5,
    maxDelay: 15,
    maxWait: 900,
    poll: async () => {
      const state = (await targetsOf(ctx, { MountTargetId: id }))[0]?.LifeCycleState;
      return done(state) ? { done: true, value: undefined } : { done: false, status: state ?? 'gone' };
    },
  });
}

export const mountTargetsUndo: Undo<MountTargetsInput, MountTargetsOutputs> = {
  async find(ctx, { input, outputs }) {
    // What the step recorded, and for a step that failed midway, the targets in its subnets.
    const all = input.fileSystemId ? await targetsOf(ctx, { FileSystemId: input.fileSystemId }) : [];
    const targets = all.filter((t) => outputs.mountTargetIds?.includes(t.MountTargetId ?? '') || input.subnetIds?.includes(t.SubnetId ?? ''));
    if (!targets.length) return [];
    const fs = (await orNothing(ctx.aws.efs.send(new DescribeFileSystemsCommand({ FileSystemId: input.fileSystemId })).then((r) => r.FileSystems)))[0];
    const mine = madeByRun(ctx, fs?.Tags);
    return targets.map(
      (t): MadeResource => ({
        type: 'efs:mount-target',
        id: t.MountTargetId!,
        madeByRun: mine,
        note: mine ? `${t.FileSystemId} in ${t.AvailabilityZoneName} (${t.IpAddress})` : `a mount target of ${adoptedNote(`file system ${t.FileSystemId}`, fs?.Tags)}`,
      }),
    );
  },
  plan: (resource) => [{ service: 'elasticfilesystem', operation: 'DeleteMountTarget', input: { MountTargetId: resource.id }, note: 'and wait until it is gone' }],
  async remove(ctx, resource) {
    if (!(await targetsOf(ctx, { MountTargetId: resource.id })).length) return;
    // A target still being made cannot be deleted yet (IncorrectMountTargetState): wait for it first.
    await waitTarget(ctx, resource.id, 'to be made', (state) => state !== 'creating');
    await ctx.aws.efs.send(new DeleteMountTargetCommand({ MountTargetId: resource.id })).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
    await waitTarget(ctx, resource.id, 'to be deleted', (state) => state === undefined);
  },
};
