import {
  CreateSecurityGroupCommand,
  CreateNatGatewayCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  RunInstancesCommand,
} from '../../src/aws/sdk/ec2.js';
import { GetParameterCommand } from '../../src/aws/sdk/ssm.js';
import { GetCallerIdentityCommand } from '../../src/aws/sdk/sts.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSandbox } from '../../src/sandbox/index.js';
import { newSandbox, sessionFor, simulatedWait, tempStateDir, UBUNTU_AMD64_PARAMETER, UBUNTU_AMI } from './helpers.js';

describe('sandbox account', () => {
  it('is a fresh account with a default VPC, its subnets and default security group', async () => {
    const { aws } = newSandbox();
    const identity = await aws.sts.send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/sandbox-operator' });

    const { Vpcs } = await aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }));
    expect(Vpcs).toHaveLength(1);
    const vpc = Vpcs![0]!;
    expect(vpc).toMatchObject({ CidrBlock: '172.31.0.0/16', IsDefault: true, State: 'available' });
    expect(vpc.VpcId).toMatch(/^vpc-[0-9a-f]{17}$/);

    const { Subnets } = await aws.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }, { Name: 'default-for-az', Values: ['true'] }] }));
    expect(Subnets!.map((s) => [s.AvailabilityZone, s.CidrBlock, s.MapPublicIpOnLaunch]).sort()).toEqual([
      ['us-east-1a', '172.31.0.0/20', true],
      ['us-east-1b', '172.31.16.0/20', true],
      ['us-east-1c', '172.31.32.0/20', true],
    ]);

    const { SecurityGroups } = await aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }));
    expect(SecurityGroups!.map((g) => g.GroupName)).toEqual(['default']);
  });

  it('resolves the public Ubuntu AMI parameter to an image DescribeImages knows', async () => {
    const { aws } = newSandbox();
    const { Parameter } = await aws.ssm.send(new GetParameterCommand({ Name: UBUNTU_AMD64_PARAMETER }));
    const { Images } = await aws.ec2.send(new DescribeImagesCommand({ ImageIds: [Parameter!.Value!] }));
    expect(Images![0]).toMatchObject({ Architecture: 'x86_64', RootDeviceName: '/dev/sda1' });
    await expect(aws.ssm.send(new GetParameterCommand({ Name: '/no/such/parameter' }))).rejects.toMatchObject({ name: 'ParameterNotFound' });
  });

  it('keeps the account across processes: a second open sees what the first created', async () => {
    const stateDir = tempStateDir();
    const first = openSandbox({ stateDir });
    const created = await sessionFor(first).ec2.send(new CreateSecurityGroupCommand({ GroupName: 'redis', Description: 'Redis' }));
    const file = join(stateDir, 'sandbox', 'account.json');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(stateDir, 'sandbox')).mode & 0o777).toBe(0o700);

    const second = openSandbox({ stateDir });
    const { SecurityGroups } = await sessionFor(second).ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [created.GroupId!] }));
    expect(SecurityGroups![0]!.GroupName).toBe('redis');
    expect(second.snapshot().regions['us-east-1']!.vpcs).toEqual(first.snapshot().regions['us-east-1']!.vpcs);
  });

  it('lets time move on between processes: an instance launched in one is running in the next', async () => {
    const stateDir = tempStateDir();
    const run = await sessionFor(openSandbox({ stateDir })).ec2.send(new RunInstancesCommand({ ImageId: UBUNTU_AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }));
    expect(run.Instances![0]!.State!.Name).toBe('pending');
    await simulatedWait(21);
    const { Reservations } = await sessionFor(openSandbox({ stateDir })).ec2.send(new DescribeInstancesCommand({ InstanceIds: [run.Instances![0]!.InstanceId!] }));
    expect(Reservations![0]!.Instances![0]!.State!.Name).toBe('running');
  });

  it('does not write the account for reads', async () => {
    const { aws, stateDir } = newSandbox();
    const file = join(stateDir, 'sandbox', 'account.json');
    const before = readFileSync(file, 'utf8');
    const mtime = statSync(file).mtimeMs;
    await aws.ec2.send(new DescribeVpcsCommand({}));
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(statSync(file).mtimeMs).toBe(mtime);
  });

  it('refuses an operation it does not simulate with UnsupportedOperation', async () => {
    const { aws, sandbox } = newSandbox();
    await expect(aws.ec2.send(new CreateNatGatewayCommand({ SubnetId: 'subnet-0000000000000000a' }))).rejects.toMatchObject({
      name: 'UnsupportedOperation',
      message: 'The sandbox does not simulate ec2:CreateNatGateway',
      $metadata: expect.objectContaining({ httpStatusCode: 400 }),
    });
    await expect(sandbox.handle({ service: 'route53', operation: 'CreateHostedZone', input: {}, probe: false })).rejects.toMatchObject({ name: 'UnsupportedOperation' });
  });

  it('answers an EC2 DryRun with DryRunOperation and changes nothing', async () => {
    const { aws, sandbox } = newSandbox();
    await expect(aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'x', Description: 'x', DryRun: true }))).rejects.toMatchObject({ name: 'DryRunOperation' });
    expect(Object.values(sandbox.snapshot().regions['us-east-1']!.securityGroups).map((g) => g.GroupName)).toEqual(['default']);
  });
});
