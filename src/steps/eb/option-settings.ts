/**
 * The option settings of a load-balanced web environment in a VPC, and how
 * they differ from what an environment runs with. Pure.
 */
import type { ConfigurationOptionSetting } from '@aws-sdk/client-elastic-beanstalk';

export interface EnvironmentSettings {
  vpcId: string;
  /** For the load balancer and the instances alike (public subnets, one per zone). */
  subnetIds: string[];
  /** Extra groups for the instances, besides the one Elastic Beanstalk makes for HTTP from the load balancer. */
  securityGroupIds: string[];
  instanceProfile: string;
  instanceType: string;
  minInstances: number;
  /** Default: the minimum, and at least 4 (Elastic Beanstalk's own default). */
  maxInstances?: number;
}

export interface OptionSetting {
  Namespace: string;
  OptionName: string;
  Value: string;
}

/** Settings an environment cannot change once it exists. */
const FIXED = new Set(['aws:ec2:vpc/VPCId', 'aws:ec2:vpc/Subnets', 'aws:ec2:vpc/ELBSubnets', 'aws:elasticbeanstalk:environment/LoadBalancerType']);
/** Comma-separated lists whose order does not matter. */
const LISTS = new Set(['aws:ec2:vpc/Subnets', 'aws:ec2:vpc/ELBSubnets', 'aws:ec2:instances/InstanceTypes']);
/** Elastic Beanstalk adds its own group to the instances' list: ours must be in it, others may be. */
const SUPERSETS = new Set(['aws:autoscaling:launchconfiguration/SecurityGroups']);

const keyOf = (s: { Namespace?: string; OptionName?: string }) => `${s.Namespace}/${s.OptionName}`;

/** A list as one option value; in a dry-run's plan a list not known yet is its `<step.key>` label. */
const joined = (list: readonly string[] | string) => (typeof list === 'string' ? list : list.join(','));

export function optionSettings(s: EnvironmentSettings): OptionSetting[] {
  const set = (Namespace: string, OptionName: string, Value: string | number | boolean) => ({ Namespace, OptionName, Value: String(Value) });
  return [
    set('aws:ec2:vpc', 'VPCId', s.vpcId),
    set('aws:ec2:vpc', 'Subnets', joined(s.subnetIds)),
    set('aws:ec2:vpc', 'ELBSubnets', joined(s.subnetIds)),
    // Public subnets without a NAT gateway: instances reach the internet (packages, SSM) with their own address.
    set('aws:ec2:vpc', 'AssociatePublicIpAddress', true),
    set('aws:elasticbeanstalk:environment', 'EnvironmentType', 'LoadBalanced'),
    set('aws:elasticbeanstalk:environment', 'LoadBalancerType', 'application'),
    set('aws:autoscaling:asg', 'MinSize', s.minInstances),
    set('aws:autoscaling:asg', 'MaxSize', s.maxInstances ?? Math.max(s.minInstances, 4)),
    set('aws:autoscaling:launchconfiguration', 'IamInstanceProfile', s.instanceProfile),
    set('aws:autoscaling:launchconfiguration', 'SecurityGroups', joined(s.securityGroupIds)),
    // IMDSv2 only; it also makes Elastic Beanstalk use a launch template, which new accounts require.
    set('aws:autoscaling:launchconfiguration', 'DisableIMDSv1', true),
    set('aws:ec2:instances', 'InstanceTypes', s.instanceType),
  ];
}

export interface Drift {
  setting: string;
  wanted: string;
  actual: string;
  /** The environment cannot take this change; it must be rebuilt. */
  fixed: boolean;
}

const items = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);

function agrees(key: string, wanted: string, actual: string): boolean {
  if (LISTS.has(key)) return items(wanted).length === items(actual).length && items(wanted).every((w) => items(actual).includes(w));
  if (SUPERSETS.has(key)) return items(wanted).every((w) => items(actual).includes(w));
  return wanted.toLowerCase() === actual.toLowerCase();
}

/** The wanted settings the environment does not run with. */
export function settingsDrift(wanted: OptionSetting[], actual: ConfigurationOptionSetting[]): Drift[] {
  const current = new Map(actual.map((s) => [keyOf(s), s.Value ?? '']));
  return wanted
    .filter((w) => !agrees(keyOf(w), w.Value, current.get(keyOf(w)) ?? ''))
    .map((w) => ({ setting: keyOf(w), wanted: w.Value, actual: current.get(keyOf(w)) ?? '(unset)', fixed: FIXED.has(keyOf(w)) }));
}

/** The settings to send to bring the environment to the wanted ones. */
export function changedSettings(wanted: OptionSetting[], drift: Drift[]): OptionSetting[] {
  const keys = new Set(drift.map((d) => d.setting));
  return wanted.filter((w) => keys.has(keyOf(w)));
}
