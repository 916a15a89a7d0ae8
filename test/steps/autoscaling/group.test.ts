import { AttachLoadBalancersCommand, CreateAutoScalingGroupCommand, DeleteAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand } from '../../../src/aws/sdk/autoscaling.js';
import { DescribeInstancesCommand } from '../../../src/aws/sdk/ec2.js';
import { DescribeTargetHealthCommand } from '../../../src/aws/sdk/elbv2.js';
import { DescribeInstanceHealthCommand } from '../../../src/aws/sdk/elb.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { groupKind, type GroupInput } from '../../../src/steps/autoscaling/group.js';
import { groupUndo } from '../../../src/steps/autoscaling/group-undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/aquamark-web/0123456789abcdef';
const input: GroupInput = {
  name: 'aquamark-web',
  launchTemplateId: 'lt-1',
  launchTemplateVersion: '1',
  subnets: 'subnet-a,subnet-b',
  minSize: 2,
  maxSize: 4,
  desiredCapacity: 2,
  targetGroupArns: [TG],
  healthCheckGracePeriodSeconds: 300,
};
const instances = [
  { InstanceId: 'i-1', LifecycleState: 'InService' as const, HealthStatus: 'Healthy', AvailabilityZone: 'us-east-1a', ProtectedFromScaleIn: false },
  { InstanceId: 'i-2', LifecycleState: 'InService' as const, HealthStatus: 'Healthy', AvailabilityZone: 'us-east-1b', ProtectedFromScaleIn: false },
];
const group = (extra: object = {}) => ({
  AutoScalingGroupName: 'aquamark-web',
  AutoScalingGroupARN: 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:x:autoScalingGroupName/aquamark-web',
  LaunchTemplate: { LaunchTemplateId: 'lt-1', Version: '1' },
  MinSize: 2,
  MaxSize: 4,
  DesiredCapacity: 2,
  VPCZoneIdentifier: 'subnet-b,subnet-a',
  TargetGroupARNs: [TG],
  HealthCheckType: 'ELB',
  HealthCheckGracePeriod: 300,
  Instances: instances,
  DefaultCooldown: 300,
  AvailabilityZones: [],
  CreatedTime: new Date(),
  ...extra,
});
const health = (state: 'healthy' | 'initial') => ({ TargetHealthDescriptions: ['i-1', 'i-2'].map((Id) => ({ Target: { Id }, TargetHealth: { State: state } })) });

