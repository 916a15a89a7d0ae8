/**
 * How a simulated Auto Scaling group launches: one RunInstances per missing
 * instance, from its launch template version, in its subnets in turn, tagged
 * with the group's propagated tags and `aws:autoscaling:groupName`, and
 * registered in its target groups and classic load balancers.
 */
import type { RunInstancesCommandInput } from '@aws-sdk/client-ec2';
import type { AutoScalingGroup } from '../../account/state.js';
import type { OperationContext } from '../lib/context.js';
import { instances } from '../ec2/instances.js';
import { termination } from '../ec2/termination.js';
import { launchTemplateOf, versionOf } from '../ec2/launch-templates.js';
import { registerTarget } from '../elbv2/target-health.js';
import { deregisterInstance, registerInstance } from '../elb/instances.js';

type NetworkInterface = NonNullable<RunInstancesCommandInput['NetworkInterfaces']>[number];

function runInput(group: AutoScalingGroup, data: Record<string, unknown>, subnetId: string): RunInstancesCommandInput {
  const { NetworkInterfaces, SecurityGroupIds, TagSpecifications, ...rest } = data as Partial<RunInstancesCommandInput>;
  const tags = [...group.Tags.filter((t) => t.PropagateAtLaunch).map(({ Key, Value }) => ({ Key, Value })), { Key: 'aws:autoscaling:groupName', Value: group.AutoScalingGroupName }];
  const specs = [...(TagSpecifications ?? []).filter((s) => s.ResourceType !== 'instance'), { ResourceType: 'instance' as const, Tags: [...(TagSpecifications?.find((s) => s.ResourceType === 'instance')?.Tags ?? []), ...tags] }];
  const nic: NetworkInterface | undefined = NetworkInterfaces?.find((n) => (n.DeviceIndex ?? 0) === 0);
  return {
    ...rest,
    MinCount: 1,
    MaxCount: 1,
    TagSpecifications: specs,
    ...(nic ? { NetworkInterfaces: [{ ...nic, DeviceIndex: 0, SubnetId: subnetId }] } : { SubnetId: subnetId, SecurityGroupIds }),
  };
}

/** Launches instances until the group has DesiredCapacity of them. */
export async function fillGroup(ctx: OperationContext, group: AutoScalingGroup): Promise<void> {
  const template = launchTemplateOf(ctx, group.LaunchTemplate.LaunchTemplateId, undefined);
  const version = versionOf(template, group.LaunchTemplate.Version);
  while (group.instanceIds.length < group.DesiredCapacity) {
    const subnetId = group.subnetIds[group.instanceIds.length % group.subnetIds.length]!;
    const call = { ...ctx.call, service: 'ec2', operation: 'RunInstances', input: { ...runInput(group, version.data, subnetId) } };
    const reply = (await instances.RunInstances!({ ...ctx, call })) as { Instances?: { InstanceId?: string }[] };
    const instanceId = reply.Instances?.[0]?.InstanceId;
    if (!instanceId) break;
    group.instanceIds.push(instanceId);
    for (const arn of group.TargetGroupARNs) {
      const tg = ctx.region.targetGroups?.[arn];
      if (tg) registerTarget(tg, instanceId, ctx.now);
    }
    for (const name of group.LoadBalancerNames ?? []) {
      const lb = ctx.region.classicLoadBalancers?.[name];
      if (lb) registerInstance(lb, instanceId, ctx.now);
    }
  }
}

/** The group scales in: its newest instances go, deregistered from its target groups. */
export async function shrinkGroup(ctx: OperationContext, group: AutoScalingGroup): Promise<void> {
  while (group.instanceIds.length > group.DesiredCapacity) await removeInstance(ctx, group, group.instanceIds.at(-1)!);
}

/** Deregistered from the group's target groups and load balancers, then terminated as TerminateInstances does. */
export async function removeInstance(ctx: OperationContext, group: AutoScalingGroup, instanceId: string): Promise<void> {
  group.instanceIds = group.instanceIds.filter((id) => id !== instanceId);
  for (const arn of group.TargetGroupARNs) delete ctx.region.targetGroups?.[arn]?.targets[instanceId];
  for (const name of group.LoadBalancerNames ?? []) {
    const lb = ctx.region.classicLoadBalancers?.[name];
    if (lb) deregisterInstance(lb, instanceId);
  }
  if (!ctx.region.instances[instanceId]) return;
  await termination.TerminateInstances!({ ...ctx, call: { ...ctx.call, service: 'ec2', operation: 'TerminateInstances', input: { InstanceIds: [instanceId] } } });
}
