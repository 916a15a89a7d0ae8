/**
 * Destroying what `efs.fileSystem` made: a file system holds data, so it goes
 * only when the operator names `efs:file-system` with --delete-data. Found by
 * the recorded id and by its Name with this run's tag (a step that failed
 * before recording). It can go only once its mount targets are gone (the
 * `efs.mountTargets` undo runs first): the destroy waits for those still
 * deleting, and a target left in place is FileSystemInUse, passed on.
 */
import { DeleteFileSystemCommand, DescribeFileSystemsCommand, DescribeMountTargetsCommand, paginateDescribeFileSystems, type FileSystemDescription } from '../../aws/sdk/efs.js';
import type { MadeResource, StepContext, Undo } from '../../engine/model/step.js';
import { isNotFound, unlessGone } from '../../aws/errors.js';
import { TAG_RUN, tagValue } from '../../aws/tags.js';
import { waitFor } from '../../aws/wait.js';
import { collect } from '../paginate.js';
import { adoptedNote, madeByRun } from '../undo.js';
import type { FileSystemInput, FileSystemOutputs } from './file-system.js';

async function fileSystem(ctx: StepContext, id: string): Promise<FileSystemDescription | undefined> {
  return (await unlessGone(() => ctx.aws.efs.send(new DescribeFileSystemsCommand({ FileSystemId: id }))))?.FileSystems?.[0];
}

async function named(ctx: StepContext, name: string): Promise<FileSystemDescription[]> {
  const all = await collect(paginateDescribeFileSystems({ client: ctx.aws.efs }, {}), (p) => p.FileSystems);
  return all.filter((f) => f.Name === name && tagValue(f.Tags, TAG_RUN) === ctx.runId);
}

function wait(ctx: StepContext, what: string, poll: () => Promise<string | undefined>): Promise<void> {
  return waitFor(ctx, {
    what,
    minDelay: 5,
    maxDelay: 15,
    maxWait: 900,
    poll: async () => {
      const status = await poll();
      return status === undefined ? { done: true, value: undefined } : { done: false, status };
    },
  });
}

export const fileSystemUndo: Undo<FileSystemInput, FileSystemOutputs> = {
  async find(ctx, { input, outputs }) {
    const recorded = outputs.fileSystemId ? await fileSystem(ctx, outputs.fileSystemId) : undefined;
    const found = recorded ? [recorded] : input.name ? await named(ctx, input.name) : [];
    return found
      .filter((f) => f.LifeCycleState !== 'deleted')
      .map((f): MadeResource => {
        const mine = madeByRun(ctx, f.Tags);
        const size = f.SizeInBytes?.Value;
        return {
          type: 'efs:file-system',
          id: f.FileSystemId!,
          madeByRun: mine,
          holdsData: true,
          note: mine ? `${f.Name ?? f.FileSystemId}${size !== undefined ? `, ${size} bytes` : ''}, after its mount targets` : adoptedNote(`file system ${f.Name ?? f.FileSystemId}`, f.Tags),
        };
      });
  },
  plan: (resource) => [{ service: 'elasticfilesystem', operation: 'DeleteFileSystem', input: { FileSystemId: resource.id }, note: 'once its mount targets are gone; then wait until it is gone' }],
  async remove(ctx, resource) {
    const fs = await fileSystem(ctx, resource.id);
    if (!fs) return;
    if (fs.LifeCycleState !== 'deleting') {
      await wait(ctx, `the mount targets of ${resource.id} to be deleted`, async () => {
        const deleting = ((await ctx.aws.efs.send(new DescribeMountTargetsCommand({ FileSystemId: resource.id }))).MountTargets ?? []).filter((t) => t.LifeCycleState === 'deleting');
        return deleting.length ? `${deleting.length} deleting` : undefined;
      });
      await ctx.aws.efs.send(new DeleteFileSystemCommand({ FileSystemId: resource.id })).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
    }
    await wait(ctx, `file system ${resource.id} to be deleted`, async () => {
      const f = await fileSystem(ctx, resource.id);
      return f && f.LifeCycleState !== 'deleted' ? (f.LifeCycleState ?? 'deleting') : undefined;
    });
  },
};
