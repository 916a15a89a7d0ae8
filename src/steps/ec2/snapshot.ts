/**
 * `ec2.snapshot`: an EBS snapshot exists in its region and is completed.
 * Read-only; its start time is what a backup's age and its sync with the
 * other backups are measured by.
 */
import { DescribeSnapshotsCommand, type Snapshot } from '../../aws/sdk/ec2.js';
import { hasErrorName } from '../../aws/errors.js';
import type { StepContext } from '../../engine/model/step.js';
import { type StepKind } from '../../engine/model/step.js';

export interface SnapshotInput {
  snapshotId: string;
  /** Default: the run's region. */
  region?: string;
  /** What the snapshot is, in messages: "the CouchDB volume snapshot". */
  what: string;
  /** Lines for the run's notes, shown with what was found. */
  notes?: string[];
}

export interface SnapshotOutputs {
  snapshotId: string;
  region: string;
  volumeId: string;
  /** ISO time the snapshot was started. */
  startTime: string;
  sizeGiB: number;
  encrypted: boolean;
  kmsKeyId: string;
}

export async function describeSnapshot(ctx: StepContext, region: string, snapshotId: string): Promise<Snapshot | undefined> {
  try {
    return (await ctx.aws.inRegion(region).ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [snapshotId] }))).Snapshots?.[0];
  } catch (err) {
    if (hasErrorName(err, 'InvalidSnapshot.NotFound')) return undefined;
    throw err;
  }
}

const kind: StepKind<SnapshotInput, SnapshotOutputs> = {
  async check(ctx, input) {
    const region = input.region ?? ctx.aws.region ?? '';
    const s = await describeSnapshot(ctx, region, input.snapshotId);
    if (!s) return { done: false, reason: `${input.what}: no snapshot ${input.snapshotId} in ${region}.` };
    const shown = `${input.what}: ${s.SnapshotId} of ${s.VolumeId}, ${s.VolumeSize} GiB, ${s.Encrypted ? 'encrypted' : 'not encrypted'}, started ${s.StartTime?.toISOString()}, ${s.State} (${s.Progress})`;
    const evidence = [shown, ...(input.notes ?? [])];
    if (s.State !== 'completed') return { done: false, reason: `${input.what} ${s.SnapshotId} is ${s.State}${s.StateMessage ? `: ${s.StateMessage}` : ''}, not completed.`, evidence };
    return {
      done: true,
      outputs: { snapshotId: s.SnapshotId!, region, volumeId: s.VolumeId ?? '', startTime: s.StartTime?.toISOString() ?? '', sizeGiB: s.VolumeSize ?? 0, encrypted: s.Encrypted === true, kmsKeyId: s.KmsKeyId ?? '' },
      evidence,
    };
  },
  plan: () => [],
};

export { kind as snapshotKind };
