/**
 * `ec2.imageAvailable`: waits, reading only, until an image made by an
 * `ec2.image` step that did not wait is available; an image that failed is a
 * sentence. What needs only the image's id is made in between.
 */
import { type StepKind } from '../../engine/model/step.js';
import { waitAvailable, type ImageOutputs } from './image.js';

export interface ImageAvailableInput {
  imageId: string;
  name: string;
}

const kind: StepKind<ImageAvailableInput, ImageOutputs> = {
  async check(ctx, input) {
    const image = await waitAvailable(ctx, input.imageId, input.name);
    const snapshotIds = (image.BlockDeviceMappings ?? []).map((d) => d.Ebs?.SnapshotId).filter((s): s is string => !!s);
    return { done: true, outputs: { imageId: input.imageId, name: input.name, snapshotIds }, evidence: [`${input.imageId} ${input.name} (available), snapshots ${snapshotIds.join(', ') || 'none'}`] };
  },
  plan: () => [],
};

export { kind as imageAvailableKind };
