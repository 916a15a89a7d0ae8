/**
 * aquamark-upgrade against moto, on a serving group made with the SDK as
 * aquamark-deploy makes it (a launch template, a target group behind an
 * Application Load Balancer, the group in it): a dry-run reads moto's
 * answers (the group, the image its version launches, the load balancer)
 * and sends no write; the real run launches the build instance and stops at
 * its wait for the SSM agent, which moto cannot serve, before anything of
 * the swap; a second run launches no second build instance. What moto lacks
 * for the rest (DeleteLaunchTemplateVersions; SourceVersion, draining) is
 * in test/contract/differences.ts and the contract's notInMoto list.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CreateAutoScalingGroupCommand, AutoScalingClient } from '../../../src/aws/sdk/autoscaling.js';
import { CreateLaunchTemplateCommand, CreateSecurityGroupCommand, DescribeInstancesCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '../../../src/aws/sdk/ec2.js';
import { CreateInstanceProfileCommand } from '../../../src/aws/sdk/iam.js';
import { CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, ElasticLoadBalancingV2Client } from '../../../src/aws/sdk/elbv2.js';
import { tempStateDir } from '../../../test/helpers/cli.js';
import { motoClients, runOnMoto, statuses, writesSent, type MotoClients, type RunOutcome } from '../../../test/emulator/cli.js';
import { EMULATOR_REGION, motoAvailable, UBUNTU_2404_AMD64, useMoto } from '../../../test/emulator/moto.js';

const RUN = ['run', 'aquamark-upgrade', '--non-interactive', '--param', 'ref=v1.0.2', '--param', 'imageName=aq-web-v1.0.2-1'];
const NOT_IMPLEMENTED = /^ssm:DescribeInstanceInformation at http:\/\/127\.0\.0\.1:\d+ answered HTTP 500 with text\/html content that is not an AWS response/;

describe.skipIf(!motoAvailable())('aquamark-upgrade against moto', () => {
  const moto = useMoto();
  const dir = tempStateDir('aquamark-upgrade-moto-');
  let aws: MotoClients;
  let dry: RunOutcome;
  let first: RunOutcome;
  let second: RunOutcome;

  beforeAll(async () => {
    aws = motoClients(moto.current);
    const config = { endpoint: moto.current.endpoint, region: EMULATOR_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
    const elbv2 = new ElasticLoadBalancingV2Client(config);
    const autoscaling = new AutoScalingClient(config);
    const vpcId = (await aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }))).Vpcs![0]!.VpcId!;
    const subnets = (await aws.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets!.map((s) => s.SubnetId!).slice(0, 2);
    await aws.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'aquamark-web' }));
    const sg = (await aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'aquamark-web', Description: 'web', VpcId: vpcId }))).GroupId!;
    const lt = (await aws.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'aq-web-v1.0.1-1',
        LaunchTemplateData: { ImageId: UBUNTU_2404_AMD64, InstanceType: 't3.small', IamInstanceProfile: { Name: 'aquamark-web' }, NetworkInterfaces: [{ DeviceIndex: 0, Groups: [sg] }], BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 20 } }] },
      }),
    )).LaunchTemplate!;
    const tg = (await elbv2.send(new CreateTargetGroupCommand({ Name: 'aquamark-web', Protocol: 'HTTP', Port: 80, VpcId: vpcId, HealthCheckPath: '/ping' }))).TargetGroups![0]!;
    const lb = (await elbv2.send(new CreateLoadBalancerCommand({ Name: 'aquamark', Subnets: subnets, SecurityGroups: [sg] }))).LoadBalancers![0]!;
    await elbv2.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }] }));
    await autoscaling.send(
      new CreateAutoScalingGroupCommand({ AutoScalingGroupName: 'aq-web-v1.0.1-1', LaunchTemplate: { LaunchTemplateId: lt.LaunchTemplateId, Version: '1' }, MinSize: 2, MaxSize: 4, DesiredCapacity: 2, VPCZoneIdentifier: subnets.join(','), TargetGroupARNs: [tg.TargetGroupArn!] }),
    );
    dry = await runOnMoto(moto.current, dir, [...RUN, '--dry-run']);
    first = await runOnMoto(moto.current, dir, RUN);
    second = await runOnMoto(moto.current, dir, RUN);
  });

  it("a dry-run reads the serving group, the image its version launches and the load balancer, and sends no write", () => {
    expect(dry.code, dry.stderr).toBe(0);
    expect(writesSent(dry.state)).toEqual([]);
    expect(dry.step('current-group').outputs).toMatchObject({ name: 'aq-web-v1.0.1-1', launchTemplateVersion: '1', imageId: UBUNTU_2404_AMD64, instanceProfileName: 'aquamark-web', desiredCapacity: 2 });
    expect(dry.step('load-balancer').outputs.url).toMatch(/^http:\/\/aquamark-/);
    expect(dry.step('build-instance').plan?.[0]).toMatchObject({ operation: 'RunInstances', input: { ImageId: UBUNTU_2404_AMD64, InstanceType: 't3.micro' } });
  });

  it('launches the build instance from the serving image and stops at the SSM agent with one sentence, before anything of the swap', async () => {
    expect(first.code, first.stderr).toBe(1);
    expect(first.step('build-instance').error?.message).toMatch(NOT_IMPLEMENTED);
    expect(statuses(first.state)).toMatchObject({ 'current-group': 'ok', 'build-instance': 'failed', image: 'pending', 'new-group': 'pending', 'retire-old-group': 'pending' });
    const builds = (await aws.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: ['aquamark-upgrade-build'] }] }))).Reservations!.flatMap((r) => r.Instances!);
    expect(builds.map((i) => [i.ImageId, i.InstanceType])).toEqual([[UBUNTU_2404_AMD64, 't3.micro']]);
  });

  it('a second run finds the build instance by its tags and launches no other', () => {
    expect(second.code, second.stderr).toBe(1);
    expect(writesSent(second.state)).toEqual([]);
    expect(second.step('build-instance').error?.message).toMatch(NOT_IMPLEMENTED);
  });
});
