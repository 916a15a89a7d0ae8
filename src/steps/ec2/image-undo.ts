/**
 * Destroying what `ec2.image` made: the image is deregistered, then the
 * snapshots it was made of are deleted (deregistering leaves them, and they
 * cost money). An image under the name that this run did not make is kept.
 */
import { DeleteSnapshotCommand, DeregisterImageCommand, DescribeImagesCommand, type Image } from '../../aws/sdk/ec2.js';
import type { StepContext, Undo } from '../../engine/model/step.js';
import { adoptedNote, madeByRun } from '../undo.js';
import { goneIsDone, unlessGone } from '../../aws/errors.js';
import { imageNamed, type ImageInput, type ImageOutputs } from './image.js';

async function imageById(ctx: StepContext, imageId: string): Promise<Image | undefined> {
  return (await unlessGone(() => ctx.aws.ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }))))?.Images?.[0];
}

const snapshotsOf = (image: Image) => (image.BlockDeviceMappings ?? []).map((d) => d.Ebs?.SnapshotId).filter((s): s is string => !!s);

export const imageUndo: Undo<ImageInput, ImageOutputs> = {
  async find(ctx, { input, outputs }) {
    const image = outputs.imageId ? await imageById(ctx, outputs.imageId) : input.name ? await imageNamed(ctx, input.name) : undefined;
    if (!image) return [];
    const mine = madeByRun(ctx, image.Tags);
    const snapshots = snapshotsOf(image);
    return [
      {
        type: 'ec2:image',
        id: image.ImageId!,
        madeByRun: mine,
        note: mine ? `${image.Name}, and its snapshot${snapshots.length === 1 ? '' : 's'} ${snapshots.join(', ')}` : adoptedNote(`image ${image.Name}`, image.Tags),
        details: { snapshotIds: snapshots },
      },
    ];
  },
  plan: (resource) => [
    { service: 'ec2', operation: 'DeregisterImage', input: { ImageId: resource.id } },
    ...((resource.details?.snapshotIds as string[] | undefined) ?? []).map((SnapshotId) => ({ service: 'ec2', operation: 'DeleteSnapshot', input: { SnapshotId } })),
  ],
  async remove(ctx, resource) {
    if (await imageById(ctx, resource.id)) await ctx.aws.ec2.send(new DeregisterImageCommand({ ImageId: resource.id }));
    for (const SnapshotId of (resource.details?.snapshotIds as string[] | undefined) ?? []) await goneIsDone(() => ctx.aws.ec2.send(new DeleteSnapshotCommand({ SnapshotId })));
  },
};
