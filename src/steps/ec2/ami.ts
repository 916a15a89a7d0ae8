/**
 * `ec2.ami`: the machine image to launch. An explicit AMI id wins; otherwise
 * the newest available image of this account with `imageTags` (one another
 * runbook made), or the current image from a public SSM parameter, or, for a
 * publisher that keeps none (Fedora), the newest of its images whose name
 * matches, for the instance type's architecture (a Graviton type gets an
 * arm64 image).
 */
import { DescribeImagesCommand, DescribeInstanceTypesCommand, paginateDescribeImages, type EC2Client } from '../../aws/sdk/ec2.js';
import { collect } from '../paginate.js';
import { GetParameterCommand } from '../../aws/sdk/ssm.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { isNotFound, unlessGone } from '../../aws/errors.js';

export interface AmiInput {
  /** An explicit image; must match the instance type's architecture. */
  amiId?: string;
  instanceType: string;
  /** This account's image with these tags (the newest available), e.g. the one the qis-ami runbook made. */
  imageTags?: Record<string, string>;
  /** Public SSM parameter per architecture, e.g. Canonical's Ubuntu LTS paths. */
  parameterByArch?: { x86_64: string; arm64: string };
  /** Instead: the newest available image of this owner whose name matches the pattern (DescribeImages' `*` wildcard) and `release`, a regular expression that keeps out betas and nightlies. */
  newestNamed?: { owner: string; nameByArch: { x86_64: string; arm64: string }; release: string };
}

export interface AmiOutputs {
  imageId: string;
  imageName: string;
  architecture: string;
  rootDeviceName: string;
}

export class ImageError extends Error {
  override name = 'ImageError';
}

const kind: StepKind<AmiInput, AmiOutputs> = {
  async check(ctx, input) {
    const types = await ctx.aws.ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: [input.instanceType as never] }));
    const archs = types.InstanceTypes?.[0]?.ProcessorInfo?.SupportedArchitectures ?? [];
    const arch = archs.includes('arm64') ? 'arm64' : 'x86_64';
    let imageId = input.amiId;
    let source = 'given';
    if (!imageId && input.imageTags) {
      imageId = await taggedImage(ctx.aws.ec2, input.imageTags, arch, ctx.aws.region ?? 'the region');
      source = `tagged ${tagList(input.imageTags)}`;
    }
    if (!imageId && input.newestNamed) {
      const newest = await newestNamed(ctx, input.newestNamed, arch);
      imageId = newest.imageId;
      source = newest.source;
    }
    if (!imageId) {
      if (!input.parameterByArch) throw new ImageError('ec2.ami needs amiId, imageTags, newestNamed or parameterByArch.');
      const name = input.parameterByArch[arch];
      // The way around a region (or an endpoint, such as an emulator) that does not publish the parameter: name the image.
      const instead = `pass --param amiId=ami-... (an ${arch} image) to choose the image yourself`;
      const param = await ctx.aws.ssm.send(new GetParameterCommand({ Name: name })).catch((err: unknown) => {
        if (isNotFound(err)) throw new ImageError(`The public parameter ${name} does not exist in ${ctx.aws.region}: ${instead}.`);
        throw err;
      });
      imageId = param.Parameter?.Value;
      source = `from ${name}`;
      if (!imageId) throw new ImageError(`The public parameter ${name} has no value in ${ctx.aws.region}: ${instead}.`);
    }
    const image = (await unlessGone(() => ctx.aws.ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }))))?.Images?.[0];
    if (!image?.ImageId) throw new ImageError(`Image ${imageId} was not found in ${ctx.aws.region}.`);
    if (image.Architecture && image.Architecture !== arch)
      throw new ImageError(`Image ${imageId} is ${image.Architecture} but ${input.instanceType} runs ${arch}: choose a matching amiId or instanceType.`);
    return {
      done: true,
      outputs: { imageId: image.ImageId, imageName: image.Name ?? '', architecture: arch, rootDeviceName: image.RootDeviceName ?? '/dev/sda1' },
      evidence: [`${image.ImageId} ${image.Name ?? ''} (${arch}, ${source})`],
    };
  },
  plan: () => [],
};

const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(', ');

/** The newest available image of this account with the tags and architecture. */
async function taggedImage(ec2: EC2Client, tags: Record<string, string>, arch: string, region: string): Promise<string> {
  const filters = [...Object.entries(tags).map(([k, v]) => ({ Name: `tag:${k}`, Values: [v] })), { Name: 'state', Values: ['available'] }, { Name: 'architecture', Values: [arch] }];
  const images = await collect(paginateDescribeImages({ client: ec2 }, { Owners: ['self'], Filters: filters }), (p) => p.Images);
  const newest = images.sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''))[0];
  if (!newest?.ImageId) throw new ImageError(`This account has no available ${arch} image tagged ${tagList(tags)} in ${region}: make it first, or pass --param amiId=ami-....`);
  return newest.ImageId;
}

/** The newest release image of a publisher, by creation date: what "the current release" is when no parameter names it. */
async function newestNamed(ctx: StepContext, by: NonNullable<AmiInput['newestNamed']>, arch: 'x86_64' | 'arm64'): Promise<{ imageId: string; source: string }> {
  const pattern = by.nameByArch[arch];
  const res = await ctx.aws.ec2.send(
    new DescribeImagesCommand({ Owners: [by.owner], Filters: [{ Name: 'name', Values: [pattern] }, { Name: 'architecture', Values: [arch] }, { Name: 'state', Values: ['available'] }] }),
  );
  const release = new RegExp(by.release);
  const newest = (res.Images ?? []).filter((i) => release.test(i.Name ?? '')).sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''))[0];
  if (!newest?.ImageId) throw new ImageError(`Owner ${by.owner} has no available ${arch} image named ${pattern} in ${ctx.aws.region}: pass --param amiId=ami-... (an ${arch} image) to choose the image yourself.`);
  return { imageId: newest.ImageId, source: `the newest of owner ${by.owner}'s ${pattern}` };
}

export { kind as amiKind };
