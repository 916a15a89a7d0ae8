/**
 * Instances behind a load balancer, as qis-web-scaling puts them there: one
 * registered by id with a classic load balancer (elb.registeredInstances) or
 * in a target group (elbv2.registeredTargets), and an Auto Scaling group's
 * through its LoadBalancerNames (at creation, or AttachLoadBalancers).
 */
import { AttachLoadBalancersCommand, CreateAutoScalingGroupCommand, DeleteAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand } from '../../../src/aws/sdk/autoscaling.js';
import { CreateLaunchTemplateCommand, DescribeSubnetsCommand, DescribeVpcsCommand, RunInstancesCommand, TerminateInstancesCommand } from '../../../src/aws/sdk/ec2.js';
import {
  CreateLoadBalancerCommand,
  DeleteLoadBalancerCommand,
  DeregisterInstancesFromLoadBalancerCommand,
  DescribeInstanceHealthCommand,
  DescribeLoadBalancersCommand,
  RegisterInstancesWithLoadBalancerCommand,
} from '../../../src/aws/sdk/elb.js';
import { CreateTargetGroupCommand, DeleteTargetGroupCommand, DeregisterTargetsCommand, DescribeTargetHealthCommand, RegisterTargetsCommand } from '../../../src/aws/sdk/elbv2.js';
import { shapeOf, type Probe, type Scenario } from '../harness.js';
import { launchRequest, ubuntuImage } from './ec2-compute.js';

const LISTENERS = [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }];

/** A classic load balancer in the default VPC's first subnet. */
async function loadBalancer(t: Probe, name: string): Promise<{ subnetId: string }> {
  const vpcId = (await t.aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }))).Vpcs![0]!.VpcId!;
  const subnetId = (await t.aws.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets!.sort((a, b) => a.AvailabilityZone!.localeCompare(b.AvailabilityZone!))[0]!.SubnetId!;
  await t.aws.elb.send(new CreateLoadBalancerCommand({ LoadBalancerName: name, Scheme: 'internet-facing', Subnets: [subnetId], Listeners: LISTENERS }));
  return { subnetId };
}

const registeredIds = async (t: Probe, name: string) =>
  ((await t.aws.elb.send(new DescribeLoadBalancersCommand({ LoadBalancerNames: [name] }))).LoadBalancerDescriptions?.[0]?.Instances ?? []).map((i) => i.InstanceId);

export const elbInstanceScenarios: Scenario[] = [
  {
    name: 'an instance as elb.registeredInstances registers it: listed, its health, deregistered',
    operations: ['elb:RegisterInstancesWithLoadBalancer', 'elb:DescribeInstanceHealth', 'elb:DeregisterInstancesFromLoadBalancer'],
    async run(t) {
      const name = t.unique('clb-reg').slice(0, 32);
      await loadBalancer(t, name);
      const instanceId = (await t.aws.ec2.send(new RunInstancesCommand(await launchRequest(t, name)))).Instances![0]!.InstanceId!;
      // Its answer lists the registered instances on AWS, none on moto, and moto lists an instance registered twice twice:
      // the step reads DescribeLoadBalancers and registers only what is not listed.
      await t.aws.elb.send(new RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: name, Instances: [{ InstanceId: instanceId }] }));
      t.observe('DescribeLoadBalancers lists it', (await registeredIds(t, name)).map((id) => id === instanceId));
      const health = await t.aws.elb.send(new DescribeInstanceHealthCommand({ LoadBalancerName: name, Instances: [{ InstanceId: instanceId }] }));
      t.observe('DescribeInstanceHealth', shapeOf(health, ['InstanceStates[].InstanceId', 'InstanceStates[].State']));
      t.observe('a state ELB documents', ['InService', 'OutOfService', 'Unknown'].includes(health.InstanceStates?.[0]?.State ?? ''));
      t.observe('the health of an unknown load balancer', await t.outcome(t.aws.elb.send(new DescribeInstanceHealthCommand({ LoadBalancerName: `${name.slice(0, 28)}-no` }))));
      await t.aws.elb.send(new DeregisterInstancesFromLoadBalancerCommand({ LoadBalancerName: name, Instances: [{ InstanceId: instanceId }] }));
      t.observe('after DeregisterInstancesFromLoadBalancer', (await registeredIds(t, name)).length);
      await t.aws.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
      await t.aws.elb.send(new DeleteLoadBalancerCommand({ LoadBalancerName: name }));
    },
  },
];

