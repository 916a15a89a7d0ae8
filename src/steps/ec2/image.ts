/**
 * `ec2.image`: a machine image of an instance, made once. An image's name is
 * unique in its account and region, so the name is the idempotency key:
 * CreateImage has no token, and a second CreateImage under the name fails.
 * An image under the name made by something else is used as it is (and so
 * kept by `destroy`). The image and its snapshots are tagged as they are made.
 */
import { CreateImageCommand, DescribeImagesCommand, type Image } from '../../aws/sdk/ec2.js';
import { isNotFound } from '../../aws/errors.js';
import { plannedTags, tagSpecifications } from '../../aws/tags.js';
import { waitFor } from '../../aws/wait.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';

export interface ImageInput {
  instanceId: string;
  /** e.g. `aq-web-v1.0.1-1`: 3-128 letters, digits and ( ) [ ] . / - ' @ _ space. */
  name: string;
  description?: string;
  /** Image the instance without the reboot that makes its file systems consistent. Default false. */
  noReboot?: boolean;
  /**
   * Default true. False: done once EC2 has the image, pending or available, so that what only needs its id (a
   * launch template) is made while it is built; an `ec2.imageAvailable` step then waits for it.
   */
  waitUntilAvailable?: boolean;
}

export interface ImageOutputs {
  imageId: string;
  name: string;
  snapshotIds: string[];
}

interface Found {
  pending?: Image;
}

export const IMAGE_NAME = /^[A-Za-z0-9()[\] ./\-'@_]{3,128}$/;

export async function imageNamed(ctx: StepContext, name: string): Promise<Image | undefined> {
  const res = await ctx.aws.ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'name', Values: [name] }] }));
  return res.Images?.find((i) => i.Name === name);
}

const outputsOf = (image: Image): ImageOutputs => ({
  imageId: image.ImageId!,
  name: image.Name!,
  snapshotIds: (image.BlockDeviceMappings ?? []).map((d) => d.Ebs?.SnapshotId).filter((s): s is string => !!s),
});

const shown = (image: Image) => `${image.ImageId} ${image.Name} (${image.State}), made ${image.CreationDate ?? '?'}`;

const createRequest = (ctx: { tags(name?: string): { Key: string; Value: string }[] } | undefined, input: ImageInput) => ({
  InstanceId: input.instanceId,
  Name: input.name,
  Description: input.description ?? `${input.name}, made from ${input.instanceId}`,
  NoReboot: input.noReboot === true,
  TagSpecifications: [...tagSpecifications('image' as const, plannedTags(ctx, input.name)), ...tagSpecifications('snapshot' as const, plannedTags(ctx, input.name))],
});

function notYet(err: unknown): { Images: Image[] } {
  if (isNotFound(err)) return { Images: [] };
  throw err;
}

/** Until the image is available (a new one can be unknown to DescribeImages for a moment); failed is a sentence. */
export function waitAvailable(ctx: StepContext, imageId: string, name: string): Promise<Image> {
  return waitFor(ctx, {
    what: `image ${imageId} (${name}) to be available`,
    minDelay: 15,
    maxDelay: 60,
    maxWait: 4 * 3600,
    poll: async () => {
      const now = (await ctx.aws.ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] })).catch(notYet)).Images?.[0];
      if (now?.State === 'available') return { done: true, value: now };
      if (now?.State === 'failed' || now?.State === 'error') return { failed: now.StateReason?.Message ?? `the image is ${now.State}` };
      return { done: false, status: now?.State ?? 'not visible yet' };
    },
  });
}

const kind: StepKind<ImageInput, ImageOutputs, Found> = {
  async check(ctx, input) {
    if (!IMAGE_NAME.test(input.name)) throw new Error(`Image name ${JSON.stringify(input.name)} is not one EC2 accepts: 3-128 letters, digits, spaces and ( ) [ ] . / - ' @ _.`);
    const image = await imageNamed(ctx, input.name);
    if (!image) return { done: false, reason: `No image named ${input.name} yet.`, found: {} };
    // Without the wait the outputs are only what is known at once, the same pending or available: the imageAvailable step gives the snapshots.
    if (input.waitUntilAvailable === false && (image.State === 'pending' || image.State === 'available')) return { done: true, outputs: { imageId: image.ImageId!, name: input.name, snapshotIds: [] }, evidence: [shown(image)] };
    if (image.State === 'pending') return { done: false, reason: `Image ${image.ImageId} is still pending.`, found: { pending: image }, evidence: [shown(image)] };
    if (image.State !== 'available')
      throw new Error(`Image ${image.ImageId} named ${input.name} is ${image.State}${image.StateReason?.Message ? ` (${image.StateReason.Message})` : ''}: deregister it, then run again.`);
    return { done: true, outputs: outputsOf(image), evidence: [shown(image)] };
  },
  plan: (input, found, ctx) =>
    found?.pending ? [] : [{ service: 'ec2', operation: 'CreateImage', input: createRequest(ctx, input), note: `${input.noReboot ? '' : 'the instance reboots; '}${input.waitUntilAvailable === false ? 'done once EC2 has it' : 'then waits until the image is available'}` }],
  async apply(ctx, input, found) {
    const imageId = found?.pending?.ImageId ?? (await ctx.aws.ec2.send(new CreateImageCommand(createRequest(ctx, input)))).ImageId!;
    if (input.waitUntilAvailable === false) return { imageId, name: input.name, snapshotIds: [] };
    const image = await waitAvailable(ctx, imageId, input.name);
    return outputsOf(image);
  },
};

export { kind as imageKind };
