/**
 * `autoscaling.currentGroup`: the Auto Scaling group that serves now, by
 * name, with what a successor needs: its launch template and version, the
 * image that version launches, its target groups, subnets and sizes. The
 * same answer before, during and after a swap: once the successor exists it
 * is read instead, and its version leads back to the one it copies.
 * Read-only. Once the successor named in `orElse` exists (an upgrade made
 * it), it is the one read: it copies the former's launch template, subnets,
 * sizes and target groups, and keeps them while the former is detached and
 * retired, so a run resumed mid-swap or made again reads the same.
 */
import { DescribeLaunchTemplateVersionsCommand } from '../../aws/sdk/ec2.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { copiedVersion } from '../ec2/launch-template-version.js';
import { findGroup } from './find.js';

export interface CurrentGroupInput {
  name: string;
  /** The group that takes over from `name` (the upgrade's new group): read instead once it exists. */
  orElse?: string;
}

export interface CurrentGroupOutputs {
  name: string;
  launchTemplateId: string;
  launchTemplateVersion: string;
  imageId: string;
  targetGroupArns: string[];
  subnets: string;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  healthCheckGracePeriodSeconds: number;
  /** One of its subnets, for an instance made like the group's (a build instance). */
  subnetId: string;
  /** What its version launches with. */
  securityGroupIds: string[];
  instanceProfileName: string;
  rootDeviceName: string;
  rootVolumeGiB: number;
}

type Launches = Pick<CurrentGroupOutputs, 'imageId' | 'securityGroupIds' | 'instanceProfileName' | 'rootDeviceName' | 'rootVolumeGiB'>;

async function versionOf(ctx: StepContext, launchTemplateId: string, version: string) {
  return (await ctx.aws.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: launchTemplateId, Versions: [version] }))).LaunchTemplateVersions?.[0];
}

async function launchesOf(ctx: StepContext, launchTemplateId: string, version: string): Promise<Launches> {
  const v = await versionOf(ctx, launchTemplateId, version);
  const data = v?.LaunchTemplateData;
  if (!data?.ImageId) throw new Error(`Launch template ${launchTemplateId} version ${version} names no image.`);
  const root = data.BlockDeviceMappings?.[0];
  return {
    imageId: data.ImageId,
    securityGroupIds: data.NetworkInterfaces?.[0]?.Groups ?? data.SecurityGroupIds ?? [],
    instanceProfileName: data.IamInstanceProfile?.Name ?? '',
    rootDeviceName: root?.DeviceName ?? '/dev/sda1',
    rootVolumeGiB: root?.Ebs?.VolumeSize ?? 20,
  };
}

const kind: StepKind<CurrentGroupInput, CurrentGroupOutputs> = {
  async check(ctx, input) {
    const successor = input.orElse ? await findGroup(ctx, input.orElse) : undefined;
    const g = successor ?? (await findGroup(ctx, input.name));
    if (!g) throw new Error(`No Auto Scaling group ${input.name}${input.orElse ? ` (nor ${input.orElse})` : ''} in ${ctx.aws.region}: name the group that serves now.`);
    const template = g.LaunchTemplate ?? g.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
    if (!template?.LaunchTemplateId) throw new Error(`Auto Scaling group ${g.AutoScalingGroupName} launches from no launch template (a launch configuration?): this runbook upgrades groups made from a launch template.`);
    const own = template.Version ?? '$Default';
    // The successor's version names the one it copies: the answer stays the former group's.
    const version = (successor && copiedVersion((await versionOf(ctx, template.LaunchTemplateId, own))?.VersionDescription)) || own;
    const outputs: CurrentGroupOutputs = {
      name: input.name,
      launchTemplateId: template.LaunchTemplateId,
      launchTemplateVersion: version,
      ...(await launchesOf(ctx, template.LaunchTemplateId, version)),
      targetGroupArns: g.TargetGroupARNs ?? [],
      subnets: g.VPCZoneIdentifier ?? '',
      minSize: g.MinSize ?? 0,
      maxSize: g.MaxSize ?? 0,
      desiredCapacity: g.DesiredCapacity ?? 0,
      healthCheckGracePeriodSeconds: g.HealthCheckGracePeriod ?? 300,
      subnetId: (g.VPCZoneIdentifier ?? '').split(',')[0]!.trim(),
    };
    return {
      done: true,
      outputs,
      evidence: [
        `${input.name}: ${template.LaunchTemplateId} version ${version} (image ${outputs.imageId}), target groups ${outputs.targetGroupArns.join(', ') || 'none'}${successor ? `; read through its successor ${g.AutoScalingGroupName} (version ${own})` : `, ${g.Instances?.length ?? 0} instance(s)`}`,
      ],
    };
  },
  plan: () => [],
};

export { kind as currentGroupKind };
