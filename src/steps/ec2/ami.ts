/**
 * `ec2.ami`: the machine image to launch. An explicit AMI id wins; otherwise
 * the current image from a public SSM parameter, for the instance type's
 * architecture (a Graviton type gets an arm64 image).
 */
import { DescribeImagesCommand, DescribeInstanceTypesCommand } from '../../aws/sdk/ec2.js';
import { GetParameterCommand } from '../../aws/sdk/ssm.js';
import { type StepKind } from '../../engine/model/step.js';
import { isNotFound, unlessGone } from '../../aws/errors.js';

export interface AmiInput {
  /** An explicit image; must match the instance type's architecture. */
  amiId?: string;
  instanceType: string;
  /** Public SSM parameter per architecture, e.g. Canonical's Ubuntu LTS paths. */
  parameterByArch: { x86_64: string; arm64: string };
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
    if (!imageId) {
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

export { kind as amiKind };
