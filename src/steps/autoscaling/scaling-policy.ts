/**
 * `autoscaling.scalingPolicy`: a target-tracking policy that keeps the
 * group's average CPU near a target. PutScalingPolicy creates or replaces a
 * policy by name, so it is idempotent; it is sent only when the policy is
 * missing or tracks something else.
 */
import { DescribePoliciesCommand, PutScalingPolicyCommand, type ScalingPolicy } from '../../aws/sdk/autoscaling.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';

export interface ScalingPolicyInput {
  groupName: string;
  policyName: string;
  targetCpuPercent: number;
}

export interface ScalingPolicyOutputs {
  policyArn: string;
}

const METRIC = 'ASGAverageCPUUtilization';

export async function findPolicy(ctx: StepContext, groupName: string, policyName: string): Promise<ScalingPolicy | undefined> {
  return (await ctx.aws.autoscaling.send(new DescribePoliciesCommand({ AutoScalingGroupName: groupName, PolicyNames: [policyName] }))).ScalingPolicies?.[0];
}

function putInput(input: ScalingPolicyInput) {
  return {
    AutoScalingGroupName: input.groupName,
    PolicyName: input.policyName,
    PolicyType: 'TargetTrackingScaling',
    TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: METRIC as 'ASGAverageCPUUtilization' }, TargetValue: input.targetCpuPercent, DisableScaleIn: false },
  };
}

const kind: StepKind<ScalingPolicyInput, ScalingPolicyOutputs> = {
  async check(ctx, input) {
    const p = await findPolicy(ctx, input.groupName, input.policyName);
    if (!p) return { done: false, reason: `No scaling policy ${input.policyName} on ${input.groupName} yet.` };
    const config = p.TargetTrackingConfiguration;
    const metric = config?.PredefinedMetricSpecification?.PredefinedMetricType;
    if (p.PolicyType !== 'TargetTrackingScaling' || metric !== METRIC || config?.TargetValue !== input.targetCpuPercent)
      return { done: false, reason: `Policy ${input.policyName} is ${p.PolicyType} on ${metric ?? 'another metric'} at ${config?.TargetValue}, not ${METRIC} at ${input.targetCpuPercent}.` };
    return { done: true, outputs: { policyArn: p.PolicyARN ?? '' }, evidence: [`${input.policyName}: average CPU kept near ${input.targetCpuPercent}%`] };
  },
  plan: (input) => [{ service: 'autoscaling', operation: 'PutScalingPolicy', input: putInput(input) }],
  async apply(ctx, input) {
    const res = await ctx.aws.autoscaling.send(new PutScalingPolicyCommand(putInput(input)));
    return { policyArn: res.PolicyARN ?? '' };
  },
};

export { kind as scalingPolicyKind };
