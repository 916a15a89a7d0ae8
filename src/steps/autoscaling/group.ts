/**
 * `autoscaling.group`: an Auto Scaling group with this name launching from a
 * launch template version, in these subnets, with these sizes, attached to
 * the target groups and classic load balancers, with ELB health checks; the
 * step waits until the desired count of its instances is InService and
 * healthy in every target group and InService in every load balancer. CreateAutoScalingGroup has no token: the name is the key, and a
 * group a crashed run made is found by it. A group that differs is updated
 * (UpdateAutoScalingGroup, AttachLoadBalancerTargetGroups, AttachLoadBalancers), never replaced.
 */
import { AttachLoadBalancersCommand, AttachLoadBalancerTargetGroupsCommand, CreateAutoScalingGroupCommand, UpdateAutoScalingGroupCommand, type AutoScalingGroup } from '../../aws/sdk/autoscaling.js';
import { DescribeTargetHealthCommand } from '../../aws/sdk/elbv2.js';
import { DescribeInstanceHealthCommand } from '../../aws/sdk/elb.js';
import { type PlanContext, type StepContext, type StepKind } from '../../engine/model/step.js';
import type { PlannedCall } from '../../core/calls.js';
import { hasErrorName } from '../../aws/errors.js';
import { plannedTags } from '../../aws/tags.js';
import { waitFor } from '../../aws/wait.js';
import { findGroup } from './find.js';

export interface GroupInput {
  name: string;
  launchTemplateId: string;
  launchTemplateVersion: string;
  /** Comma-separated, as Auto Scaling's VPCZoneIdentifier. */
  subnets: string;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  targetGroupArns: string[];
  /** Classic load balancers (LoadBalancerNames), such as qis-lb. */
  loadBalancerNames?: string[];
  healthCheckGracePeriodSeconds: number;
  waitMinutes?: number;
}

export interface GroupOutputs {
  name: string;
  arn: string;
  instanceIds: string[];
}

interface Found {
  exists: boolean;
  drift: string[];
  missingTargetGroups: string[];
  missingLoadBalancers?: string[];
}

const sorted = (items: readonly string[] | undefined) => [...(items ?? [])].sort().join(',');
const subnetList = (csv: string | undefined) => sorted((csv ?? '').split(',').map((s) => s.trim()).filter(Boolean));

function settings(input: GroupInput) {
  return {
    AutoScalingGroupName: input.name,
    LaunchTemplate: { LaunchTemplateId: input.launchTemplateId, Version: input.launchTemplateVersion },
    MinSize: input.minSize,
    MaxSize: input.maxSize,
    DesiredCapacity: input.desiredCapacity,
    VPCZoneIdentifier: input.subnets,
    HealthCheckType: 'ELB',
    HealthCheckGracePeriod: input.healthCheckGracePeriodSeconds,
  };
}

function createInput(input: GroupInput, ctx: PlanContext | undefined) {
  const classic = input.loadBalancerNames?.length ? { LoadBalancerNames: input.loadBalancerNames } : {};
  return { ...settings(input), TargetGroupARNs: input.targetGroupArns, ...classic, Tags: plannedTags(ctx, input.name).map((t) => ({ ...t, PropagateAtLaunch: true })) };
}

function driftOf(g: AutoScalingGroup, input: GroupInput): string[] {
  return [
    (g.LaunchTemplate?.LaunchTemplateId !== input.launchTemplateId || g.LaunchTemplate?.Version !== input.launchTemplateVersion) &&
      `launches ${g.LaunchTemplate?.LaunchTemplateId} version ${g.LaunchTemplate?.Version}, not ${input.launchTemplateId} version ${input.launchTemplateVersion}`,
    (g.MinSize !== input.minSize || g.MaxSize !== input.maxSize || g.DesiredCapacity !== input.desiredCapacity) &&
      `sizes ${g.MinSize}/${g.DesiredCapacity}/${g.MaxSize}, not ${input.minSize}/${input.desiredCapacity}/${input.maxSize} (min/desired/max)`,
    subnetList(g.VPCZoneIdentifier) !== subnetList(input.subnets) && `subnets ${g.VPCZoneIdentifier}`,
    g.HealthCheckType !== 'ELB' && `${g.HealthCheckType} health checks`,
    g.HealthCheckGracePeriod !== input.healthCheckGracePeriodSeconds && `a grace period of ${g.HealthCheckGracePeriod}s`,
  ].filter((d): d is string => Boolean(d));
}

/** The group's InService instances that every target group finds healthy and every classic load balancer InService. */
async function healthyInstances(ctx: StepContext, g: AutoScalingGroup, targetGroupArns: string[], loadBalancerNames: string[] = []): Promise<{ healthy: string[]; status: string }> {
  const inService = (g.Instances ?? []).filter((i) => i.LifecycleState === 'InService' && i.HealthStatus === 'Healthy').map((i) => i.InstanceId!);
  let healthy = inService;
  const states: string[] = [];
  for (const arn of targetGroupArns) {
    const health = (await ctx.aws.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }))).TargetHealthDescriptions ?? [];
    const ok = new Set(health.filter((h) => h.TargetHealth?.State === 'healthy').map((h) => h.Target?.Id));
    healthy = healthy.filter((id) => ok.has(id));
    // The reason (Target.FailedHealthChecks, Target.Timeout...) is what a failed wait must say.
    states.push(...health.map((h) => `${h.Target?.Id} ${h.TargetHealth?.State}${h.TargetHealth?.Reason ? ` ${h.TargetHealth.Reason}: ${h.TargetHealth.Description ?? ''}` : ''}`.trim()));
  }
  for (const name of loadBalancerNames) {
    if (!healthy.length) break;
    const health = (await ctx.aws.elb.send(new DescribeInstanceHealthCommand({ LoadBalancerName: name, Instances: healthy.map((InstanceId) => ({ InstanceId })) }))).InstanceStates ?? [];
    const ok = new Set(health.filter((h) => h.State === 'InService').map((h) => h.InstanceId));
    healthy = healthy.filter((id) => ok.has(id));
    states.push(...health.map((h) => `${h.InstanceId} ${h.State} in ${name}`));
  }
  return { healthy, status: `${healthy.length} of ${g.DesiredCapacity} healthy${states.length ? ` (${states.join(', ')})` : ''}` };
}

