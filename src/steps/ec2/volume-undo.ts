/**
 * Destroying what `ec2.volume` made: a volume holds data, so it goes only
 * when the operator names `ec2:volume` with --delete-data; a snapshot of it
 * is taken first (tagged with the run, so it outlives the destroy) unless
 * --no-snapshot. Then it is detached, once available deleted.
 */
import { CreateSnapshotCommand, DeleteVolumeCommand, DescribeSnapshotsCommand, DescribeVolumesCommand, DetachVolumeCommand, type Volume } from '../../aws/sdk/ec2.js';
import type { StepContext, Undo } from '../../engine/model/step.js';
import { tagSpecifications } from '../../aws/tags.js';
import { waitFor } from '../../aws/wait.js';
import { adoptedNote, finalSnapshotFilters, finalSnapshotTags, madeByRun, runStepFilters } from '../undo.js';
import { goneIsDone, unlessGone } from '../../aws/errors.js';
import type { VolumeInput, VolumeOutputs } from './volume.js';

async function volumes(ctx: StepContext, request: { VolumeIds?: string[]; Filters?: { Name: string; Values: string[] }[] }): Promise<Volume[]> {
  return ((await unlessGone(() => ctx.aws.ec2.send(new DescribeVolumesCommand(request))))?.Volumes ?? []).filter((v) => v.State !== 'deleting' && v.State !== 'deleted');
}

function until(ctx: StepContext, what: string, poll: () => Promise<string | true>, maxWait = 900): Promise<void> {
  return waitFor(ctx, {
    what,
    minDelay: 3,
    maxDelay: 15,
    maxWait,
    poll: async () => {
      const status = await poll();
      return status === true ? { done: true, value: undefined } : { done: false, status };
    },
  });
}

export const volumeUndo: Undo<VolumeInput, VolumeOutputs> = {
  async find(ctx, { outputs }) {
    const recorded = outputs.volumeId ? await volumes(ctx, { VolumeIds: [outputs.volumeId] }) : [];
    const tagged = await volumes(ctx, { Filters: runStepFilters(ctx) });
    return [...recorded, ...tagged.filter((t) => !recorded.some((r) => r.VolumeId === t.VolumeId))].map((v) => {
      const mine = madeByRun(ctx, v.Tags);
      const attached = v.Attachments?.[0]?.InstanceId;
      return { type: 'ec2:volume', id: v.VolumeId!, madeByRun: mine, holdsData: true, note: mine ? `${v.Size} GiB${attached ? `, detached from ${attached} first` : ''}` : adoptedNote(`volume ${v.VolumeId}`, v.Tags) };
    });
  },
  plan: (resource, options) => [
    ...(options.snapshotFirst ? [{ service: 'ec2', operation: 'CreateSnapshot', input: { VolumeId: resource.id }, note: 'and wait until it is completed; the snapshot stays' }] : []),
    { service: 'ec2', operation: 'DetachVolume', input: { VolumeId: resource.id }, note: 'when it is attached' },
    { service: 'ec2', operation: 'DeleteVolume', input: { VolumeId: resource.id } },
  ],
  async remove(ctx, resource, options) {
    const [volume] = await volumes(ctx, { VolumeIds: [resource.id] });
    if (!volume) return;
    if (options.snapshotFirst) {
      // One snapshot per destroy of this volume: a resumed destroy finds the one it started.
      const earlier = (await ctx.aws.ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'volume-id', Values: [resource.id] }, ...finalSnapshotFilters(ctx)] }))).Snapshots?.[0];
      const snapshotId =
        earlier?.SnapshotId ??
        (await ctx.aws.ec2.send(new CreateSnapshotCommand({ VolumeId: resource.id, Description: `runbook destroy of run ${ctx.runId}: ${resource.id} before deletion`, TagSpecifications: tagSpecifications('snapshot', finalSnapshotTags(ctx, `${resource.id} before destroy`)) }))).SnapshotId!;
      ctx.progress(`snapshot ${snapshotId} of ${resource.id}`);
      await until(ctx, `snapshot ${snapshotId} to complete`, async () => {
        const s = (await ctx.aws.ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [snapshotId] }))).Snapshots?.[0];
        if (s?.State === 'error') throw new Error(`Snapshot ${snapshotId} of ${resource.id} failed; the volume was kept.`);
        return s?.State === 'completed' ? true : `${s?.State ?? 'not visible'} ${s?.Progress ?? ''}`.trim();
      }, 3600);
    }
    if (volume.Attachments?.length) await ctx.aws.ec2.send(new DetachVolumeCommand({ VolumeId: resource.id }));
    await until(ctx, `volume ${resource.id} to be detached`, async () => {
      const [v] = await volumes(ctx, { VolumeIds: [resource.id] });
      return !v || v.State === 'available' ? true : `${v.State}${v.Attachments?.[0] ? `, ${v.Attachments[0].State}` : ''}`;
    });
    await goneIsDone(() => ctx.aws.ec2.send(new DeleteVolumeCommand({ VolumeId: resource.id })));
  },
};
