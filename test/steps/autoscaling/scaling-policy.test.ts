import { DescribePoliciesCommand, PutScalingPolicyCommand } from '../../../src/aws/sdk/autoscaling.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { scalingPolicyKind, type ScalingPolicyInput } from '../../../src/steps/autoscaling/scaling-policy.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const input: ScalingPolicyInput = { groupName: 'aquamark-web', policyName: 'aquamark-web-cpu', targetCpuPercent: 60 };
const policy = (target: number) => ({
  PolicyName: 'aquamark-web-cpu',
  PolicyARN: 'arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:x',
  PolicyType: 'TargetTrackingScaling',
  TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' as const }, TargetValue: target },
});

describe('autoscaling.scalingPolicy', () => {
  beforeEach(resetMocks);

  it('is done when the policy tracks average CPU at the target', async () => {
    mocks.autoscaling.on(DescribePoliciesCommand).resolves({ ScalingPolicies: [policy(60)] });
    expect(await scalingPolicyKind.check(stepContext(), input)).toMatchObject({ done: true });
  });

  it('puts it when missing or at another target', async () => {
    mocks.autoscaling.on(DescribePoliciesCommand).resolves({ ScalingPolicies: [policy(80)] });
    mocks.autoscaling.on(PutScalingPolicyCommand).resolves({ PolicyARN: 'arn:x' });
    expect(await scalingPolicyKind.check(stepContext(), input)).toMatchObject({ done: false, reason: expect.stringMatching(/at 80, not ASGAverageCPUUtilization at 60/) });
    expect(await scalingPolicyKind.apply!(stepContext(), input, undefined)).toEqual({ policyArn: 'arn:x' });
    expect(mocks.autoscaling).toHaveReceivedCommandWith(PutScalingPolicyCommand, { PolicyType: 'TargetTrackingScaling', TargetTrackingConfiguration: expect.objectContaining({ TargetValue: 60 }) });
  });

  it('lets AWS errors through by name', async () => {
    mocks.autoscaling.on(PutScalingPolicyCommand).rejects(awsError('ValidationError', 'group not found'));
    await expect(scalingPolicyKind.apply!(stepContext(), input, undefined)).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
