import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeLaunchTemplatesCommand,
  ModifyLaunchTemplateCommand,
} from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { launchTemplateKind, templateData, type LaunchTemplateInput } from '../../../src/steps/ec2/launch-template.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const input: LaunchTemplateInput = {
  name: 'aq-web-v1.0.1-1',
  imageId: 'ami-0123456789abcdef0',
  instanceType: 't3.small',
  instanceProfileName: 'aquamark-web',
  securityGroupIds: ['sg-web'],
  rootVolume: { deviceName: '/dev/sda1', sizeGiB: 20 },
  publicIp: false,
};
const template = { LaunchTemplateId: 'lt-0123456789abcdef0', LaunchTemplateName: input.name, DefaultVersionNumber: 1, LatestVersionNumber: 1 };
const notFound = awsError('InvalidLaunchTemplateName.NotFoundException', 'does not exist');

describe('ec2.launchTemplate', () => {
  beforeEach(resetMocks);

  it('is done when the default version launches what is asked', async () => {
    const ctx = stepContext();
    mocks.ec2.on(DescribeLaunchTemplatesCommand).resolves({ LaunchTemplates: [template] });
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [{ VersionNumber: 1, LaunchTemplateData: templateData(input, ctx) as never }] });
    expect(await launchTemplateKind.check(ctx, input)).toMatchObject({ done: true, outputs: { launchTemplateId: 'lt-0123456789abcdef0', version: '1' } });
  });

  it('creates it (IMDSv2, encrypted gp3 root, no public address) with a ClientToken; a changed image makes a new default version', async () => {
    mocks.ec2.on(DescribeLaunchTemplatesCommand).rejectsOnce(notFound);
    mocks.ec2.on(CreateLaunchTemplateCommand).resolves({ LaunchTemplate: template });
    const ctx = stepContext();
    expect(await launchTemplateKind.check(ctx, input)).toMatchObject({ done: false });
    expect(await launchTemplateKind.apply!(ctx, input, undefined)).toEqual({ launchTemplateId: 'lt-0123456789abcdef0', version: '1' });
    const sent = mocks.ec2.commandCalls(CreateLaunchTemplateCommand)[0]!.args[0].input;
    expect(sent.ClientToken).toBe(ctx.token());
    expect(sent.LaunchTemplateData).toMatchObject({
      MetadataOptions: { HttpTokens: 'required' },
      BlockDeviceMappings: [{ Ebs: { VolumeSize: 20, VolumeType: 'gp3', Encrypted: true } }],
      NetworkInterfaces: [{ AssociatePublicIpAddress: false, Groups: ['sg-web'] }],
    });
    mocks.ec2.on(DescribeLaunchTemplatesCommand).resolves({ LaunchTemplates: [template] });
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [{ VersionNumber: 1, LaunchTemplateData: { ...(templateData(input, ctx) as object), ImageId: 'ami-old' } }] });
    mocks.ec2.on(CreateLaunchTemplateVersionCommand).resolves({ LaunchTemplateVersion: { VersionNumber: 2 } });
    const changed = await launchTemplateKind.check(ctx, input);
    if (changed.done) throw new Error('expected a new version');
    expect(await launchTemplateKind.apply!(ctx, input, changed.found)).toEqual({ launchTemplateId: 'lt-0123456789abcdef0', version: '2' });
    expect(mocks.ec2).toHaveReceivedCommandWith(ModifyLaunchTemplateCommand, { LaunchTemplateId: 'lt-0123456789abcdef0', DefaultVersion: '2' });
  });

  it('lets AWS errors through by name', async () => {
    mocks.ec2.on(CreateLaunchTemplateCommand).rejects(awsError('InvalidAMIID.NotFound', 'no image'));
    await expect(launchTemplateKind.apply!(stepContext(), input, undefined)).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
  });
});
