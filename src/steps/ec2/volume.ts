/**
 * `ec2.volume`: an encrypted gp3 data volume with this Name, attached to the
 * instance. Created with a ClientToken derived from the run and found again
 * by its tags, so a resume never makes a second volume. A volume that exists
 * unencrypted, smaller than asked, elsewhere or attached to another instance
 * is a failure that says why: this step never destroys or shrinks data.
 */
import { AttachVolumeCommand, CreateVolumeCommand, DescribeVolumesCommand, paginateDescribeVolumes, type Volume } from '../../aws/sdk/ec2.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { type PlannedCall } from '../../core/calls.js';
import { hasErrorName } from '../../aws/errors.js';
import { ownedByFilters, plannedTags, TAG_STEP, tagSpecifications } from '../../aws/tags.js';
import { NOT_VISIBLE, waitFor } from '../../aws/wait.js';
import { findOne } from '../find-one.js';
import { collect } from '../paginate.js';

export interface VolumeInput {
  /** Name tag. */
  name: string;
  instanceId: string;
  availabilityZone: string;
  sizeGiB: number;
  /** The attachment name, e.g. /dev/sdf; Nitro instances show the volume as an NVMe device instead. */
  device: string;
}

export interface VolumeOutputs {
  volumeId: string;
  sizeGiB: number;
  device: string;
}

interface Found {
  volume: Volume;
}

export class VolumeConflictError extends Error {
  override name = 'VolumeConflict';
}

async function findVolume(ctx: StepContext, name: string): Promise<Volume | undefined> {
  const filters = [...ownedByFilters(ctx.runbookId, name), { Name: `tag:${TAG_STEP}`, Values: [ctx.stepId] }];
  const volumes = await collect(paginateDescribeVolumes({ client: ctx.aws.ec2 }, { Filters: filters }), (p) => p.Volumes);
  const live = volumes.filter((v) => v.State !== 'deleting' && v.State !== 'deleted');
  return findOne(live, `volumes named ${name} from this runbook`, (v) => v.VolumeId, 'keep one');
}

/** One volume by id; undefined when EC2 does not (yet) know it. */
export async function describeVolume(ctx: StepContext, volumeId: string): Promise<Volume | undefined> {
  try {
    return (await ctx.aws.ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }))).Volumes?.[0];
  } catch (err) {
    // A new volume can be briefly invisible to DescribeVolumes.
    if (hasErrorName(err, 'InvalidVolume.NotFound')) return undefined;
    throw err;
  }
}

/** Problems no apply may fix: they would need data to be destroyed or moved. */
function assertUsable(v: Volume, input: VolumeInput): void {
  const id = v.VolumeId;
  if (!v.Encrypted) throw new VolumeConflictError(`Volume ${id} is not encrypted, and EBS cannot encrypt a volume in place: copy its data to an encrypted volume, or delete it, and run again.`);
  if (v.AvailabilityZone !== input.availabilityZone) throw new VolumeConflictError(`Volume ${id} is in ${v.AvailabilityZone}, the instance in ${input.availabilityZone}: a volume attaches only in its zone.`);
  if ((v.Size ?? 0) < input.sizeGiB) throw new VolumeConflictError(`Volume ${id} has ${v.Size} GiB, less than ${input.sizeGiB} GiB: grow it with the lamp-ebs-expand runbook, this step never changes a volume's size.`);
  const a = v.Attachments?.[0];
  if (a && a.InstanceId !== input.instanceId) throw new VolumeConflictError(`Volume ${id} is attached to ${a.InstanceId}, not ${input.instanceId}; detach it first.`);
  // A detaching volume is never attached again by waiting: say so now, not after a timeout.
  if (a?.State === 'detaching') throw new VolumeConflictError(`Volume ${id} is detaching from ${a.InstanceId}; run again once it is available (someone or something is detaching it).`);
}

function outputsOf(v: Volume, input: VolumeInput): VolumeOutputs {
  return { volumeId: v.VolumeId!, sizeGiB: v.Size ?? input.sizeGiB, device: v.Attachments?.[0]?.Device ?? input.device };
}

function waitVolume(ctx: StepContext, volumeId: string, what: string, ready: (v: Volume) => boolean): Promise<Volume> {
  return waitFor(ctx, {
    what: `volume ${volumeId} to be ${what}`,
    minDelay: 2,
    maxDelay: 10,
    maxWait: 300,
    notFound: NOT_VISIBLE,
    poll: async () => {
      const v = (await ctx.aws.ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }))).Volumes?.[0];
      if (v && ready(v)) return { done: true, value: v };
      if (v?.State === 'error') return { failed: 'the volume is in state error' };
      if (v?.Attachments?.[0]?.State === 'detaching') return { failed: `the volume is detaching from ${v.Attachments[0].InstanceId}` };
      return { done: false, status: v ? `${v.State}${v.Attachments?.[0] ? `, ${v.Attachments[0].State}` : ''}` : NOT_VISIBLE };
    },
  });
}

const kind: StepKind<VolumeInput, VolumeOutputs, Found> = {
  async check(ctx, input) {
    const volume = await findVolume(ctx, input.name);
    if (!volume?.VolumeId) return { done: false, reason: `No data volume named ${input.name} yet.` };
    assertUsable(volume, input);
    const state = volume.Attachments?.[0]?.State;
    if (state !== 'attached') return { done: false, reason: `Volume ${volume.VolumeId} is ${state ?? volume.State}, not attached to ${input.instanceId}.`, found: { volume } };
    const out = outputsOf(volume, input);
    return { done: true, outputs: out, evidence: [`${out.volumeId}: ${out.sizeGiB} GiB ${volume.VolumeType}, encrypted, attached to ${input.instanceId} as ${out.device}`] };
  },
  plan(input, found, ctx) {
    const calls: PlannedCall[] = [];
    if (!found)
      calls.push({
        service: 'ec2',
        operation: 'CreateVolume',
        input: { AvailabilityZone: input.availabilityZone, Size: input.sizeGiB, VolumeType: 'gp3', Encrypted: true, TagSpecifications: tagSpecifications('volume', plannedTags(ctx, input.name)) },
        note: 'with a ClientToken derived from the run and step, so a resume never creates a second volume',
      });
    if (!found?.volume.Attachments?.length)
      calls.push({ service: 'ec2', operation: 'AttachVolume', input: { VolumeId: found?.volume.VolumeId ?? `<${input.name}.volumeId>`, InstanceId: input.instanceId, Device: input.device } });
    return calls;
  },
  async apply(ctx, input, found) {
    let volumeId = found?.volume.VolumeId;
    if (!volumeId) {
      const created = await ctx.aws.ec2.send(
        new CreateVolumeCommand({
          AvailabilityZone: input.availabilityZone,
          Size: input.sizeGiB,
          VolumeType: 'gp3',
          Encrypted: true,
          ClientToken: ctx.token(),
          TagSpecifications: tagSpecifications('volume', ctx.tags(input.name)),
        }),
      );
      volumeId = created.VolumeId!;
    }
    if (!found?.volume.Attachments?.length) {
      await waitVolume(ctx, volumeId, 'available', (v) => v.State === 'available');
      await ctx.aws.ec2.send(new AttachVolumeCommand({ VolumeId: volumeId, InstanceId: input.instanceId, Device: input.device }));
    }
    return outputsOf(await waitVolume(ctx, volumeId, 'attached', (v) => v.Attachments?.[0]?.State === 'attached'), input);
  },
};

export { kind as volumeKind };
