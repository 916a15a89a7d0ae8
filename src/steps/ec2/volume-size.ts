/**
 * `ec2.volumeSize`: grow an EBS volume to a size, and wait until the new size
 * has taken effect (the modification is `optimizing` or `completed`). A
 * volume never shrinks: a smaller size is refused before any change. When the
 * volume already has the size, or is being modified to it, nothing is sent
 * again, so a re-run or a resume is safe.
 */
import { DescribeVolumesModificationsCommand, ModifyVolumeCommand, type VolumeModification } from '../../aws/sdk/ec2.js';
import { describeVolume } from './volume.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import { waitFor } from '../../aws/wait.js';

export interface VolumeSizeInput {
  volumeId: string;
  sizeGiB: number;
}

export interface VolumeSizeOutputs {
  volumeId: string;
  sizeGiB: number;
}

interface Found {
  /** A modification to this size was already accepted: only wait for it. */
  inProgress: boolean;
}

export class VolumeSizeError extends Error {
  override name = 'VolumeSizeRefused';
}

/** The latest modification of the volume; EC2 answers NotFound for a volume never modified. */
async function latestModification(ctx: StepContext, volumeId: string): Promise<VolumeModification | undefined> {
  try {
    const res = await ctx.aws.ec2.send(new DescribeVolumesModificationsCommand({ VolumeIds: [volumeId] }));
    return res.VolumesModifications?.at(-1);
  } catch (err) {
    if (hasErrorName(err, 'InvalidVolumeModification.NotFound')) return undefined;
    throw err;
  }
}

async function currentSize(ctx: StepContext, volumeId: string): Promise<number> {
  const volume = await describeVolume(ctx, volumeId);
  if (volume?.Size === undefined) throw new VolumeSizeError(`Volume ${volumeId} was not found.`);
  return volume.Size;
}

const IN_PROGRESS = new Set(['modifying', 'optimizing']);

const kind: StepKind<VolumeSizeInput, VolumeSizeOutputs, Found> = {
  async check(ctx, input) {
    const size = await currentSize(ctx, input.volumeId);
    const m = await latestModification(ctx, input.volumeId);
    const state = m?.ModificationState;
    const evidence = [`${input.volumeId}: ${size} GiB${m ? `, last modification ${m.OriginalSize} -> ${m.TargetSize} GiB ${state}` : ''}`];
    if (size > input.sizeGiB) throw new VolumeSizeError(`Volume ${input.volumeId} has ${size} GiB; an EBS volume cannot shrink, so the new size must be larger than ${size} GiB.`);
    if (m && state === 'modifying' && m.TargetSize === input.sizeGiB) return { done: false, reason: `Volume ${input.volumeId} is being modified to ${input.sizeGiB} GiB.`, found: { inProgress: true }, evidence };
    if (m && state && IN_PROGRESS.has(state) && m.TargetSize !== input.sizeGiB)
      throw new VolumeSizeError(`Volume ${input.volumeId} is being modified to ${m.TargetSize} GiB (${state}); EC2 takes a new size only once that is completed.`);
    if (size === input.sizeGiB) return { done: true, outputs: { volumeId: input.volumeId, sizeGiB: size }, evidence };
    return { done: false, reason: `Volume ${input.volumeId} has ${size} GiB, not ${input.sizeGiB} GiB.`, found: { inProgress: false }, evidence };
  },
  plan: (input, found) =>
    found?.inProgress ? [] : [{ service: 'ec2', operation: 'ModifyVolume', input: { VolumeId: input.volumeId, Size: input.sizeGiB }, note: 'then waits until the modification is optimizing' }],
  async apply(ctx, input, found) {
    // ModifyVolume has no token: a resume after a crash re-reads what EC2 already took rather than trust what the check saw.
    const latest = found?.inProgress ? undefined : await latestModification(ctx, input.volumeId);
    const taken = found?.inProgress || (latest?.TargetSize === input.sizeGiB && latest.ModificationState !== 'failed');
    if (!taken) await ctx.aws.ec2.send(new ModifyVolumeCommand({ VolumeId: input.volumeId, Size: input.sizeGiB }));
    // The new size takes effect when the modification reaches optimizing; optimizing itself can take hours.
    await waitFor(ctx, {
      what: `volume ${input.volumeId} to grow to ${input.sizeGiB} GiB`,
      minDelay: 2,
      maxDelay: 15,
      maxWait: 1800,
      poll: async () => {
        const m = await latestModification(ctx, input.volumeId);
        const state = m?.ModificationState ?? 'not visible yet';
        if (state === 'failed') return { failed: `the modification failed: ${m?.StatusMessage ?? 'no reason given'}; try again` };
        if ((state === 'optimizing' || state === 'completed') && m?.TargetSize === input.sizeGiB) return { done: true, value: undefined };
        return { done: false, status: `${state}${m?.Progress !== undefined ? ` ${m.Progress}%` : ''}` };
      },
    });
    return { volumeId: input.volumeId, sizeGiB: input.sizeGiB };
  },
};

export { kind as volumeSizeKind };
