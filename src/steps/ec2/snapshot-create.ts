/**
 * `ec2.volumeSnapshot`: a snapshot of a volume, taken once by this runbook
 * and kept (found again by its tags, newest first). CreateSnapshot has no
 * idempotency token: the snapshot is tagged as it is made.
 */
import { CreateSnapshotCommand, DescribeSnapshotsCommand, type Snapshot } from '../../aws/sdk/ec2.js';
import { TAG_RUNBOOK, tagSpecifications } from '../../aws/tags.js';
import { waitFor } from '../../aws/wait.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { describeSnapshot } from './snapshot.js';

export interface VolumeSnapshotInput {
  volumeId: string;
  /** Default: the run's region. */
  region?: string;
  name: string;
  description: string;
}

export interface VolumeSnapshotOutputs {
  snapshotId: string;
  startTime: string;
}

interface Found {
  pending?: Snapshot;
}

const ec2Of = (ctx: StepContext, input: VolumeSnapshotInput) => (input.region ? ctx.aws.inRegion(input.region) : ctx.aws).ec2;

async function findOwn(ctx: StepContext, input: VolumeSnapshotInput): Promise<Snapshot | undefined> {
  const res = await ec2Of(ctx, input).send(
    new DescribeSnapshotsCommand({
      OwnerIds: ['self'],
      Filters: [
        { Name: 'volume-id', Values: [input.volumeId] },
        { Name: `tag:${TAG_RUNBOOK}`, Values: [ctx.runbookId] },
        { Name: 'tag:Name', Values: [input.name] },
      ],
    }),
  );
  return (res.Snapshots ?? []).filter((s) => s.State !== 'error').sort((a, b) => (b.StartTime?.getTime() ?? 0) - (a.StartTime?.getTime() ?? 0))[0];
}

const kind: StepKind<VolumeSnapshotInput, VolumeSnapshotOutputs, Found> = {
  async check(ctx, input) {
    const s = await findOwn(ctx, input);
    if (!s) return { done: false, reason: `No snapshot ${input.name} of ${input.volumeId} yet.`, found: {} };
    const shown = `${s.SnapshotId} of ${input.volumeId}, started ${s.StartTime?.toISOString()}, ${s.State} (${s.Progress})`;
    if (s.State !== 'completed') return { done: false, reason: `Snapshot ${s.SnapshotId} is ${s.State}.`, found: { pending: s }, evidence: [shown] };
    return { done: true, outputs: { snapshotId: s.SnapshotId!, startTime: s.StartTime?.toISOString() ?? '' }, evidence: [shown] };
  },
  plan: (input, found) =>
    found?.pending
      ? []
      : [{ service: 'ec2', operation: 'CreateSnapshot', input: { VolumeId: input.volumeId, Description: input.description, TagSpecifications: [{ ResourceType: 'snapshot', Tags: [{ Key: 'Name', Value: input.name }] }] }, note: 'then waits until it is completed' }],
  async apply(ctx, input, found) {
    const id = found?.pending?.SnapshotId ?? (await ec2Of(ctx, input).send(new CreateSnapshotCommand({ VolumeId: input.volumeId, Description: input.description, TagSpecifications: tagSpecifications('snapshot', ctx.tags(input.name)) }))).SnapshotId!;
    const s = await waitFor(ctx, {
      what: `snapshot ${id} of ${input.volumeId}`,
      minDelay: 5,
      maxDelay: 30,
      maxWait: 6 * 3600,
      poll: async () => {
        const now = await describeSnapshot(ctx, input.region ?? ctx.aws.region ?? '', id);
        if (now?.State === 'completed') return { done: true, value: now };
        if (now?.State === 'error') return { failed: now.StateMessage ?? 'the snapshot failed' };
        return { done: false, status: now ? `${now.State} ${now.Progress ?? ''}` : 'not visible yet' };
      },
    });
    return { snapshotId: s.SnapshotId!, startTime: s.StartTime?.toISOString() ?? '' };
  },
};

export { kind as volumeSnapshotKind };
