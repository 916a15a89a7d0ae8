import { DescribeAutoScalingGroupsCommand } from '../../../src/aws/sdk/autoscaling.js';
import { DescribeLaunchTemplateVersionsCommand } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { currentGroupKind } from '../../../src/steps/autoscaling/current-group.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/aquamark-web/0123456789abcdef';
const group = (name: string) => ({
  AutoScalingGroupName: name,
  LaunchTemplate: { LaunchTemplateId: 'lt-1', Version: '1' },
  MinSize: 2,
  MaxSize: 4,
  DesiredCapacity: 2,
  VPCZoneIdentifier: 'subnet-a,subnet-b',
  TargetGroupARNs: [TG],
  HealthCheckGracePeriod: 300,
  HealthCheckType: 'ELB',
  DefaultCooldown: 300,
  AvailabilityZones: [],
  CreatedTime: new Date(),
  Instances: [{ InstanceId: 'i-1', LifecycleState: 'InService' as const, HealthStatus: 'Healthy', AvailabilityZone: 'us-east-1a', ProtectedFromScaleIn: false }],
});

describe('autoscaling.currentGroup', () => {
  beforeEach(resetMocks);

  it('reads the serving group, its template version and the image it launches', async () => {
    mocks.autoscaling.on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ['aq-web-v2'] }).resolves({ AutoScalingGroups: [] });
    mocks.autoscaling.on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ['aq-web-v1'] }).resolves({ AutoScalingGroups: [group('aq-web-v1')] });
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-1', Versions: ['1'] }).resolves({
      LaunchTemplateVersions: [
        { VersionNumber: 1, LaunchTemplateData: { ImageId: 'ami-old', IamInstanceProfile: { Name: 'aquamark-web' }, NetworkInterfaces: [{ DeviceIndex: 0, Groups: ['sg-web'] }], BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 20 } }] } },
      ],
    });
    expect(await currentGroupKind.check(stepContext(), { name: 'aq-web-v1', orElse: 'aq-web-v2' })).toMatchObject({
      done: true,
      outputs: { name: 'aq-web-v1', launchTemplateId: 'lt-1', launchTemplateVersion: '1', imageId: 'ami-old', targetGroupArns: [TG], subnets: 'subnet-a,subnet-b', desiredCapacity: 2, subnetId: 'subnet-a', securityGroupIds: ['sg-web'], instanceProfileName: 'aquamark-web', rootDeviceName: '/dev/sda1', rootVolumeGiB: 20 },
    });
  });

  it('gives the same answer through the successor once it exists (a run resumed mid-swap, or made again): its version leads back to the one it copies', async () => {
    mocks.autoscaling.on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ['aq-web-v1'] }).resolves({ AutoScalingGroups: [] });
    mocks.autoscaling.on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ['aq-web-v2'] }).resolves({ AutoScalingGroups: [{ ...group('aq-web-v2'), LaunchTemplate: { LaunchTemplateId: 'lt-1', Version: '2' } }] });
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-1', Versions: ['2'] }).resolves({ LaunchTemplateVersions: [{ VersionNumber: 2, VersionDescription: 'made by runbook run r-1, a copy of version 1', LaunchTemplateData: { ImageId: 'ami-new' } }] });
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-1', Versions: ['1'] }).resolves({ LaunchTemplateVersions: [{ VersionNumber: 1, LaunchTemplateData: { ImageId: 'ami-old' } }] });
    const answer = await currentGroupKind.check(stepContext(), { name: 'aq-web-v1', orElse: 'aq-web-v2' });
    expect(answer).toMatchObject({ done: true, outputs: { name: 'aq-web-v1', launchTemplateVersion: '1', imageId: 'ami-old', targetGroupArns: [TG] } });
    expect(answer.done && answer.evidence?.[0]).toMatch(/read through its successor aq-web-v2 \(version 2\)/);
  });

  it('fails with one sentence when neither group exists, and plans nothing', async () => {
    mocks.autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
    await expect(currentGroupKind.check(stepContext(), { name: 'aq-web-v1', orElse: 'aq-web-v2' })).rejects.toThrow(/^No Auto Scaling group aq-web-v1 \(nor aq-web-v2\) in us-east-1/);
    expect(currentGroupKind.plan({ name: 'aq-web-v1' }, undefined, stepContext())).toEqual([]);
  });

  it('lets AWS errors through by name', async () => {
    mocks.autoscaling.on(DescribeAutoScalingGroupsCommand).rejects(awsError('AccessDenied', 'no'));
    await expect(currentGroupKind.check(stepContext(), { name: 'aq-web-v1' })).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
