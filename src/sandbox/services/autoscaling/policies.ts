/**
 * Scaling policies: PutScalingPolicy creates or replaces one by name (it is
 * an upsert); a target-tracking policy answers the two CloudWatch alarms
 * Auto Scaling makes for it.
 */
import type { DeletePolicyCommandInput, DescribePoliciesCommandInput, PutScalingPolicyCommandInput, ScalingPolicy as PolicyView } from '@aws-sdk/client-auto-scaling';
import type { ScalingPolicy } from '../../account/state.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { groupOf } from './groups.js';

function policies(ctx: OperationContext): Record<string, ScalingPolicy> {
  return (ctx.region.scalingPolicies ??= {});
}

function alarms(ctx: OperationContext, p: ScalingPolicy) {
  if (p.PolicyType !== 'TargetTrackingScaling') return [];
  const base = `TargetTracking-${p.AutoScalingGroupName}`;
  return ['AlarmHigh', 'AlarmLow'].map((kind) => ({ AlarmName: `${base}-${kind}-${p.PolicyARN.slice(-8)}`, AlarmARN: `arn:aws:cloudwatch:${ctx.regionName}:${ctx.account.accountId}:alarm:${base}-${kind}` }));
}

function view(ctx: OperationContext, p: ScalingPolicy): PolicyView {
  return {
    AutoScalingGroupName: p.AutoScalingGroupName,
    PolicyName: p.PolicyName,
    PolicyARN: p.PolicyARN,
    PolicyType: p.PolicyType,
    ...(p.TargetTrackingConfiguration ? { TargetTrackingConfiguration: structuredClone(p.TargetTrackingConfiguration) as unknown as PolicyView['TargetTrackingConfiguration'] } : {}),
    Alarms: alarms(ctx, p),
    Enabled: true,
  };
}

const key = (group: string, name: string) => `${group}/${name}`;

export const scalingPolicies: ServiceHandlers = {
  PutScalingPolicy: (ctx) => {
    const input = inputOf<PutScalingPolicyCommandInput>(ctx);
    const g = groupOf(ctx, input.AutoScalingGroupName);
    const type = input.PolicyType ?? 'SimpleScaling';
    if (type !== 'TargetTrackingScaling') throw awsError('ValidationError', 'The sandbox simulates target tracking scaling policies only.');
    const config = input.TargetTrackingConfiguration;
    if (!config || config.TargetValue === undefined) throw awsError('ValidationError', 'TargetTrackingConfiguration with a TargetValue is required for a TargetTrackingScaling policy.');
    if (!config.PredefinedMetricSpecification && !config.CustomizedMetricSpecification) throw awsError('ValidationError', 'A predefined or customized metric is required.');
    const id = key(g.AutoScalingGroupName, input.PolicyName ?? '');
    const existing = policies(ctx)[id];
    const policy: ScalingPolicy = {
      PolicyName: input.PolicyName ?? '',
      PolicyARN:
        existing?.PolicyARN ?? `arn:aws:autoscaling:${ctx.regionName}:${ctx.account.accountId}:scalingPolicy:${crypto.randomUUID()}:autoScalingGroupName/${g.AutoScalingGroupName}:policyName/${input.PolicyName}`,
      AutoScalingGroupName: g.AutoScalingGroupName,
      PolicyType: type,
      TargetTrackingConfiguration: { ...structuredClone(config) },
      createdAt: existing?.createdAt ?? ctx.now,
    };
    policies(ctx)[id] = policy;
    return { PolicyARN: policy.PolicyARN, Alarms: alarms(ctx, policy) };
  },

  DescribePolicies: (ctx) => {
    const input = inputOf<DescribePoliciesCommandInput>(ctx);
    let found = Object.values(policies(ctx)).filter((p) => ctx.visible(p.createdAt));
    if (input.AutoScalingGroupName) found = found.filter((p) => p.AutoScalingGroupName === input.AutoScalingGroupName);
    if (input.PolicyNames?.length) found = found.filter((p) => input.PolicyNames!.includes(p.PolicyName) || input.PolicyNames!.includes(p.PolicyARN));
    return { ScalingPolicies: found.map((p) => view(ctx, p)) };
  },

  DeletePolicy: (ctx) => {
    const input = inputOf<DeletePolicyCommandInput>(ctx);
    const found = Object.entries(policies(ctx)).find(([, p]) => p.PolicyARN === input.PolicyName || (p.PolicyName === input.PolicyName && p.AutoScalingGroupName === input.AutoScalingGroupName));
    if (!found) throw awsError('ValidationError', `The policy ${input.PolicyName} does not exist.`);
    delete policies(ctx)[found[0]];
    return {};
  },
};
