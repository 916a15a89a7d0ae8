import { DeleteAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand, DetachLoadBalancerTargetGroupsCommand } from '../../../src/aws/sdk/autoscaling.js';
import { DescribeInstancesCommand } from '../../../src/aws/sdk/ec2.js';
import { DescribeTargetGroupAttributesCommand, DescribeTargetHealthCommand } from '../../../src/aws/sdk/elbv2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { retireGroupKind } from '../../../src/steps/autoscaling/retire-group.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/aquamark-web/0123456789abcdef';
const input = { name: 'aq-web-v1', successor: 'aq-web-v2' };
const old = {
  AutoScalingGroupName: 'aq-web-v1',
  MinSize: 2,
  MaxSize: 4,
  DesiredCapacity: 2,
  TargetGroupARNs: [TG],
  HealthCheckType: 'ELB',
  DefaultCooldown: 300,
  AvailabilityZones: [],
  CreatedTime: new Date(),
  Instances: ['i-1', 'i-2'].map((InstanceId) => ({ InstanceId, LifecycleState: 'InService' as const, HealthStatus: 'Healthy', AvailabilityZone: 'us-east-1a', ProtectedFromScaleIn: false })),
};
const targets = (state: string) => ({ TargetHealthDescriptions: ['i-1', 'i-2', 'i-9'].map((Id) => ({ Target: { Id }, TargetHealth: { State: Id === 'i-9' ? 'healthy' : state } })) }) as never;
const running = (state: string) => ({ Reservations: [{ Instances: [{ InstanceId: 'i-1', State: { Name: state } }] }] }) as never;

describe('autoscaling.retireGroup', () => {
  beforeEach(resetMocks);

  it('is done when the group is gone and none of its instances is left', async () => {
    mocks.autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
    mocks.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    expect(await retireGroupKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { name: 'aq-web-v1' } });
    expect(mocks.ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, { Filters: expect.arrayContaining([{ Name: 'tag:aws:autoscaling:groupName', Values: ['aq-web-v1'] }]) });
  });

  it('is not done while an instance of the deleted group still shuts down', async () => {
    mocks.autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
    mocks.ec2.on(DescribeInstancesCommand).resolves(running('shutting-down'));
    expect(await retireGroupKind.check(stepContext(), input)).toMatchObject({ done: false, reason: expect.stringMatching(/not terminated yet: i-1 shutting-down/) });
  });

  it('detaches, waits until its instances have drained, force-deletes it and waits until its instances are terminated', async () => {
    mocks.autoscaling.on(DescribeAutoScalingGroupsCommand).resolvesOnce({ AutoScalingGroups: [old] }).resolvesOnce({ AutoScalingGroups: [{ ...old, Status: 'Delete in progress' }] }).resolves({ AutoScalingGroups: [] });
    mocks.elbv2.on(DescribeTargetGroupAttributesCommand).resolves({ Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }] });
    mocks.elbv2.on(DescribeTargetHealthCommand).resolvesOnce(targets('draining')).resolves({ TargetHealthDescriptions: [{ Target: { Id: 'i-9' }, TargetHealth: { State: 'healthy' } }] });
    mocks.ec2.on(DescribeInstancesCommand).resolvesOnce(running('shutting-down')).resolves({ Reservations: [] });
    const ctx = stepContext();
    const found = await retireGroupKind.check(ctx, input);
    if (found.done) throw new Error('expected not done');
    expect(retireGroupKind.plan(input, found.found, ctx).map((c) => c.operation)).toEqual(['DetachLoadBalancerTargetGroups', 'DeleteAutoScalingGroup']);
    expect(await retireGroupKind.apply!(ctx, input, found.found)).toEqual({ name: 'aq-web-v1' });
    expect(mocks.autoscaling).toHaveReceivedCommandWith(DetachLoadBalancerTargetGroupsCommand, { AutoScalingGroupName: 'aq-web-v1', TargetGroupARNs: [TG] });
    expect(mocks.autoscaling).toHaveReceivedCommandWith(DeleteAutoScalingGroupCommand, { AutoScalingGroupName: 'aq-web-v1', ForceDelete: true });
    expect(mocks.elbv2).toHaveReceivedCommandTimes(DescribeTargetHealthCommand, 2);
    expect(mocks.ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 2);
    expect(ctx.progressLines.join('\n')).toMatch(/deregistration delay 30s/);
  });

  it('plans the detach and the delete when its check could not run (a dry-run after planned steps), nothing when the group is gone', () => {
    expect(retireGroupKind.plan(input, undefined, stepContext()).map((c) => c.operation)).toEqual(['DetachLoadBalancerTargetGroups', 'DeleteAutoScalingGroup']);
    expect(retireGroupKind.plan(input, {}, stepContext())).toEqual([]);
  });

  it('cuts the drain at drainSeconds when asked', async () => {
    mocks.autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
    mocks.elbv2.on(DescribeTargetGroupAttributesCommand).resolves({ Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '300' }] });
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves(targets('draining'));
    mocks.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    const ctx = stepContext();
    await retireGroupKind.apply!(ctx, { ...input, drainSeconds: 10 }, { group: old });
    expect(ctx.progressLines.join('\n')).toMatch(/deregistration delay 300s, cut at 10s/);
    expect(mocks.autoscaling).toHaveReceivedCommandWith(DeleteAutoScalingGroupCommand, { AutoScalingGroupName: 'aq-web-v1', ForceDelete: true });
  });

  it('never retires the successor itself', async () => {
    await expect(retireGroupKind.check(stepContext(), { name: 'aq-web-v2', successor: 'aq-web-v2' })).rejects.toThrow(/cannot retire in favour of itself/);
  });

  it('lets AWS errors through by name', async () => {
    mocks.elbv2.on(DescribeTargetGroupAttributesCommand).resolves({ Attributes: [] });
    mocks.autoscaling.on(DetachLoadBalancerTargetGroupsCommand).rejects(awsError('ResourceContention', 'busy'));
    await expect(retireGroupKind.apply!(stepContext(), input, { group: old })).rejects.toMatchObject({ name: 'ResourceContention' });
  });
});