describe('autoscaling.group', () => {
  beforeEach(resetMocks);

  it('is done when the desired count is healthy in the target group', async () => {
    mocks.autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [group()] });
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves(health('healthy'));
    expect(await groupKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { instanceIds: ['i-1', 'i-2'] } });
  });

  it('creates it with ELB health checks and propagated tags, then waits for healthy targets', async () => {
    mocks.autoscaling.on(DescribeAutoScalingGroupsCommand).resolvesOnce({ AutoScalingGroups: [] }).resolves({ AutoScalingGroups: [group()] });
    mocks.elbv2.on(DescribeTargetHealthCommand).resolvesOnce(health('initial')).resolves(health('healthy'));
    const ctx = stepContext();
    const found = await groupKind.check(ctx, input);
    if (found.done) throw new Error('expected not done');
    expect(await groupKind.apply!(ctx, input, found.found)).toMatchObject({ instanceIds: ['i-1', 'i-2'] });
    expect(mocks.autoscaling).toHaveReceivedCommandWith(CreateAutoScalingGroupCommand, {
      AutoScalingGroupName: 'aquamark-web',
      LaunchTemplate: { LaunchTemplateId: 'lt-1', Version: '1' },
      HealthCheckType: 'ELB',
      TargetGroupARNs: [TG],
      Tags: ctx.tags('aquamark-web').map((t) => ({ ...t, PropagateAtLaunch: true })),
    });
  });

  it('updates a group on an older template version instead of making another', async () => {
    mocks.autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [group({ LaunchTemplate: { LaunchTemplateId: 'lt-1', Version: '0' } })] });
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves(health('healthy'));
    const ctx = stepContext();
    const found = await groupKind.check(ctx, input);
    if (found.done) throw new Error('expected drift');
    mocks.autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [group()] });
    await groupKind.apply!(ctx, input, found.found);
    expect(mocks.autoscaling).toHaveReceivedCommandWith(UpdateAutoScalingGroupCommand, { AutoScalingGroupName: 'aquamark-web', LaunchTemplate: { LaunchTemplateId: 'lt-1', Version: '1' } });
    expect(mocks.autoscaling).not.toHaveReceivedCommand(CreateAutoScalingGroupCommand);
  });

  describe('with a classic load balancer', () => {
    const classic: GroupInput = { ...input, targetGroupArns: [], loadBalancerNames: ['qis-lb'] };
    const inService = (state: 'InService' | 'OutOfService') => ({ InstanceStates: ['i-1', 'i-2'].map((InstanceId) => ({ InstanceId, State: state })) });

    it('is done when the desired count is InService in the load balancer', async () => {
      mocks.autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [group({ TargetGroupARNs: [], LoadBalancerNames: ['qis-lb'] })] });
      mocks.elb.on(DescribeInstanceHealthCommand).resolves(inService('InService'));
      expect(await groupKind.check(stepContext(), classic)).toMatchObject({ done: true, outputs: { instanceIds: ['i-1', 'i-2'] } });
    });

    it('creates it with LoadBalancerNames and waits until its instances are InService', async () => {
      mocks.autoscaling.on(DescribeAutoScalingGroupsCommand).resolvesOnce({ AutoScalingGroups: [] }).resolves({ AutoScalingGroups: [group({ TargetGroupARNs: [], LoadBalancerNames: ['qis-lb'] })] });
      mocks.elb.on(DescribeInstanceHealthCommand).resolvesOnce(inService('OutOfService')).resolves(inService('InService'));
      const ctx = stepContext();
      const found = await groupKind.check(ctx, classic);
      if (found.done) throw new Error('expected not done');
      expect(await groupKind.apply!(ctx, classic, found.found)).toMatchObject({ instanceIds: ['i-1', 'i-2'] });
      expect(mocks.autoscaling).toHaveReceivedCommandWith(CreateAutoScalingGroupCommand, { LoadBalancerNames: ['qis-lb'], HealthCheckType: 'ELB' });
    });

    it('attaches a group that is not attached to the load balancer', async () => {
      mocks.autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [group({ TargetGroupARNs: [], LoadBalancerNames: [] })] });
      mocks.elb.on(DescribeInstanceHealthCommand).resolves(inService('InService'));
      const ctx = stepContext();
      const found = await groupKind.check(ctx, classic);
      if (found.done) throw new Error('expected not attached');
      expect(found.reason).toContain('is not attached to qis-lb');
      expect(groupKind.plan(classic, found.found, ctx).map((c) => c.operation)).toContain('AttachLoadBalancers');
      await groupKind.apply!(ctx, classic, found.found);
      expect(mocks.autoscaling).toHaveReceivedCommandWith(AttachLoadBalancersCommand, { AutoScalingGroupName: 'aquamark-web', LoadBalancerNames: ['qis-lb'] });
      expect(mocks.autoscaling).not.toHaveReceivedCommand(CreateAutoScalingGroupCommand);
    });
  });

  it('lets AWS errors through by name', async () => {
    mocks.autoscaling.on(CreateAutoScalingGroupCommand).rejects(awsError('LimitExceeded', 'too many groups'));
    await expect(groupKind.apply!(stepContext(), input, { exists: false, drift: [], missingTargetGroups: [] })).rejects.toMatchObject({ name: 'LimitExceeded' });
  });

  it('undo: force-deletes the run\'s group and waits until it is gone and its instances are terminated', async () => {
    const ctx = stepContext();
    mocks.ec2.on(DescribeInstancesCommand).resolvesOnce({ Reservations: [{ Instances: [{ InstanceId: 'i-1', State: { Name: 'shutting-down' } }] }] }).resolves({ Reservations: [] });
    mocks.autoscaling.on(DescribeAutoScalingGroupsCommand).resolvesOnce({ AutoScalingGroups: [group({ Tags: [{ Key: 'runbook:run-id', Value: ctx.runId }] })] }).resolves({ AutoScalingGroups: [] });
    const [made] = await groupUndo.find(ctx, { input, outputs: {}, status: 'changed' });
    expect(made).toMatchObject({ type: 'autoscaling:group', madeByRun: true });
    await groupUndo.remove(ctx, made!, { snapshotFirst: false });
    expect(mocks.autoscaling).toHaveReceivedCommandWith(DeleteAutoScalingGroupCommand, { AutoScalingGroupName: 'aquamark-web', ForceDelete: true });
    expect(mocks.ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 2);
  });
});
