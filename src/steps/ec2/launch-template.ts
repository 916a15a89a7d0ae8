/**
 * `ec2.launchTemplate`: a launch template with this name whose default
 * version launches what is asked: the image, type and instance profile,
 * IMDSv2 only, an encrypted gp3 root volume, these security groups, and a
 * public address only when asked. A template whose default version differs
 * gets a new version made the default (versions are never edited), so the
 * groups that use `$Default` launch the new one. Both creates carry a
 * ClientToken, so a resume never makes a twin.
 */
import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeLaunchTemplatesCommand,
  ModifyLaunchTemplateCommand,
  type LaunchTemplate,
  type RequestLaunchTemplateData,
  type ResponseLaunchTemplateData,
} from '../../aws/sdk/ec2.js';
import { type PlanContext, type StepContext, type StepKind } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import { plannedTags, tagSpecifications } from '../../aws/tags.js';

export interface LaunchTemplateInput {
  name: string;
  imageId: string;
  instanceType: string;
  instanceProfileName: string;
  securityGroupIds: string[];
  rootVolume: { deviceName: string; sizeGiB: number };
  /** A public address on each instance: only for subnets without NAT. */
  publicIp: boolean;
}

export interface LaunchTemplateOutputs {
  launchTemplateId: string;
  /** The default version, as a number (what the group was pointed at). */
  version: string;
}

interface Found {
  launchTemplateId: string;
}

export async function findLaunchTemplate(ctx: StepContext, name: string): Promise<LaunchTemplate | undefined> {
  try {
    return (await ctx.aws.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [name] }))).LaunchTemplates?.[0];
  } catch (err) {
    if (hasErrorName(err, 'InvalidLaunchTemplateName.NotFoundException', 'InvalidLaunchTemplateId.NotFound')) return undefined;
    throw err;
  }
}

export function templateData(input: LaunchTemplateInput, ctx: PlanContext | undefined): RequestLaunchTemplateData {
  const tags = plannedTags(ctx, input.name);
  return {
    ImageId: input.imageId,
    InstanceType: input.instanceType as RequestLaunchTemplateData['InstanceType'],
    IamInstanceProfile: { Name: input.instanceProfileName },
    MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 2 },
    BlockDeviceMappings: [{ DeviceName: input.rootVolume.deviceName, Ebs: { VolumeSize: input.rootVolume.sizeGiB, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true } }],
    NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: input.publicIp, Groups: input.securityGroupIds, DeleteOnTermination: true }],
    TagSpecifications: [...tagSpecifications('instance', tags), ...tagSpecifications('volume', tags)],
  };
}

/** What decides whether a version launches what is asked, in one comparable line. */
export function templateSummary(data: RequestLaunchTemplateData | ResponseLaunchTemplateData | undefined): string {
  const root = data?.BlockDeviceMappings?.[0];
  const nic = data?.NetworkInterfaces?.[0];
  return [
    data?.ImageId,
    data?.InstanceType,
    data?.IamInstanceProfile?.Name,
    `imds ${data?.MetadataOptions?.HttpTokens}`,
    `${root?.DeviceName} ${root?.Ebs?.VolumeSize} GiB ${root?.Ebs?.VolumeType}${root?.Ebs?.Encrypted ? ' encrypted' : ''}`,
    `groups ${[...(nic?.Groups ?? [])].sort().join(' ')}`,
    nic?.AssociatePublicIpAddress ? 'public address' : 'no public address',
  ].join(', ');
}

async function defaultSummary(ctx: StepContext, t: LaunchTemplate): Promise<string> {
  const v = (await ctx.aws.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: t.LaunchTemplateId, Versions: ['$Default'] }))).LaunchTemplateVersions?.[0];
  return templateSummary(v?.LaunchTemplateData);
}

const kind: StepKind<LaunchTemplateInput, LaunchTemplateOutputs, Found> = {
  async check(ctx, input) {
    const t = await findLaunchTemplate(ctx, input.name);
    if (!t) return { done: false, reason: `No launch template ${input.name} yet.` };
    const has = await defaultSummary(ctx, t);
    const want = templateSummary(templateData(input, ctx));
    if (has !== want) return { done: false, reason: `Launch template ${input.name} version ${t.DefaultVersionNumber} launches ${has}; wanted ${want}.`, found: { launchTemplateId: t.LaunchTemplateId! } };
    return { done: true, outputs: { launchTemplateId: t.LaunchTemplateId!, version: String(t.DefaultVersionNumber) }, evidence: [`${input.name} (${t.LaunchTemplateId}) version ${t.DefaultVersionNumber}: ${has}`] };
  },
  plan: (input, found, ctx) =>
    found
      ? [
          { service: 'ec2', operation: 'CreateLaunchTemplateVersion', input: { LaunchTemplateId: found.launchTemplateId, LaunchTemplateData: templateData(input, ctx) } },
          { service: 'ec2', operation: 'ModifyLaunchTemplate', input: { LaunchTemplateId: found.launchTemplateId, DefaultVersion: '<new version>' } },
        ]
      : [{ service: 'ec2', operation: 'CreateLaunchTemplate', input: { LaunchTemplateName: input.name, LaunchTemplateData: templateData(input, ctx), TagSpecifications: tagSpecifications('launch-template', plannedTags(ctx, input.name)) } }],
  async apply(ctx, input, found) {
    const data = templateData(input, ctx);
    if (!found) {
      const made = await ctx.aws.ec2.send(
        new CreateLaunchTemplateCommand({ LaunchTemplateName: input.name, LaunchTemplateData: data, ClientToken: ctx.token(), TagSpecifications: tagSpecifications('launch-template', ctx.tags(input.name)) }),
      );
      return { launchTemplateId: made.LaunchTemplate?.LaunchTemplateId ?? '', version: String(made.LaunchTemplate?.DefaultVersionNumber ?? 1) };
    }
    const v = await ctx.aws.ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: found.launchTemplateId, LaunchTemplateData: data, ClientToken: ctx.token('-version') }));
    const version = String(v.LaunchTemplateVersion?.VersionNumber ?? '');
    await ctx.aws.ec2.send(new ModifyLaunchTemplateCommand({ LaunchTemplateId: found.launchTemplateId, DefaultVersion: version }));
    return { launchTemplateId: found.launchTemplateId, version };
  },
};

export { kind as launchTemplateKind };
