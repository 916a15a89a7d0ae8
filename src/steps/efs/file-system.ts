/**
 * `efs.fileSystem`: an encrypted EFS file system with this Name and tags,
 * available. Found again by its tags; created with a creation token derived
 * from the run and step, so a create that AWS accepted before a crash is
 * answered with FileSystemAlreadyExists and its id on the resume, never a twin.
 * Encryption and performance mode cannot change after creation: a file system
 * that differs is refused, not silently used.
 */
import { CreateFileSystemCommand, DescribeFileSystemsCommand, TagResourceCommand, paginateDescribeFileSystems, type FileSystemDescription, type Tag } from '../../aws/sdk/efs.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { type PlannedCall } from '../../core/calls.js';
import { hasErrorName } from '../../aws/errors.js';
import { plannedTags, TAG_RUNBOOK, tagValue } from '../../aws/tags.js';
import { NOT_VISIBLE, waitFor } from '../../aws/wait.js';
import { findOne } from '../find-one.js';
import { collect } from '../paginate.js';

export type PerformanceMode = 'generalPurpose' | 'maxIO';

export interface FileSystemInput {
  name: string;
  performanceMode: PerformanceMode;
  /** Tags besides Name and the runbook's own. */
  tags: Record<string, string>;
}

export interface FileSystemOutputs {
  fileSystemId: string;
  /** What instances mount: `<id>.efs.<region>.amazonaws.com`. */
  dnsName: string;
  region: string;
}

interface Found {
  fileSystemId: string;
  lifeCycleState: string;
  missingTags: Tag[];
}

export class FileSystemMismatchError extends Error {
  override name = 'FileSystemMismatch';
}

const GONE = new Set(['deleting', 'deleted']);

async function findFileSystem(ctx: StepContext, name: string): Promise<FileSystemDescription | undefined> {
  const all = await collect(paginateDescribeFileSystems({ client: ctx.aws.efs }, {}), (p) => p.FileSystems);
  const mine = all.filter((f) => f.Name === name && tagValue(f.Tags, TAG_RUNBOOK) === ctx.runbookId && !GONE.has(f.LifeCycleState ?? ''));
  return findOne(mine, `file systems named ${name} from this runbook`, (f) => f.FileSystemId);
}

/**
 * The file system an earlier CreateFileSystem with this token made. AWS names
 * it in the FileSystemAlreadyExists error; an answer without it (moto's) is
 * looked up by the token, which DescribeFileSystems takes.
 */
async function madeWithToken(ctx: StepContext, err: unknown, token: string): Promise<string | undefined> {
  const named = (err as { FileSystemId?: string }).FileSystemId;
  if (named) return named;
  return (await ctx.aws.efs.send(new DescribeFileSystemsCommand({ CreationToken: token }))).FileSystems?.[0]?.FileSystemId;
}

function wantedTags(input: FileSystemInput): Tag[] {
  return Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value }));
}

function outputsOf(ctx: StepContext, fileSystemId: string): FileSystemOutputs {
  const region = ctx.aws.region ?? '';
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return { fileSystemId, dnsName: `${fileSystemId}.efs.${region}.${domain}`, region };
}

function waitAvailable(ctx: StepContext, fileSystemId: string): Promise<void> {
  return waitFor(ctx, {
    what: `file system ${fileSystemId} to be available`,
    minDelay: 2,
    maxDelay: 10,
    maxWait: 600,
    // A new file system can be briefly unknown to a lookup by id.
    notFound: NOT_VISIBLE,
    poll: async () => {
      const state = (await ctx.aws.efs.send(new DescribeFileSystemsCommand({ FileSystemId: fileSystemId }))).FileSystems?.[0]?.LifeCycleState ?? NOT_VISIBLE;
      if (state === 'available') return { done: true, value: undefined };
      if (state === 'error' || GONE.has(state)) return { failed: `the file system is ${state}` };
      return { done: false, status: state };
    },
  });
}

const kind: StepKind<FileSystemInput, FileSystemOutputs, Found> = {
  async check(ctx, input) {
    const fs = await findFileSystem(ctx, input.name);
    if (!fs?.FileSystemId) return { done: false, reason: `No file system named ${input.name} yet.` };
    const id = fs.FileSystemId;
    if (fs.Encrypted !== true) throw new FileSystemMismatchError(`File system ${id} (${input.name}) is not encrypted, and encryption cannot be turned on later; delete it and run again.`);
    if (fs.PerformanceMode !== input.performanceMode)
      throw new FileSystemMismatchError(`File system ${id} (${input.name}) runs in ${fs.PerformanceMode} mode, not ${input.performanceMode}; the mode cannot change: pass performanceMode=${fs.PerformanceMode} or delete it.`);
    const state = fs.LifeCycleState ?? 'unknown';
    if (state === 'error') throw new Error(`File system ${id} (${input.name}) is in the error state; delete it and run again.`);
    const missingTags = wantedTags(input).filter((t) => tagValue(fs.Tags, t.Key!) !== t.Value);
    if (state !== 'available' || missingTags.length)
      return {
        done: false,
        reason: `File system ${id} is ${state}${missingTags.length ? ` and lacks the tag ${missingTags.map((t) => `${t.Key}=${t.Value}`).join(', ')}` : ''}.`,
        found: { fileSystemId: id, lifeCycleState: state, missingTags },
      };
    return {
      done: true,
      outputs: outputsOf(ctx, id),
      evidence: [`${id} (${input.name}): available, encrypted, ${fs.PerformanceMode}, tags ${wantedTags(input).map((t) => `${t.Key}=${t.Value}`).join(', ')}`],
    };
  },
  plan(input, found, ctx) {
    const calls: PlannedCall[] = [];
    const tags = wantedTags(input);
    if (!found)
      calls.push({
        service: 'elasticfilesystem',
        operation: 'CreateFileSystem',
        input: { PerformanceMode: input.performanceMode, Encrypted: true, Tags: [...plannedTags(ctx, input.name), ...tags] },
        note: 'with a CreationToken derived from the run and step, so a resume never creates a twin',
      });
    else if (found.missingTags.length) calls.push({ service: 'elasticfilesystem', operation: 'TagResource', input: { ResourceId: found.fileSystemId, Tags: found.missingTags } });
    return calls;
  },
  async apply(ctx, input, found) {
    let fileSystemId = found?.fileSystemId;
    if (!fileSystemId) {
      const token = ctx.token();
      try {
        const created = await ctx.aws.efs.send(
          new CreateFileSystemCommand({
            CreationToken: token,
            PerformanceMode: input.performanceMode,
            Encrypted: true,
            Tags: [...ctx.tags(input.name), ...wantedTags(input)],
          }),
        );
        fileSystemId = created.FileSystemId!;
      } catch (err) {
        // The token was used before (a create accepted just before a crash): that file system is this step's.
        const earlier = hasErrorName(err, 'FileSystemAlreadyExists') ? await madeWithToken(ctx, err, token) : undefined;
        if (!earlier) throw err;
        fileSystemId = earlier;
      }
    } else if (found?.missingTags.length) await ctx.aws.efs.send(new TagResourceCommand({ ResourceId: fileSystemId, Tags: found.missingTags }));
    await waitAvailable(ctx, fileSystemId);
    return outputsOf(ctx, fileSystemId);
  },
};

export { kind as fileSystemKind };
