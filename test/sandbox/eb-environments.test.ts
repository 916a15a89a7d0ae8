import { DescribeInstancesCommand } from '../../src/aws/sdk/ec2.js';
import {
  CreateApplicationCommand,
  CreateEnvironmentCommand,
  DescribeConfigurationSettingsCommand,
  DescribeEnvironmentResourcesCommand,
  DescribeEnvironmentsCommand,
  DescribeEventsCommand,
  DescribePlatformVersionCommand,
  ListPlatformVersionsCommand,
  UpdateEnvironmentCommand,
} from '../../src/aws/sdk/elasticbeanstalk.js';
import { DescribeInstanceInformationCommand } from '../../src/aws/sdk/ssm.js';
import { describe, expect, it } from 'vitest';
import { environment, network, phpPlatform, settings } from '../../runbooks/efs-shared-documents/tests/world.js';
import { newSandbox, simulatedWait } from './helpers.js';

describe('sandbox Elastic Beanstalk platforms', () => {
  it('lists platform versions by filter and describes one', async () => {
    const { aws } = newSandbox();
    const list = await aws.elasticBeanstalk.send(
      new ListPlatformVersionsCommand({
        Filters: [
          { Type: 'PlatformBranchName', Operator: 'ends_with', Values: ['running on 64bit Amazon Linux 2023'] },
          { Type: 'PlatformLifecycleState', Operator: '=', Values: ['recommended'] },
          { Type: 'ProgrammingLanguageName', Operator: '=', Values: ['PHP'] },
        ],
      }),
    );
    expect(list.PlatformSummaryList!.map((p) => p.PlatformBranchName)).toEqual([
      'PHP 8.4 running on 64bit Amazon Linux 2023',
      'PHP 8.3 running on 64bit Amazon Linux 2023',
      'PHP 8.2 running on 64bit Amazon Linux 2023',
    ]);
    const arn = list.PlatformSummaryList![0]!.PlatformArn!;
    const described = await aws.elasticBeanstalk.send(new DescribePlatformVersionCommand({ PlatformArn: arn }));
    expect(described.PlatformDescription).toMatchObject({ PlatformStatus: 'Ready', SolutionStackName: '64bit Amazon Linux 2023 v4.7.1 running PHP 8.4' });
    await expect(aws.elasticBeanstalk.send(new ListPlatformVersionsCommand({ Filters: [{ Type: 'Colour', Operator: '=', Values: ['blue'] }] }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });
});

describe('sandbox Elastic Beanstalk environments', () => {
  it('launches over minutes with the console\'s events; its instances run in the subnets and groups given and register with SSM', async () => {
    const { aws } = newSandbox();
    const world = await network(aws, { nfsOpen: true });
    const started = new Date();
    await environment(aws, world);
    const status = async () => (await aws.elasticBeanstalk.send(new DescribeEnvironmentsCommand({ EnvironmentNames: ['OpenEMR'] }))).Environments![0]!;
    expect(await status()).toMatchObject({ Status: 'Launching', Health: 'Grey' });

    const resources = (await aws.elasticBeanstalk.send(new DescribeEnvironmentResourcesCommand({ EnvironmentName: 'OpenEMR' }))).EnvironmentResources!;
    const ids = resources.Instances!.map((i) => i.Id!);
    expect(ids).toHaveLength(2);
    const instances = (await aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }))).Reservations!.flatMap((r) => r.Instances!);
    expect(instances.map((i) => i.SubnetId).sort()).toEqual([...world.subnetIds].sort());
    for (const i of instances) {
      expect(i.SecurityGroups!.map((g) => g.GroupId)).toContain(world.instancesGroup);
      expect(i.MetadataOptions?.HttpTokens).toBe('required');
      expect(i.IamInstanceProfile?.Arn).toMatch(/instance-profile\/web$/);
    }

    await simulatedWait(181);
    expect(await status()).toMatchObject({ Status: 'Ready', Health: 'Green', PlatformArn: await phpPlatform(aws) });
    const events = (await aws.elasticBeanstalk.send(new DescribeEventsCommand({ EnvironmentName: 'OpenEMR', StartTime: started }))).Events!;
    expect(events.at(-1)!.Message).toBe('createEnvironment is starting.');
    expect(events[0]!.Message).toBe('Successfully launched environment: OpenEMR');
    const online = (await aws.ssm.send(new DescribeInstanceInformationCommand({}))).InstanceInformationList!.filter((i) => ids.includes(i.InstanceId!));
    expect(online.map((i) => i.PingStatus)).toEqual(['Online', 'Online']);
    const configuration = (await aws.elasticBeanstalk.send(new DescribeConfigurationSettingsCommand({ ApplicationName: 'openemr', EnvironmentName: 'OpenEMR' }))).ConfigurationSettings![0]!;
    expect(configuration.OptionSettings).toContainEqual({ Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: '2' });

    // A larger minimum launches more instances; the VPC cannot change.
    await aws.elasticBeanstalk.send(new UpdateEnvironmentCommand({ EnvironmentName: 'OpenEMR', OptionSettings: [{ Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: '3' }] }));
    expect((await aws.elasticBeanstalk.send(new DescribeEnvironmentResourcesCommand({ EnvironmentName: 'OpenEMR' }))).EnvironmentResources!.Instances).toHaveLength(3);
    await simulatedWait(91);
    await expect(
      aws.elasticBeanstalk.send(new UpdateEnvironmentCommand({ EnvironmentName: 'OpenEMR', OptionSettings: [{ Namespace: 'aws:ec2:vpc', OptionName: 'VPCId', Value: 'vpc-0000000000000000a' }] })),
    ).rejects.toMatchObject({ name: 'ConfigurationValidationException' });
  });

  it('refuses what cannot work: one zone for the load balancer, an unknown profile, a retired platform, a duplicate name', async () => {
    const { aws } = newSandbox();
    const world = await network(aws, { nfsOpen: true });
    await aws.elasticBeanstalk.send(new CreateApplicationCommand({ ApplicationName: 'openemr' }));
    await expect(aws.elasticBeanstalk.send(new CreateApplicationCommand({ ApplicationName: 'openemr' }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    const create = (options: ReturnType<typeof settings>, PlatformArn?: string) =>
      aws.elasticBeanstalk.send(new CreateEnvironmentCommand({ ApplicationName: 'openemr', EnvironmentName: 'OpenEMR', PlatformArn, OptionSettings: options }));
    const php = await phpPlatform(aws);
    const oneZone = settings(world).map((s) => (s.OptionName === 'ELBSubnets' ? { ...s, Value: world.subnetIds[0]! } : s));
    await expect(create(oneZone, php)).rejects.toMatchObject({ name: 'ConfigurationValidationException', message: expect.stringContaining('two different Availability Zones') });
    const noProfile = settings(world).map((s) => (s.OptionName === 'IamInstanceProfile' ? { ...s, Value: 'missing' } : s));
    await expect(create(noProfile, php)).rejects.toMatchObject({ message: expect.stringContaining('The instance profile missing does not exist') });
    await expect(create(settings(world), 'arn:aws:elasticbeanstalk:us-east-1::platform/PHP 7.0 running on 64bit Amazon Linux/2.8.7')).rejects.toMatchObject({ message: expect.stringContaining('retired') });
    await create(settings(world), php);
    await expect(create(settings(world), php)).rejects.toMatchObject({ name: 'InvalidParameterValue', message: 'Environment OpenEMR already exists.' });
  });
});
