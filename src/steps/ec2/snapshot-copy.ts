/**
 * `ec2.snapshotCopy`: the EBS snapshot in the run's region, copied from the
 * region it was taken in and re-encrypted with a key of this region (KMS
 * keys are regional). CopySnapshot has no idempotency token: the copy is
 * tagged as it is made (TagSpecifications) with the source it copies, and
 * found again by those tags, so a resume waits for it instead of copying
 * twice. In the snapshot's own region there is nothing to copy.
 */
import { CopySnapshotCommand, DescribeSnapshotsCommand, type Snapshot } from '../../aws/sdk/ec2.js';
import { TAG_RUNBOOK, tagSpecifications } from '../../aws/tags.js';
import { waitFor } from '../../aws/wait.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { describeSnapshot } from './snapshot.js';

export interface SnapshotCopyInput {
  snapshotId: string;
  sourceRegion: string;
  /** A KMS key of the run's region for the copy; needed only when the regions differ. */
  kmsKeyId?: string;
  /** Name tag of the copy. */
  name: string;
}

export interface SnapshotCopyOutputs {
  /** The copy's id, or the source's when no copy was needed. */
  snapshotId: string;
  region: string;
  copied: boolean;
  /** What the copy leaves in this region ('' when none was made), for a teardown's report. */
  note: string;
}

interface Found {
  copy?: Snapshot;
}

function copied(snapshotId: string, input: SnapshotCopyInput, region: string): SnapshotCopyOutputs {
  return { snapshotId, region, copied: true, note: `EBS snapshot ${snapshotId} in ${region} (a copy of ${input.sourceRegion}/${input.snapshotId}): kept as a backup in ${region}, and billed as one.` };
}

/** The tag that says which snapshot a copy was made from. */
export const TAG_SOURCE_SNAPSHOT = 'runbook:source-snapshot';

async function findCopy(ctx: StepContext, input: SnapshotCopyInput): Promise<Snapshot | undefined> {
  const res = await ctx.aws.ec2.send(
    new DescribeSnapshotsCommand({
      OwnerIds: ['self'],
      Filters: [
        { Name: `tag:${TAG_RUNBOOK}`, Values: [ctx.runbookId] },
        { Name: `tag:${TAG_SOURCE_SNAPSHOT}`, Values: [`${input.sourceRegion}/${input.snapshotId}`] },
      ],
    }),
  );
  // A copy that failed (a key it could not use) is not a copy: the newest usable one wins.
  const usable = (res.Snapshots ?? []).filter((s) => s.State !== 'error').sort((a, b) => (b.StartTime?.getTime() ?? 0) - (a.StartTime?.getTime() ?? 0));
  return usable[0];
}

function requireKey(ctx: StepContext, input: SnapshotCopyInput): string {
  if (!input.kmsKeyId)
    throw new Error(
      `The backups are in ${input.sourceRegion} and the recovery stack in ${ctx.aws.region}: pass a KMS key of ${ctx.aws.region} as targetKMSKey to re-encrypt the copies (KMS keys are regional).`,
    );
  return input.kmsKeyId;
}

function waitCompleted(ctx: StepContext, snapshotId: string): Promise<Snapshot> {
  return waitFor(ctx, {
    what: `snapshot copy ${snapshotId} to complete`,
    minDelay: 5,
    maxDelay: 30,
    maxWait: 6 * 3600,
    poll: async () => {
      const s = await describeSnapshot(ctx, ctx.aws.region ?? '', snapshotId);
      if (!s) return { done: false, status: 'not visible yet' };
      if (s.State === 'completed') return { done: true, value: s };
      if (s.State === 'error') return { failed: `the copy failed: ${s.StateMessage ?? 'error'} (is the KMS key enabled, in this region, and usable by EBS?)` };
      return { done: false, status: `${s.State} ${s.Progress ?? ''}`.trim() };
    },
  });
}

const kind: StepKind<SnapshotCopyInput, SnapshotCopyOutputs, Found> = {
  async check(ctx, input) {
    const region = ctx.aws.region ?? '';
    if (input.sourceRegion === region) return { done: true, outputs: { snapshotId: input.snapshotId, region, copied: false, note: '' }, evidence: [`${input.snapshotId} is in ${region}, where the stack is made: no copy needed.`] };
    requireKey(ctx, input);
    const copy = await findCopy(ctx, input);
    if (!copy) return { done: false, reason: `No copy of ${input.sourceRegion}/${input.snapshotId} in ${region} yet.`, found: {} };
    const shown = `${copy.SnapshotId} in ${region}: copy of ${input.sourceRegion}/${input.snapshotId}, ${copy.State} (${copy.Progress}), key ${copy.KmsKeyId}`;
    if (copy.State !== 'completed') return { done: false, reason: `The copy ${copy.SnapshotId} is ${copy.State} (${copy.Progress}).`, found: { copy }, evidence: [shown] };
    return { done: true, outputs: copied(copy.SnapshotId!, input, region), evidence: [shown] };
  },
  plan(input, found) {
    if (found?.copy) return [{ service: 'ec2', operation: 'DescribeSnapshots', input: { SnapshotIds: [found.copy.SnapshotId] }, note: 'waits for the copy already started' }];
    return [
      {
        service: 'ec2',
        operation: 'CopySnapshot',
        input: { SourceRegion: input.sourceRegion, SourceSnapshotId: input.snapshotId, Encrypted: true, KmsKeyId: input.kmsKeyId, TagSpecifications: [{ ResourceType: 'snapshot', Tags: [{ Key: 'Name', Value: input.name }] }] },
        note: 'then waits until the copy is completed',
      },
    ];
  },
  async apply(ctx, input, found) {
    let snapshotId = found?.copy?.SnapshotId;
    if (!snapshotId) {
      const tags = [...ctx.tags(input.name), { Key: TAG_SOURCE_SNAPSHOT, Value: `${input.sourceRegion}/${input.snapshotId}` }];
      const res = await ctx.aws.ec2.send(
        new CopySnapshotCommand({
          SourceRegion: input.sourceRegion,
          SourceSnapshotId: input.snapshotId,
          Encrypted: true,
          KmsKeyId: requireKey(ctx, input),
          Description: `Copy of ${input.sourceRegion}/${input.snapshotId} (runbook ${ctx.runbookId})`,
          TagSpecifications: tagSpecifications('snapshot', tags),
        }),
      );
      snapshotId = res.SnapshotId!;
    }
    const done = await waitCompleted(ctx, snapshotId);
    return copied(done.SnapshotId!, input, ctx.aws.region ?? '');
  },
};

export { kind as snapshotCopyKind };
