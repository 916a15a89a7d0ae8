import { DescribeImagesCommand, DescribeInstanceTypesCommand } from '../../../src/aws/sdk/ec2.js';
import { GetParameterCommand } from '../../../src/aws/sdk/ssm.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { amiKind, ImageError, type AmiInput } from '../../../src/steps/ec2/ami.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';
import { ami } from '../../../src/steps/ec2/index.js';

const parameterByArch = { x86_64: '/ubuntu/amd64/ami-id', arm64: '/ubuntu/arm64/ami-id' };
const input: AmiInput = { instanceType: 't3.small', parameterByArch };

function instanceType(...archs: string[]): void {
  mocks.ec2.on(DescribeInstanceTypesCommand).resolves({ InstanceTypes: [{ ProcessorInfo: { SupportedArchitectures: archs as never } }] });
}

describe('ec2.ami', () => {
  beforeEach(resetMocks);

  it('takes the current image from the public parameter for the type\'s architecture', async () => {
    instanceType('i386', 'x86_64');
    mocks.ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'ami-0x86' } });
    mocks.ec2.on(DescribeImagesCommand).resolves({ Images: [{ ImageId: 'ami-0x86', Name: 'ubuntu-noble', Architecture: 'x86_64', RootDeviceName: '/dev/sda1' }] });

    const result = await amiKind.check(stepContext(), input);

    expect(result).toEqual({
      done: true,
      outputs: { imageId: 'ami-0x86', imageName: 'ubuntu-noble', architecture: 'x86_64', rootDeviceName: '/dev/sda1' },
      evidence: ['ami-0x86 ubuntu-noble (x86_64, from /ubuntu/amd64/ami-id)'],
    });
    expect(mocks.ssm.commandCalls(GetParameterCommand)[0]!.args[0].input).toEqual({ Name: '/ubuntu/amd64/ami-id' });
    expect(mocks.ec2.commandCalls(DescribeInstanceTypesCommand)[0]!.args[0].input).toEqual({ InstanceTypes: ['t3.small'] });
    expect(ami('x', { covers: '1' } as never).mutating).toBe(false);
    expect(amiKind.plan(input, undefined)).toEqual([]);
  });

  it('chooses the arm64 parameter for a Graviton type', async () => {
    instanceType('arm64');
    mocks.ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'ami-0arm' } });
    mocks.ec2.on(DescribeImagesCommand).resolves({ Images: [{ ImageId: 'ami-0arm', Architecture: 'arm64' }] });

    const result = await amiKind.check(stepContext(), { ...input, instanceType: 't4g.small' });

    expect(result).toMatchObject({ done: true, outputs: { imageId: 'ami-0arm', architecture: 'arm64', rootDeviceName: '/dev/sda1', imageName: '' } });
    expect(mocks.ssm.commandCalls(GetParameterCommand)[0]!.args[0].input).toEqual({ Name: '/ubuntu/arm64/ami-id' });
  });

  it('uses a given AMI without reading the parameter, and refuses one of the wrong architecture', async () => {
    instanceType('arm64');
    mocks.ec2.on(DescribeImagesCommand).resolves({ Images: [{ ImageId: 'ami-0given', Architecture: 'x86_64' }] });

    await expect(amiKind.check(stepContext(), { ...input, amiId: 'ami-0given', instanceType: 't4g.small' })).rejects.toThrow(
      'Image ami-0given is x86_64 but t4g.small runs arm64: choose a matching amiId or instanceType.',
    );
    expect(mocks.ssm.commandCalls(GetParameterCommand)).toHaveLength(0);
    expect(mocks.ec2.commandCalls(DescribeImagesCommand)[0]!.args[0].input).toEqual({ ImageIds: ['ami-0given'] });
  });

  it('explains a parameter without a value and an image that is not listed', async () => {
    instanceType('x86_64');
    mocks.ssm.on(GetParameterCommand).resolves({ Parameter: {} });
    await expect(amiKind.check(stepContext(), input)).rejects.toThrow(new ImageError('The public parameter /ubuntu/amd64/ami-id has no value in us-east-1: pass --param amiId=ami-... (an x86_64 image) to choose the image yourself.'));

    mocks.ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    await expect(amiKind.check(stepContext(), { ...input, amiId: 'ami-0gone' })).rejects.toThrow('Image ami-0gone was not found in us-east-1.');
  });

  it('says that --param amiId is the way around a region or endpoint without the public parameter', async () => {
    instanceType('x86_64');
    mocks.ssm.on(GetParameterCommand).rejects(awsError('ParameterNotFound', 'Parameter /ubuntu/amd64/ami-id not found.'));
    await expect(amiKind.check(stepContext(), input)).rejects.toThrow(
      new ImageError('The public parameter /ubuntu/amd64/ami-id does not exist in us-east-1: pass --param amiId=ami-... (an x86_64 image) to choose the image yourself.'),
    );
  });

  it('passes AWS errors on', async () => {
    const denied = awsError('UnauthorizedOperation');
    mocks.ec2.on(DescribeInstanceTypesCommand).rejects(denied);
    await expect(amiKind.check(stepContext(), input)).rejects.toBe(denied);

    instanceType('x86_64');
    mocks.ssm.on(GetParameterCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform ssm:GetParameter'));
    await expect(amiKind.check(stepContext(), input)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(mocks.ec2.commandCalls(DescribeImagesCommand)).toHaveLength(0);
  });
});

