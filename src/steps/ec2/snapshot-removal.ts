/**
 * What the undos of the EBS snapshot kinds share: a snapshot holds data, so
 * it goes only when the operator names `ec2:snapshot` with --delete-data.
 * Found by the step's recorded id and by the run's and the step's tags, in
 * the region the step made it in; one the run did not make is kept.
 */
import { DeleteSnapshotCommand, DescribeSnapshotsCommand, type Snapshot } from '../../aws/sdk/ec2.js';
import type { MadeResource, StepContext, Undo } from '../../engine/model/step.js';
import { isNotFound } from '../../aws/errors.js';
import { adoptedNote, idsOf, madeByRun, runStepFilters } from '../undo.js';

const ec2In = (ctx: StepContext, region: string | undefined) => (region && region !== ctx.aws.region ? ctx.aws.inRegion(region) : ctx.aws).ec2;

async function snapshots(ctx: StepContext, region: string | undefined, request: { SnapshotIds?: string[]; Filters?: { Name: string; Values: string[] }[] }): Promise<Snapshot[]> {
  try {
    return (await ec2In(ctx, region).send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], ...request }))).Snapshots ?? [];
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}

export function snapshotUndo<I, O>(where: { region(input: Partial<I>, outputs: Partial<O>): string | undefined; recorded(outputs: Partial<O>): string | undefined }): Undo<I, O> {
  return {
    async find(ctx, { input, outputs }) {
      const region = where.region(input, outputs);
      const ids = idsOf([where.recorded(outputs)]);
      const recorded = ids.length ? await snapshots(ctx, region, { SnapshotIds: ids }) : [];
      const tagged = await snapshots(ctx, region, { Filters: runStepFilters(ctx) });
      return [...recorded, ...tagged.filter((t) => !recorded.some((r) => r.SnapshotId === t.SnapshotId))].map((s): MadeResource => {
        const mine = madeByRun(ctx, s.Tags);
        const at = region ? ` in ${region}` : '';
        return {
          type: 'ec2:snapshot',
          id: s.SnapshotId!,
          madeByRun: mine,
          holdsData: true,
          note: mine ? `${s.VolumeSize} GiB${s.VolumeId ? ` of ${s.VolumeId}` : ''}, ${s.State}${at}` : adoptedNote(`snapshot ${s.SnapshotId}${at}`, s.Tags),
          ...(region ? { details: { region } } : {}),
        };
      });
    },
    plan: (resource) => [{ service: 'ec2', operation: 'DeleteSnapshot', input: { SnapshotId: resource.id }, ...(resource.details?.region ? { note: `in ${String(resource.details.region)}` } : {}) }],
    async remove(ctx, resource) {
      // DeleteSnapshot takes effect at once: a snapshot an image still uses is refused (InvalidSnapshot.InUse), and that is passed on.
      await ec2In(ctx, resource.details?.region as string | undefined)
        .send(new DeleteSnapshotCommand({ SnapshotId: resource.id }))
        .catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
    },
  };
}
