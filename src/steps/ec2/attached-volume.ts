/**
 * `ec2.attachedVolume`: the data volume of an instance, that is the one EBS
 * volume attached besides its root device (or the one named by id). Read-only;
 * none, or several without an id to choose, is a failure listing them.
 */
import { paginateDescribeVolumes } from '../../aws/sdk/ec2.js';
import { collect } from '../paginate.js';
import { type StepKind } from '../../engine/model/step.js';

export interface AttachedVolumeInput {
  instanceId: string;
  /** The root device (e.g. /dev/xvda), which is never the data volume. */
  rootDeviceName: string;
  /** Choose among several data volumes. */
  volumeId?: string;
}

/** No size: it changes when the volume grows, and outputs must stay what they were. */
export interface AttachedVolumeOutputs {
  volumeId: string;
  device: string;
}

export class DataVolumeNotFoundError extends Error {
  override name = 'DataVolumeNotFound';
}

const kind: StepKind<AttachedVolumeInput, AttachedVolumeOutputs> = {
  async check(ctx, input) {
    const volumes = await collect(paginateDescribeVolumes({ client: ctx.aws.ec2 }, { Filters: [{ Name: 'attachment.instance-id', Values: [input.instanceId] }] }), (p) => p.Volumes);
    const data = volumes.filter((v) => v.Attachments?.some((a) => a.InstanceId === input.instanceId && a.Device !== input.rootDeviceName));
    const list = data.map((v) => `${v.VolumeId} (${v.Size} GiB at ${v.Attachments?.[0]?.Device})`).join(', ');
    const chosen = input.volumeId ? data.filter((v) => v.VolumeId === input.volumeId) : data;
    if (chosen.length === 0)
      throw new DataVolumeNotFoundError(
        input.volumeId
          ? `Volume ${input.volumeId} is not a data volume of ${input.instanceId}${list ? `; its data volumes: ${list}` : ''}.`
          : `Instance ${input.instanceId} has no volume attached besides its root device ${input.rootDeviceName}.`,
      );
    if (chosen.length > 1) throw new DataVolumeNotFoundError(`Instance ${input.instanceId} has ${chosen.length} data volumes (${list}); choose one with volumeId.`);
    const v = chosen[0]!;
    const outputs = { volumeId: v.VolumeId!, device: v.Attachments?.[0]?.Device ?? '' };
    return { done: true, outputs, evidence: [`${outputs.volumeId}: ${v.Size} GiB ${v.VolumeType}${v.Encrypted ? ', encrypted' : ''}, attached as ${outputs.device}`] };
  },
  plan: () => [],
};

export { kind as attachedVolumeKind };
