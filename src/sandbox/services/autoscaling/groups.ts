/**
 * Auto Scaling groups from a launch template: a new group launches its
 * desired count at once (services/autoscaling/launch.ts), an update scales
 * out or in; instances are Pending until they run, then InService, and with
 * ELB health checks Unhealthy once their target health is unhealthy after
 * the grace period. A detached target group drains the group's instances for
 * its deregistration delay. A group with instances is deleted only with ForceDelete,
 * which terminates them; it shows "Delete in progress" for a while.
 */
import type {
  AttachLoadBalancersCommandInput,
  AttachLoadBalancerTargetGroupsCommandInput,
  AutoScalingGroup as GroupView,
  CreateAutoScalingGroupCommandInput,
  DeleteAutoScalingGroupCommandInput,
  DescribeAutoScalingGroupsCommandInput,
  DetachLoadBalancerTargetGroupsCommandInput,
  UpdateAutoScalingGroupCommandInput,
} from '@aws-sdk/client-auto-scaling';
import type { AutoScalingGroup } from '../../account/state.js';
import { after } from '../../account/time.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { isRunning } from '../ec2/lifecycle.js';
import { launchTemplateOf, versionOf } from '../ec2/launch-templates.js';
import { deregisterTarget, registerTarget, targetHealth } from '../elbv2/target-health.js';
import { instanceHealth, registerInstance } from '../elb/instances.js';
import { fillGroup, removeInstance, shrinkGroup } from './launch.js';

export const GROUP_DELETE_SECONDS = 60;

function groups(ctx: OperationContext): Record<string, AutoScalingGroup> {
  return (ctx.region.autoScalingGroups ??= {});
}

function gone(ctx: OperationContext, g: AutoScalingGroup): boolean {
  return g.deletedAt !== undefined && ctx.now >= g.deletedAt;
}

export function groupOf(ctx: OperationContext, name: string | undefined): AutoScalingGroup {
  const g = groups(ctx)[name ?? ''];
  if (!g || !ctx.visible(g.createdAt) || gone(ctx, g)) throw awsError('ValidationError', `AutoScalingGroup name not found - AutoScalingGroup ${name} not found`);
  return g;
}

function healthOf(ctx: OperationContext, g: AutoScalingGroup, instanceId: string): 'Healthy' | 'Unhealthy' {
  const instance = ctx.region.instances[instanceId];
  if (!instance || g.HealthCheckType !== 'ELB' || ctx.now < after(instance.launchedAt, g.HealthCheckGracePeriod)) return 'Healthy';
  const unhealthy = g.TargetGroupARNs.some((arn) => {
    const tg = ctx.region.targetGroups?.[arn];
    return tg && targetHealth(ctx.region, tg, instanceId, ctx.now, ctx.unhealthyGroups).State === 'unhealthy';
  });
  // A classic load balancer says OutOfService while its first checks run too: only a failed check counts.
  const outOfService = (g.LoadBalancerNames ?? []).some((name) => {
    const lb = ctx.region.classicLoadBalancers?.[name];
    const health = lb && instanceHealth(ctx.region, lb, instanceId, ctx.now);
    return health?.State === 'OutOfService' && health.ReasonCode === 'Instance';
  });
  return unhealthy || outOfService ? 'Unhealthy' : 'Healthy';
}

