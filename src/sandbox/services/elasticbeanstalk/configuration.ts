/**
 * An environment's option settings: checked against the account when an
 * environment is created or changed (the VPC, subnets, groups and instance
 * profile must exist; a load balancer needs two zones), and changed by
 * UpdateEnvironment, which adds instances when the minimum grows. What an
 * environment cannot change (its VPC and subnets) is refused.
 */
import type { ConfigurationOptionSetting } from '@aws-sdk/client-elastic-beanstalk';
import type { OperationContext } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import type { Environment, EnvironmentOptionSetting } from '../../account/state.js';
import { launchInstances, listOf, setting } from './instances.js';

const FIXED = ['aws:ec2:vpc/VPCId', 'aws:ec2:vpc/Subnets', 'aws:ec2:vpc/ELBSubnets', 'aws:elasticbeanstalk:environment/LoadBalancerType'];

const keyOf = (s: { Namespace?: string; OptionName?: string }) => `${s.Namespace}/${s.OptionName}`;

function invalidOption(s: { Namespace: string; OptionName: string; Value: string }, why: string) {
  return awsError('ConfigurationValidationException', `Configuration validation exception: Invalid option value: '${s.Value}' (Namespace: '${s.Namespace}', OptionName: '${s.OptionName}'): ${why}`);
}

export function normalize(settings: ConfigurationOptionSetting[] | undefined): EnvironmentOptionSetting[] {
  return (settings ?? []).map((s) => ({ Namespace: s.Namespace ?? '', OptionName: s.OptionName ?? '', Value: s.Value ?? '' }));
}

/** The settings as an environment would run with them, checked against the account. */
export function validateSettings(ctx: OperationContext, env: Environment): void {
  const get = (ns: string, name: string) => ({ Namespace: ns, OptionName: name, Value: setting(env, ns, name) ?? '' });
  const vpcId = get('aws:ec2:vpc', 'VPCId');
  if (vpcId.Value && !ctx.region.vpcs[vpcId.Value]) throw invalidOption(vpcId, 'No VPC with this id exists.');
  for (const name of ['Subnets', 'ELBSubnets']) {
    const option = get('aws:ec2:vpc', name);
    for (const id of listOf(option.Value)) {
      const subnet = ctx.region.subnets[id];
      if (!subnet || (vpcId.Value && subnet.VpcId !== vpcId.Value)) throw invalidOption(option, `Subnet ${id} does not exist in ${vpcId.Value || 'the VPC'}.`);
    }
  }
  const loadBalanced = (setting(env, 'aws:elasticbeanstalk:environment', 'EnvironmentType') ?? 'LoadBalanced') === 'LoadBalanced';
  const elb = get('aws:ec2:vpc', 'ELBSubnets');
  const zones = new Set(listOf(elb.Value).map((id) => ctx.region.subnets[id]?.AvailabilityZone));
  if (loadBalanced && vpcId.Value && zones.size < 2) throw invalidOption(elb, 'At least two subnets in two different Availability Zones must be specified for the load balancer.');
  const profile = get('aws:autoscaling:launchconfiguration', 'IamInstanceProfile');
  if (profile.Value && !ctx.account.iam.instanceProfiles[profile.Value]) throw invalidOption(profile, `The instance profile ${profile.Value} does not exist.`);
  const groups = get('aws:autoscaling:launchconfiguration', 'SecurityGroups');
  for (const id of listOf(groups.Value)) {
    const group = ctx.region.securityGroups[id];
    if (!group || (vpcId.Value && group.VpcId !== vpcId.Value)) throw invalidOption(groups, `Security group ${id} does not exist in ${vpcId.Value || 'the VPC'}.`);
  }
  const min = Number(setting(env, 'aws:autoscaling:asg', 'MinSize') ?? 1);
  const max = Number(setting(env, 'aws:autoscaling:asg', 'MaxSize') ?? 4);
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || min > max) throw invalidOption(get('aws:autoscaling:asg', 'MinSize'), `MinSize must be a whole number no greater than MaxSize (${max}).`);
}

/** The instances an environment should have. */
export function minSize(env: Environment): number {
  return Number(setting(env, 'aws:autoscaling:asg', 'MinSize') ?? 1);
}

/** UpdateEnvironment's OptionSettings: merged, checked, and instances added up to a larger minimum (their ids). */
export function changeSettings(ctx: OperationContext, env: Environment, changes: ConfigurationOptionSetting[]): string[] {
  const incoming = normalize(changes);
  const current = new Map((env.optionSettings ?? []).map((s) => [keyOf(s), s]));
  const fixed = incoming.find((s) => FIXED.includes(keyOf(s)) && current.get(keyOf(s))?.Value !== s.Value);
  if (fixed) throw invalidOption(fixed, 'This setting cannot change on an existing environment.');
  for (const s of incoming) current.set(keyOf(s), s);
  const before = env.optionSettings;
  env.optionSettings = [...current.values()];
  try {
    validateSettings(ctx, env);
  } catch (err) {
    env.optionSettings = before;
    throw err;
  }
  const missing = minSize(env) - (env.instanceIds?.length ?? 0);
  return missing > 0 ? launchInstances(ctx, env, missing) : [];
}
