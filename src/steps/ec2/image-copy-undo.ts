/**
 * Destroying what `ec2.imageCopy` made: in each destination region, the copy
 * the run made is deregistered and its snapshots deleted, as `ec2.image`'s
 * undo does in its own region. Copies are found by the run's and the step's
 * tags in every region of the list, so a step that failed before recording
 * its outputs leaves none behind.
 */
import { DescribeImagesCommand } from '../../aws/sdk/ec2.js';
import type { MadeResource, Undo } from '../../engine/model/step.js';
import { adoptedNote, madeByRun, runStepFilters } from '../undo.js';
import { destinations, inRegion, resolved, type ImageCopyInput, type ImageCopyOutputs } from './image-copy.js';
import { imageUndo } from './image-undo.js';

const regionOf = (resource: MadeResource) => String(resource.details?.region);

export const imageCopyUndo: Undo<ImageCopyInput, ImageCopyOutputs> = {
  async find(ctx, { input }) {
    if (!input.regions || !input.sourceRegion) return [];
    const perRegion = await Promise.all(
      destinations(resolved({ sourceRegion: input.sourceRegion, regions: input.regions })).map(async (region) => {
        const images = (await ctx.aws.inRegion(region).ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: runStepFilters(ctx) }))).Images ?? [];
        return images.map((image): MadeResource => {
          const mine = madeByRun(ctx, image.Tags);
          const snapshotIds = (image.BlockDeviceMappings ?? []).map((d) => d.Ebs?.SnapshotId).filter((s): s is string => !!s);
          return { type: 'ec2:image', id: image.ImageId!, madeByRun: mine, note: mine ? `${image.Name} in ${region}, and its snapshots` : adoptedNote(`image ${image.Name} in ${region}`, image.Tags), details: { region, snapshotIds } };
        });
      }),
    );
    return perRegion.flat();
  },
  plan: (resource, options) => imageUndo.plan(resource, options).map((call) => ({ ...call, note: `in ${regionOf(resource)}` })),
  remove: (ctx, resource, options) => imageUndo.remove(inRegion(ctx, regionOf(resource)), resource, options),
};