function view(ctx: OperationContext, g: AutoScalingGroup): GroupView {
  return {
    AutoScalingGroupName: g.AutoScalingGroupName,
    AutoScalingGroupARN: g.AutoScalingGroupARN,
    LaunchTemplate: g.LaunchTemplate,
    MinSize: g.MinSize,
    MaxSize: g.MaxSize,
    DesiredCapacity: g.DesiredCapacity,
    DefaultCooldown: 300,
    AvailabilityZones: [...new Set(g.subnetIds.map((id) => ctx.region.subnets[id]?.AvailabilityZone ?? ''))],
    VPCZoneIdentifier: g.subnetIds.join(','),
    TargetGroupARNs: g.TargetGroupARNs,
    LoadBalancerNames: g.LoadBalancerNames ?? [],
    HealthCheckType: g.HealthCheckType,
    HealthCheckGracePeriod: g.HealthCheckGracePeriod,
    Instances: g.instanceIds.flatMap((id) => {
      const i = ctx.region.instances[id];
      if (!i) return [];
      return [
        {
          InstanceId: id,
          InstanceType: i.InstanceType,
          AvailabilityZone: ctx.region.subnets[i.SubnetId]?.AvailabilityZone ?? '',
          LifecycleState: g.deletingAt !== undefined ? 'Terminating' : isRunning(i, ctx.now) ? 'InService' : 'Pending',
          HealthStatus: healthOf(ctx, g, id),
          LaunchTemplate: g.LaunchTemplate,
          ProtectedFromScaleIn: false,
        },
      ];
    }),
    CreatedTime: new Date(g.createdAt),
    ...(g.deletingAt !== undefined ? { Status: 'Delete in progress' } : {}),
    Tags: g.Tags.map((t) => ({ ...t, ResourceId: g.AutoScalingGroupName, ResourceType: 'auto-scaling-group' })),
    NewInstancesProtectedFromScaleIn: false,
    ServiceLinkedRoleARN: `arn:aws:iam::${ctx.account.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
  };
}

function sizes(min: number, max: number, desired: number): void {
  if (min > max) throw awsError('ValidationError', `Max bound, ${max}, must be greater than or equal to min bound, ${min}`);
  if (desired < min || desired > max) throw awsError('ValidationError', `Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`);
}

function templateRef(ctx: OperationContext, spec: { LaunchTemplateId?: string; LaunchTemplateName?: string; Version?: string } | undefined): AutoScalingGroup['LaunchTemplate'] {
  if (!spec) throw awsError('ValidationError', 'The sandbox simulates groups made from a launch template only (new accounts cannot create launch configurations).');
  const t = launchTemplateOf(ctx, spec.LaunchTemplateId, spec.LaunchTemplateName);
  versionOf(t, spec.Version);
  return { LaunchTemplateId: t.LaunchTemplateId, LaunchTemplateName: t.LaunchTemplateName, Version: spec.Version ?? '$Default' };
}

function subnetsOf(ctx: OperationContext, zoneIdentifier: string | undefined): string[] {
  const ids = (zoneIdentifier ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!ids.length) throw awsError('ValidationError', 'At least one Availability Zone or VPC Subnet is required.');
  for (const id of ids) if (!ctx.region.subnets[id]) throw awsError('ValidationError', `The subnet ID '${id}' does not exist`);
  return ids;
}

function targetGroupArns(ctx: OperationContext, arns: string[] | undefined): string[] {
  for (const arn of arns ?? []) if (!ctx.region.targetGroups?.[arn]) throw awsError('ValidationError', `Provided Target Groups may not be valid. Please ensure they exist and try again. ${arn}`);
  return arns ?? [];
}

function loadBalancerNames(ctx: OperationContext, names: string[] | undefined): string[] {
  for (const name of names ?? []) if (!ctx.region.classicLoadBalancers?.[name]) throw awsError('ValidationError', `Provided Load Balancers may not be valid. Please ensure they exist and try again. ${name}`);
  return names ?? [];
}

export const autoScalingGroups: ServiceHandlers = {
  CreateAutoScalingGroup: async (ctx) => {
    const input = inputOf<CreateAutoScalingGroupCommandInput>(ctx);
    const name = input.AutoScalingGroupName ?? '';
    const existing = groups(ctx)[name];
    if (existing && !gone(ctx, existing)) throw awsError('AlreadyExistsFault', `AutoScalingGroup by this name already exists - A group with the name ${name} already exists`);
    const min = input.MinSize ?? 0;
    const max = input.MaxSize ?? 0;
    const desired = input.DesiredCapacity ?? min;
    sizes(min, max, desired);
    const g: AutoScalingGroup = {
      AutoScalingGroupName: name,
      AutoScalingGroupARN: `arn:aws:autoscaling:${ctx.regionName}:${ctx.account.accountId}:autoScalingGroup:${crypto.randomUUID()}:autoScalingGroupName/${name}`,
      LaunchTemplate: templateRef(ctx, input.LaunchTemplate),
      MinSize: min,
      MaxSize: max,
      DesiredCapacity: desired,
      subnetIds: subnetsOf(ctx, input.VPCZoneIdentifier),
      TargetGroupARNs: targetGroupArns(ctx, input.TargetGroupARNs),
      LoadBalancerNames: loadBalancerNames(ctx, input.LoadBalancerNames),
      HealthCheckType: input.HealthCheckType ?? 'EC2',
      HealthCheckGracePeriod: input.HealthCheckGracePeriod ?? 300,
      instanceIds: [],
      Tags: (input.Tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '', PropagateAtLaunch: t.PropagateAtLaunch === true })),
      createdAt: ctx.now,
    };
    groups(ctx)[name] = g;
    await fillGroup(ctx, g);
    return {};
  },

  DescribeAutoScalingGroups: (ctx) => {
    const input = inputOf<DescribeAutoScalingGroupsCommandInput>(ctx);
    const all = Object.values(groups(ctx)).filter((g) => ctx.visible(g.createdAt) && !gone(ctx, g));
    const named = input.AutoScalingGroupNames?.length ? all.filter((g) => input.AutoScalingGroupNames!.includes(g.AutoScalingGroupName)) : all;
    return { AutoScalingGroups: named.map((g) => view(ctx, g)) };
  },

  UpdateAutoScalingGroup: async (ctx) => {
    const input = inputOf<UpdateAutoScalingGroupCommandInput>(ctx);
    const g = groupOf(ctx, input.AutoScalingGroupName);
    if (g.deletingAt !== undefined) throw awsError('ScalingActivityInProgressFault', 'The group is being deleted.');
    const min = input.MinSize ?? g.MinSize;
    const max = input.MaxSize ?? g.MaxSize;
    const desired = input.DesiredCapacity ?? Math.min(max, Math.max(min, g.DesiredCapacity));
    sizes(min, max, desired);
    if (input.LaunchTemplate) g.LaunchTemplate = templateRef(ctx, input.LaunchTemplate);
    if (input.VPCZoneIdentifier) g.subnetIds = subnetsOf(ctx, input.VPCZoneIdentifier);
    if (input.HealthCheckType) g.HealthCheckType = input.HealthCheckType;
    if (input.HealthCheckGracePeriod !== undefined) g.HealthCheckGracePeriod = input.HealthCheckGracePeriod;
    Object.assign(g, { MinSize: min, MaxSize: max, DesiredCapacity: desired });
    await shrinkGroup(ctx, g);
    await fillGroup(ctx, g);
    return {};
  },

  AttachLoadBalancerTargetGroups: (ctx) => {
    const input = inputOf<AttachLoadBalancerTargetGroupsCommandInput>(ctx);
    const g = groupOf(ctx, input.AutoScalingGroupName);
    for (const arn of targetGroupArns(ctx, input.TargetGroupARNs)) {
      if (!g.TargetGroupARNs.includes(arn)) g.TargetGroupARNs.push(arn);
      for (const id of g.instanceIds) registerTarget(ctx.region.targetGroups![arn]!, id, ctx.now);
    }
    return {};
  },

  AttachLoadBalancers: (ctx) => {
    const input = inputOf<AttachLoadBalancersCommandInput>(ctx);
    const g = groupOf(ctx, input.AutoScalingGroupName);
    for (const name of loadBalancerNames(ctx, input.LoadBalancerNames)) {
      g.LoadBalancerNames = [...new Set([...(g.LoadBalancerNames ?? []), name])];
      for (const id of g.instanceIds) registerInstance(ctx.region.classicLoadBalancers![name]!, id, ctx.now);
    }
    return {};
  },

  DetachLoadBalancerTargetGroups: (ctx) => {
    const input = inputOf<DetachLoadBalancerTargetGroupsCommandInput>(ctx);
    const g = groupOf(ctx, input.AutoScalingGroupName);
    for (const arn of input.TargetGroupARNs ?? []) {
      if (!g.TargetGroupARNs.includes(arn)) continue;
      g.TargetGroupARNs = g.TargetGroupARNs.filter((a) => a !== arn);
      const tg = ctx.region.targetGroups?.[arn];
      if (tg) for (const id of g.instanceIds) deregisterTarget(tg, id, ctx.now);
    }
    return {};
  },

  DeleteAutoScalingGroup: async (ctx) => {
    const input = inputOf<DeleteAutoScalingGroupCommandInput>(ctx);
    const g = groupOf(ctx, input.AutoScalingGroupName);
    if (g.deletingAt !== undefined) return {};
    if (g.instanceIds.length && !input.ForceDelete)
      throw awsError('ResourceInUseFault', 'You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.');
    for (const id of [...g.instanceIds]) await removeInstance(ctx, g, id);
    g.deletingAt = ctx.now;
    g.deletedAt = after(ctx.now, GROUP_DELETE_SECONDS);
    for (const [arn, p] of Object.entries(ctx.region.scalingPolicies ?? {})) if (p.AutoScalingGroupName === g.AutoScalingGroupName) delete ctx.region.scalingPolicies![arn];
    return {};
  },
};
