/**
 * `ec2.imageCopy`: an image copied to every region of a list, side by side.
 * Each copy is pulled from its destination region (CopyImage is sent there,
 * naming the source region), encrypted, tagged as it is made, and waited
 * for. A copy is found again by its tags (this runbook, and the source image
 * it was copied from), so a second run copies nothing; CopyImage's
 * ClientToken (one per region, stable across a resume) keeps a resume whose
 * copy was never recorded from making a twin.
 */
import { CopyImageCommand, CreateTagsCommand, DescribeImagesCommand, type Image } from '../../aws/sdk/ec2.js';
import type { PlanContext, StepContext, StepKind } from '../../engine/model/step.js';
import { ownedByFilters, plannedTags, tagSpecifications, tagValue, type Tag } from '../../aws/tags.js';
import { findOne } from '../find-one.js';
import { IMAGE_NAME, waitAvailable } from './image.js';

/** On a copy: `<source region>/<source image id>`, what a later run finds it by. */
export const TAG_SOURCE_IMAGE = 'runbook:source-image';

export interface ImageCopyInput {
  sourceImageId: string;
  sourceRegion: string;
  /** Destination regions, a list or comma-separated; the source region among them is the image itself. */
  regions: string[] | string;
  /** The copies' name (the source image's, so every region knows the image by one name). */
  name: string;
  description?: string;
}

export interface ImageCopyOutputs {
  /** The image id in each region of the list, the source region's included. */
  imageIds: Record<string, string>;
}

interface Found {
  /** Per destination: the copy when it exists (pending or available). */
  copies: Record<string, Image | undefined>;
}

/** The step in another region: same run, tags and tokens, that region's clients. */
export function inRegion(ctx: StepContext, region: string): StepContext {
  return Object.create(ctx, { aws: { value: ctx.aws.inRegion(region) } }) as StepContext;
}

/** The input with its regions a list. */
type Resolved = ImageCopyInput & { regions: string[] };

export function resolved<I extends Pick<ImageCopyInput, 'regions'>>(input: I): I & { regions: string[] } {
  const regions = typeof input.regions === 'string' ? input.regions.split(',').map((r) => r.trim()).filter(Boolean) : [...input.regions];
  return { ...input, regions };
}

export const destinations = (input: Pick<ImageCopyInput, 'sourceRegion'> & { regions: string[] }) => [...new Set(input.regions)].filter((r) => r !== input.sourceRegion);

const sourceTag = (input: Resolved): Tag => ({ Key: TAG_SOURCE_IMAGE, Value: `${input.sourceRegion}/${input.sourceImageId}` });

const copyTags = (ctx: PlanContext | undefined, input: Resolved) => [...plannedTags(ctx, input.name), sourceTag(input)];

/** This runbook's copy of the source image in `region`, by its tags. */
async function copyIn(ctx: StepContext, region: string, input: Resolved): Promise<Image | undefined> {
  const filters = [...ownedByFilters(ctx.runbookId), { Name: `tag:${TAG_SOURCE_IMAGE}`, Values: [sourceTag(input).Value] }];
  const res = await ctx.aws.inRegion(region).ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: filters }));
  return findOne(res.Images ?? [], `copies of ${input.sourceImageId} in ${region}`, (i) => i.ImageId, 'deregister the extra ones first');
}

const request = (ctx: PlanContext | undefined, input: Resolved, token: string) => ({
  SourceImageId: input.sourceImageId,
  SourceRegion: input.sourceRegion,
  Name: input.name,
  Description: input.description ?? `${input.name}, copied from ${input.sourceRegion}`,
  // The builder's volumes are encrypted; a copy of an encrypted image must be, with the region's default EBS key.
  Encrypted: true,
  ClientToken: token,
  TagSpecifications: [...tagSpecifications('image' as const, copyTags(ctx, input)), ...tagSpecifications('snapshot' as const, copyTags(ctx, input))],
});

async function copyTo(ctx: StepContext, input: Resolved, region: string, existing: Image | undefined): Promise<[string, string]> {
  const here = inRegion(ctx, region);
  const imageId = existing?.ImageId ?? (await here.aws.ec2.send(new CopyImageCommand(request(ctx, input, ctx.token(region))))).ImageId!;
  const image = await waitAvailable(here, imageId, `${input.name} in ${region}`);
  // An endpoint that drops CopyImage's TagSpecifications (moto does) leaves the copy untagged: without the tags a second run could not find it.
  if (tagValue(image.Tags, TAG_SOURCE_IMAGE) !== sourceTag(input).Value) await here.aws.ec2.send(new CreateTagsCommand({ Resources: [imageId], Tags: copyTags(ctx, input) }));
  return [region, imageId];
}

const kind: StepKind<ImageCopyInput, ImageCopyOutputs, Found> = {
  async check(ctx, given) {
    const input = resolved(given);
    if (!IMAGE_NAME.test(input.name)) throw new Error(`Image name ${JSON.stringify(input.name)} is not one EC2 accepts: 3-128 letters, digits, spaces and ( ) [ ] . / - ' @ _.`);
    const regions = destinations(input);
    const copies = Object.fromEntries(await Promise.all(regions.map(async (r) => [r, await copyIn(ctx, r, input)] as const)));
    const evidence = regions.map((r) => `${r}: ${copies[r] ? `${copies[r].ImageId} (${copies[r].State})` : 'no copy yet'}`);
    const lacking = regions.filter((r) => copies[r]?.State !== 'available');
    if (lacking.length) return { done: false, reason: `No available copy of ${input.sourceImageId} yet in ${lacking.join(', ')}.`, found: { copies }, evidence };
    return { done: true, outputs: { imageIds: { [input.sourceRegion]: input.sourceImageId, ...Object.fromEntries(regions.map((r) => [r, copies[r]!.ImageId!])) } }, evidence };
  },
  plan: (given, found, ctx) => {
    const input = resolved(given);
    return destinations(input)
      .filter((r) => !found?.copies[r])
      .map((r) => ({ service: 'ec2', operation: 'CopyImage', input: request(ctx, input, `<token ${r}>`), note: `sent in ${r}, pulling from ${input.sourceRegion}; then waits until it is available` }));
  },
  async apply(ctx, given, found) {
    const input = resolved(given);
    // Side by side: each region's copy is its own call and its own wait.
    const ids = await Promise.all(destinations(input).map((r) => copyTo(ctx, input, r, found?.copies[r])));
    return { imageIds: { [input.sourceRegion]: input.sourceImageId, ...Object.fromEntries(ids) } };
  },
};

export { kind as imageCopyKind };
