import { DescribeLoadBalancersCommand, DescribeTargetGroupsCommand } from '../../../src/aws/sdk/elbv2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { findLoadBalancerKind } from '../../../src/steps/elbv2/find-load-balancer.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/aquamark-web/0123456789abcdef';
const LB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/aquamark/0123456789abcdef';

describe('elbv2.findLoadBalancer', () => {
  beforeEach(resetMocks);

  it("finds the target group's load balancer and its address", async () => {
    mocks.elbv2.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: TG, TargetGroupName: 'aquamark-web', LoadBalancerArns: [LB] }] });
    mocks.elbv2.on(DescribeLoadBalancersCommand, { LoadBalancerArns: [LB] }).resolves({ LoadBalancers: [{ LoadBalancerArn: LB, LoadBalancerName: 'aquamark', DNSName: 'aquamark-1.us-east-1.elb.amazonaws.com', CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K' }] });
    expect(await findLoadBalancerKind.check(stepContext(), { targetGroupArns: [TG] })).toMatchObject({ done: true, outputs: { loadBalancerArn: LB, url: 'http://aquamark-1.us-east-1.elb.amazonaws.com' } });
  });

  it('fails with one sentence when no load balancer sends to the group, and plans nothing', async () => {
    mocks.elbv2.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: TG, LoadBalancerArns: [] }] });
    await expect(findLoadBalancerKind.check(stepContext(), { targetGroupArns: [TG] })).rejects.toThrow(/is used by no load balancer: expected exactly one\.$/);
    await expect(findLoadBalancerKind.check(stepContext(), { targetGroupArns: [] })).rejects.toThrow(/attached to no target group/);
    expect(findLoadBalancerKind.plan({ targetGroupArns: [TG] }, undefined, stepContext())).toEqual([]);
  });

  it('lets AWS errors through by name', async () => {
    mocks.elbv2.on(DescribeTargetGroupsCommand).rejects(awsError('TargetGroupNotFoundException', 'gone'));
    await expect(findLoadBalancerKind.check(stepContext(), { targetGroupArns: [TG] })).rejects.toMatchObject({ name: 'TargetGroupNotFoundException' });
  });
});