async function waitHealthy(ctx: StepContext, input: GroupInput): Promise<GroupOutputs> {
  return waitFor(ctx, {
    what: `${input.desiredCapacity} instance(s) of ${input.name} to be healthy in the ${input.loadBalancerNames?.length ? 'load balancers' : 'target group'}`,
    minDelay: 15,
    maxDelay: 30,
    maxWait: (input.waitMinutes ?? 20) * 60,
    poll: async () => {
      const g = await findGroup(ctx, input.name);
      if (!g) return { done: false, status: 'not visible yet' };
      const { healthy, status } = await healthyInstances(ctx, g, input.targetGroupArns, input.loadBalancerNames);
      return healthy.length >= input.desiredCapacity ? { done: true, value: { name: input.name, arn: g.AutoScalingGroupARN ?? '', instanceIds: healthy } } : { done: false, status };
    },
  });
}

const kind: StepKind<GroupInput, GroupOutputs, Found> = {
  async check(ctx, input) {
    const g = await findGroup(ctx, input.name);
    if (!g) return { done: false, reason: `No Auto Scaling group ${input.name} yet.`, found: { exists: false, drift: [], missingTargetGroups: [] } };
    const drift = driftOf(g, input);
    const missingTargetGroups = input.targetGroupArns.filter((arn) => !g.TargetGroupARNs?.includes(arn));
    const missingLoadBalancers = (input.loadBalancerNames ?? []).filter((name) => !g.LoadBalancerNames?.includes(name));
    const unattached = [...(missingTargetGroups.length ? ['is not attached to the target group'] : []), ...(missingLoadBalancers.length ? [`is not attached to ${missingLoadBalancers.join(', ')}`] : [])];
    if (drift.length || unattached.length)
      return { done: false, reason: `Group ${input.name} ${[...drift, ...unattached].join('; ')}.`, found: { exists: true, drift, missingTargetGroups, missingLoadBalancers } };
    const { healthy, status } = await healthyInstances(ctx, g, input.targetGroupArns, input.loadBalancerNames);
    if (healthy.length < input.desiredCapacity) return { done: false, reason: `Group ${input.name}: ${status}.`, found: { exists: true, drift: [], missingTargetGroups: [] } };
    return { done: true, outputs: { name: input.name, arn: g.AutoScalingGroupARN ?? '', instanceIds: healthy }, evidence: [`${input.name}: ${status}; launches ${input.launchTemplateId} version ${input.launchTemplateVersion}`] };
  },
  plan(input, found, ctx): PlannedCall[] {
    const wait = `then waits until the desired count is healthy in the ${input.loadBalancerNames?.length ? 'load balancers' : 'target group'}`;
    if (!found?.exists) return [{ service: 'autoscaling', operation: 'CreateAutoScalingGroup', input: createInput(input, ctx), note: wait }];
    return [
      ...(found.drift.length ? [{ service: 'autoscaling', operation: 'UpdateAutoScalingGroup', input: settings(input), note: found.drift.join('; ') }] : []),
      ...(found.missingTargetGroups.length ? [{ service: 'autoscaling', operation: 'AttachLoadBalancerTargetGroups', input: { AutoScalingGroupName: input.name, TargetGroupARNs: found.missingTargetGroups } }] : []),
      ...(found.missingLoadBalancers?.length ? [{ service: 'autoscaling', operation: 'AttachLoadBalancers', input: { AutoScalingGroupName: input.name, LoadBalancerNames: found.missingLoadBalancers } }] : []),
      { service: 'autoscaling', operation: 'DescribeAutoScalingGroups', input: { AutoScalingGroupNames: [input.name] }, note: wait },
    ];
  },
  async apply(ctx, input, found) {
    if (!found?.exists) {
      try {
        await ctx.aws.autoscaling.send(new CreateAutoScalingGroupCommand(createInput(input, ctx)));
      } catch (err) {
        if (!hasErrorName(err, 'AlreadyExists', 'AlreadyExistsFault')) throw err;
        // A crashed run made it after its check: brought to these settings below.
        await ctx.aws.autoscaling.send(new UpdateAutoScalingGroupCommand(settings(input)));
      }
    } else {
      if (found.drift.length) await ctx.aws.autoscaling.send(new UpdateAutoScalingGroupCommand(settings(input)));
      if (found.missingTargetGroups.length) await ctx.aws.autoscaling.send(new AttachLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: input.name, TargetGroupARNs: found.missingTargetGroups }));
      if (found.missingLoadBalancers?.length) await ctx.aws.autoscaling.send(new AttachLoadBalancersCommand({ AutoScalingGroupName: input.name, LoadBalancerNames: found.missingLoadBalancers }));
    }
    return waitHealthy(ctx, input);
  },
};

export { kind as groupKind };