describe('ec2.ami, newest by name', () => {
  beforeEach(resetMocks);
  const newestNamed = { owner: '125523088429', nameByArch: { x86_64: 'Fedora-Cloud-Base-AmazonEC2.x86_64-*', arm64: 'Fedora-Cloud-Base-AmazonEC2.aarch64-*' }, release: '^Fedora-Cloud-Base-AmazonEC2\\.[a-z0-9_]+-\\d+-' };
  const fedora = { instanceType: 't3.small', newestNamed };

  it('takes the newest release of the owner for the architecture, passing over a nightly', async () => {
    instanceType('x86_64');
    mocks.ec2.on(DescribeImagesCommand, { Owners: ['125523088429'] } as never).resolves({
      Images: [
        { ImageId: 'ami-041', Name: 'Fedora-Cloud-Base-AmazonEC2.x86_64-41-1.4-hvm', CreationDate: '2025-10-01T00:00:00.000Z' },
        { ImageId: 'ami-0raw', Name: 'Fedora-Cloud-Base-AmazonEC2.x86_64-Rawhide-20261102.n.0-hvm', CreationDate: '2026-11-02T00:00:00.000Z' },
        { ImageId: 'ami-042', Name: 'Fedora-Cloud-Base-AmazonEC2.x86_64-42-1.1-hvm', CreationDate: '2026-04-15T00:00:00.000Z' },
      ],
    });
    mocks.ec2.on(DescribeImagesCommand, { ImageIds: ['ami-042'] } as never).resolves({ Images: [{ ImageId: 'ami-042', Name: 'Fedora-Cloud-Base-AmazonEC2.x86_64-42-1.1-hvm', Architecture: 'x86_64', RootDeviceName: '/dev/sda1' }] });
    const result = await amiKind.check(stepContext(), fedora);
    expect(result).toMatchObject({ done: true, outputs: { imageId: 'ami-042', architecture: 'x86_64' }, evidence: [expect.stringContaining("the newest of owner 125523088429's Fedora-Cloud-Base-AmazonEC2.x86_64-*")] });
    expect(mocks.ec2).toHaveReceivedCommandWith(DescribeImagesCommand, {
      Owners: ['125523088429'],
      Filters: [
        { Name: 'name', Values: ['Fedora-Cloud-Base-AmazonEC2.x86_64-*'] },
        { Name: 'architecture', Values: ['x86_64'] },
        { Name: 'state', Values: ['available'] },
      ],
    });
    expect(mocks.ssm.commandCalls(GetParameterCommand)).toHaveLength(0);
  });

  it('says how to choose the image when the owner has none here, and prefers a given one', async () => {
    instanceType('x86_64');
    mocks.ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    await expect(amiKind.check(stepContext(), fedora)).rejects.toThrow(/Owner 125523088429 has no available x86_64 image named Fedora-Cloud-Base-AmazonEC2.x86_64-\* in us-east-1: pass --param amiId=ami-/);
    mocks.ec2.on(DescribeImagesCommand).resolves({ Images: [{ ImageId: 'ami-0base', Architecture: 'x86_64' }] });
    expect(await amiKind.check(stepContext(), { ...fedora, amiId: 'ami-0base' })).toMatchObject({ done: true, outputs: { imageId: 'ami-0base' } });
  });
});

describe('ec2.ami by tags', () => {
  beforeEach(resetMocks);
  const tagged: AmiInput = { instanceType: 't3.small', imageTags: { Name: 'qis', 'runbook:runbook': 'qis-ami' } };

  it("takes this account's newest available image with the tags", async () => {
    instanceType('x86_64');
    mocks.ec2
      .on(DescribeImagesCommand, { Owners: ['self'] })
      .resolves({ Images: [{ ImageId: 'ami-old', CreationDate: '2026-01-01T00:00:00.000Z' }, { ImageId: 'ami-new', CreationDate: '2026-02-01T00:00:00.000Z' }] });
    mocks.ec2.on(DescribeImagesCommand, { ImageIds: ['ami-new'] }).resolves({ Images: [{ ImageId: 'ami-new', Name: 'qis', Architecture: 'x86_64', RootDeviceName: '/dev/sda1' }] });
    const result = await amiKind.check(stepContext(), tagged);
    expect(result).toMatchObject({ done: true, outputs: { imageId: 'ami-new' }, evidence: ['ami-new qis (x86_64, tagged Name=qis, runbook:runbook=qis-ami)'] });
    expect(mocks.ec2.commandCalls(DescribeImagesCommand)[0]!.args[0].input.Filters).toEqual([
      { Name: 'tag:Name', Values: ['qis'] },
      { Name: 'tag:runbook:runbook', Values: ['qis-ami'] },
      { Name: 'state', Values: ['available'] },
      { Name: 'architecture', Values: ['x86_64'] },
    ]);
    expect(mocks.ssm).not.toHaveReceivedCommand(GetParameterCommand);
  });

  it('says what to do when no image has the tags', async () => {
    instanceType('x86_64');
    mocks.ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    await expect(amiKind.check(stepContext(), tagged)).rejects.toThrow(/no available x86_64 image tagged Name=qis, runbook:runbook=qis-ami .*--param amiId/);
  });

  it('lets AWS errors through by name', async () => {
    instanceType('x86_64');
    mocks.ec2.on(DescribeImagesCommand).rejects(awsError('UnauthorizedOperation', 'not allowed'));
    await expect(amiKind.check(stepContext(), tagged)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });
});
