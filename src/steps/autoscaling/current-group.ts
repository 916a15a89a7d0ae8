/**
 * `autoscaling.currentGroup`: the Auto Scaling group that serves now, by
 * name, with what a successor needs: its launch template and version, the
 * image that version launches, its target groups, subnets and sizes.
 * Read-only. Once an upgrade has retired the group, the successor named in
 * `orElse` is the one that serves, so a run made again reads that one.
 */
import { DescribeLaunchTemplateVersionsCommand } from '../../aws/sdk/ec2.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { findGroup } from './find.js';

export interface CurrentGroupInput {
  name: string;
  /** The group that serves once `name` is retired (the upgrade's new group). */
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
  instanceIds: string[];
  /** One of its subnets, for an instance made like the group's (a build instance). */
  subnetId: string;
  /** What its version launches with. */
  securityGroupIds: string[];
  instanceProfileName: string;
  rootDeviceName: string;
  rootVolumeGiB: number;
}

type Launches = Pick<CurrentGroupOutputs, 'imageId' | 'securityGroupIds' | 'instanceProfileName' | 'rootDeviceName' | 'rootVolumeGiB'>;

async function launchesOf(ctx: StepContext, launchTemplateId: string, version: string): Promise<Launches> {
  const v = (await ctx.aws.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: launchTemplateId, Versions: [version] }))).LaunchTemplateVersions?.[0];
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
    const g = (await findGroup(ctx, input.name)) ?? (input.orElse ? await findGroup(ctx, input.orElse) : undefined);
    if (!g) throw new Error(`No Auto Scaling group ${input.name}${input.orElse ? ` (nor ${input.orElse})` : ''} in ${ctx.aws.region}: name the group that serves now.`);
    const template = g.LaunchTemplate ?? g.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
    if (!template?.LaunchTemplateId) throw new Error(`Auto Scaling group ${g.AutoScalingGroupName} launches from no launch template (a launch configuration?): this runbook upgrades groups made from a launch template.`);
    const version = template.Version ?? '$Default';
    const outputs: CurrentGroupOutputs = {
      name: g.AutoScalingGroupName!,
      launchTemplateId: template.LaunchTemplateId,
      launchTemplateVersion: version,
      ...(await launchesOf(ctx, template.LaunchTemplateId, version)),
      targetGroupArns: g.TargetGroupARNs ?? [],
      subnets: g.VPCZoneIdentifier ?? '',
      minSize: g.MinSize ?? 0,
      maxSize: g.MaxSize ?? 0,
      desiredCapacity: g.DesiredCapacity ?? 0,
      healthCheckGracePeriodSeconds: g.HealthCheckGracePeriod ?? 300,
      instanceIds: (g.Instances ?? []).map((i) => i.InstanceId!),
      subnetId: (g.VPCZoneIdentifier ?? '').split(',')[0]!.trim(),
    };
    return {
      done: true,
      outputs,
      evidence: [`${outputs.name}: ${template.LaunchTemplateId} version ${version} (image ${outputs.imageId}), ${outputs.instanceIds.length} instance(s), target groups ${outputs.targetGroupArns.join(', ') || 'none'}`],
    };
  },
  plan: () => [],
};

export { kind as currentGroupKind };
