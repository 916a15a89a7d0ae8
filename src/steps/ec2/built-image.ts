/**
 * `ec2.builtImage`: whether a builder must still make an image. The image
 * (this account's, under its name) is built once it is available and no
 * builder instance of this runbook under the builder's name is still alive;
 * until then a later run builds (or resumes building) it. To the run that
 * made it, it stays "to build", so the run's resume answers as its start did
 * (the build's steps are kept as recorded, see `settledBy`). A step given
 * `required` fails instead: it checks, after the build, that the build is over.
 */
import { DescribeInstancesCommand } from '../../aws/sdk/ec2.js';
import { ownedByFilters, tagValue, TAG_RUN, TAG_RUNBOOK } from '../../aws/tags.js';
import type { StepKind } from '../../engine/model/step.js';
import { imageNamed } from './image.js';

export interface BuiltImageInput {
  /** The image's name, unique in the account and region. */
  name: string;
  /** The Name of the builder instance the runbook launches. */
  builderName: string;
  /** The build must be over: fail, rather than answer `build: true`. */
  required?: boolean;
}

export interface BuiltImageOutputs {
  /** Empty while there is none. */
  imageId: string;
  /** A builder must (still) make it, or finish with it. */
  build: boolean;
  /** The image's region: the run's. */
  region: string;
}

const LIVE_STATES = ['pending', 'running', 'stopping', 'stopped'];

const kind: StepKind<BuiltImageInput, BuiltImageOutputs> = {
  async check(ctx, input) {
    const image = await imageNamed(ctx, input.name);
    if (image && tagValue(image.Tags, TAG_RUNBOOK) !== ctx.runbookId)
      throw new Error(`An image named ${input.name} (${image.ImageId}) exists that runbook ${ctx.runbookId} did not make: choose another imageName, or deregister it.`);
    const filters = [...ownedByFilters(ctx.runbookId, input.builderName), { Name: 'instance-state-name', Values: LIVE_STATES }];
    const builders = ((await ctx.aws.ec2.send(new DescribeInstancesCommand({ Filters: filters }))).Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId);
    const available = image?.State === 'available';
    const evidence = [image ? `image ${image.ImageId} ${input.name} is ${image.State}` : `no image named ${input.name}`, builders.length ? `builder ${builders.join(', ')} is alive` : `no builder ${input.builderName} is alive`];
    const over = available && builders.length === 0;
    const region = ctx.aws.region ?? '';
    if (input.required) {
      if (!over) return { done: false, reason: `The build of ${input.name} is not over: ${evidence.join('; ')}.`, evidence };
      return { done: true, outputs: { imageId: image.ImageId!, build: false, region }, evidence };
    }
    const build = !over || tagValue(image.Tags, TAG_RUN) === ctx.runId;
    return { done: true, outputs: { imageId: build ? '' : image.ImageId!, build, region }, evidence };
  },
  plan: () => [],
};

export { kind as builtImageKind };