export const groupLoadBalancerScenarios: Scenario[] = [
  {
    name: 'a group as autoscaling.group makes it with classic load balancers: LoadBalancerNames, AttachLoadBalancers, its instances registered',
    operations: ['autoscaling:AttachLoadBalancers'],
    async run(t) {
      const name = t.unique('asg-clb').slice(0, 32);
      const other = `${name.slice(0, 29)}-b`;
      const { subnetId } = await loadBalancer(t, name);
      await loadBalancer(t, other);
      const lt = (await t.aws.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: name, LaunchTemplateData: { ImageId: await ubuntuImage(t), InstanceType: 't3.small' } }))).LaunchTemplate!;
      const describe = async () => (await t.aws.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups![0]!;
      await t.aws.autoscaling.send(
        new CreateAutoScalingGroupCommand({ AutoScalingGroupName: name, LaunchTemplate: { LaunchTemplateId: lt.LaunchTemplateId, Version: '1' }, MinSize: 1, MaxSize: 2, DesiredCapacity: 1, VPCZoneIdentifier: subnetId, LoadBalancerNames: [name], HealthCheckType: 'ELB', HealthCheckGracePeriod: 300 }),
      );
      const g = await describe();
      t.observe('DescribeAutoScalingGroups', shapeOf(g, ['LoadBalancerNames', 'Instances[].InstanceId']));
      t.observe('its load balancers', g.LoadBalancerNames?.join() === name);
      t.observe('its instance registered', (await registeredIds(t, name)).join() === (g.Instances ?? []).map((i) => i.InstanceId).join());
      t.observe('AttachLoadBalancers', shapeOf(await t.aws.autoscaling.send(new AttachLoadBalancersCommand({ AutoScalingGroupName: name, LoadBalancerNames: [other] })), []));
      t.observe('its load balancers after AttachLoadBalancers', [...((await describe()).LoadBalancerNames ?? [])].sort().join() === [name, other].sort().join());
      t.observe('its instance registered with the second', (await registeredIds(t, other)).length);
      await t.aws.autoscaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name, ForceDelete: true }));
      await t.until(`${name} gone`, async () => (await t.aws.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups ?? [], (groups) => groups.length === 0);
      await t.aws.elb.send(new DeleteLoadBalancerCommand({ LoadBalancerName: name }));
      await t.aws.elb.send(new DeleteLoadBalancerCommand({ LoadBalancerName: other }));
    },
  },
];

export const targetScenarios: Scenario[] = [
  {
    name: 'an instance as elbv2.registeredTargets registers it in a target group: its health listed, deregistered',
    operations: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
    async run(t) {
      const name = t.unique('tg-reg').slice(0, 32);
      const request = await launchRequest(t, name);
      const vpcId = (await t.aws.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [request.SubnetId!] }))).Subnets![0]!.VpcId!;
      const tg = (await t.aws.elbv2.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: vpcId, HealthCheckPath: '/' }))).TargetGroups![0]!.TargetGroupArn!;
      const instanceId = (await t.aws.ec2.send(new RunInstancesCommand(request))).Instances![0]!.InstanceId!;
      const ids = async () => ((await t.aws.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }))).TargetHealthDescriptions ?? []).map((d) => d.Target?.Id === instanceId);
      t.observe('RegisterTargets', shapeOf(await t.aws.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: instanceId }] })), []));
      t.observe('DescribeTargetHealth lists it', await ids());
      t.observe('DeregisterTargets', shapeOf(await t.aws.elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: instanceId }] })), []));
      await t.aws.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
      await t.aws.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg }));
    },
  },
];
