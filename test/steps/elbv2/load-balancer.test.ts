import { CreateLoadBalancerCommand, DeleteLoadBalancerCommand, DescribeLoadBalancersCommand, DescribeTagsCommand } from '../../../src/aws/sdk/elbv2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadBalancerKind, type LoadBalancerInput } from '../../../src/steps/elbv2/load-balancer.js';
import { loadBalancerUndo } from '../../../src/steps/elbv2/undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/aquamark/0123456789abcdef';
const input: LoadBalancerInput = { name: 'aquamark', scheme: 'internet-facing', subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-lb'] };
const lb = (state: 'provisioning' | 'active') => ({
  LoadBalancerArn: ARN,
  LoadBalancerName: 'aquamark',
  DNSName: 'aquamark-1.us-east-1.elb.amazonaws.com',
  CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
  Type: 'application' as const,
  Scheme: 'internet-facing' as const,
  State: { Code: state },
  AvailabilityZones: [{ SubnetId: 'subnet-b' }, { SubnetId: 'subnet-a' }],
  SecurityGroups: ['sg-lb'],
});
const notFound = awsError('LoadBalancerNotFound', 'not found');

describe('elbv2.loadBalancer', () => {
  beforeEach(resetMocks);

  it('is done when it is active with these subnets and groups', async () => {
    mocks.elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [lb('active')] });
    expect(await loadBalancerKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { dnsName: 'aquamark-1.us-east-1.elb.amazonaws.com', canonicalHostedZoneId: 'Z35SXDOTRQ7X7K' } });
  });

  it('creates it and waits until active', async () => {
    mocks.elbv2.on(DescribeLoadBalancersCommand).rejectsOnce(notFound).resolvesOnce({ LoadBalancers: [lb('provisioning')] }).resolves({ LoadBalancers: [lb('active')] });
    mocks.elbv2.on(CreateLoadBalancerCommand).resolves({ LoadBalancers: [lb('provisioning')] });
    const ctx = stepContext();
    expect(await loadBalancerKind.check(ctx, input)).toMatchObject({ done: false });
    expect(await loadBalancerKind.apply!(ctx, input, undefined)).toMatchObject({ loadBalancerArn: ARN });
    expect(mocks.elbv2).toHaveReceivedCommandWith(CreateLoadBalancerCommand, { Name: 'aquamark', Type: 'application', Subnets: ['subnet-a', 'subnet-b'], SecurityGroups: ['sg-lb'], Tags: ctx.tags('aquamark') });
  });

  it('refuses one with other settings, and lets AWS errors through by name', async () => {
    mocks.elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ ...lb('active'), Scheme: 'internal' }] });
    await expect(loadBalancerKind.check(stepContext(), input)).rejects.toThrow(/its scheme is internal/);
    mocks.elbv2.on(CreateLoadBalancerCommand).rejects(awsError('DuplicateLoadBalancerName', 'different settings'));
    await expect(loadBalancerKind.apply!(stepContext(), input, undefined)).rejects.toMatchObject({ name: 'DuplicateLoadBalancerName' });
  });

  it('undo: deletes the run\'s load balancer and waits until it is gone', async () => {
    const ctx = stepContext();
    mocks.elbv2.on(DescribeLoadBalancersCommand).resolvesOnce({ LoadBalancers: [lb('active')] }).rejects(notFound);
    mocks.elbv2.on(DescribeTagsCommand).resolves({ TagDescriptions: [{ ResourceArn: ARN, Tags: [{ Key: 'runbook:run-id', Value: ctx.runId }] }] });
    const [made] = await loadBalancerUndo.find(ctx, { input, outputs: { loadBalancerArn: ARN }, status: 'changed' });
    expect(made).toMatchObject({ type: 'elbv2:load-balancer', id: ARN, madeByRun: true });
    await loadBalancerUndo.remove(ctx, made!, { snapshotFirst: false });
    expect(mocks.elbv2).toHaveReceivedCommandWith(DeleteLoadBalancerCommand, { LoadBalancerArn: ARN });
  });
});
