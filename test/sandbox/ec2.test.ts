import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  ReleaseAddressCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
} from '../../src/aws/sdk/ec2.js';
import { describe, expect, it } from 'vitest';
import { newSandbox, simulatedWait, UBUNTU_AMI } from './helpers.js';

const launch = { ImageId: UBUNTU_AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 } as const;

describe('sandbox EC2 instances', () => {
  it('launches once per ClientToken, as AWS does', async () => {
    const { aws, sandbox } = newSandbox();
    const first = await aws.ec2.send(new RunInstancesCommand({ ...launch, ClientToken: 'run-1/launch-instance' }));
    const again = await aws.ec2.send(new RunInstancesCommand({ ...launch, ClientToken: 'run-1/launch-instance' }));
    expect(again.ReservationId).toBe(first.ReservationId);
    expect(again.Instances![0]!.InstanceId).toBe(first.Instances![0]!.InstanceId);
    expect(Object.keys(sandbox.snapshot().regions['us-east-1']!.instances)).toHaveLength(1);

    const { Reservations } = await aws.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'client-token', Values: ['run-1/launch-instance'] }] }));
    expect(Reservations!.flatMap((r) => r.Instances!).map((i) => i.InstanceId)).toEqual([first.Instances![0]!.InstanceId]);

    await expect(aws.ec2.send(new RunInstancesCommand({ ...launch, InstanceType: 't3.small', ClientToken: 'run-1/launch-instance' }))).rejects.toMatchObject({
      name: 'IdempotentParameterMismatch',
    });
  });

  it('goes from pending to running after 20 simulated seconds, with its volumes, address and metadata options', async () => {
    const { aws } = newSandbox();
    const run = await aws.ec2.send(
      new RunInstancesCommand({
        ...launch,
        MetadataOptions: { HttpTokens: 'required' },
        BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 20, VolumeType: 'gp3', Encrypted: true } }],
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'Redis' }] }],
      }),
    );
    const id = run.Instances![0]!.InstanceId!;
    expect(id).toMatch(/^i-[0-9a-f]{17}$/);
    expect(run.Instances![0]!.State).toEqual({ Code: 0, Name: 'pending' });

    await simulatedWait(21);
    const { Reservations } = await aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    const instance = Reservations![0]!.Instances![0]!;
    expect(instance.State).toEqual({ Code: 16, Name: 'running' });
    expect(instance.PrivateIpAddress).toMatch(/^172\.31\.\d+\.\d+$/);
    expect(instance.MetadataOptions).toMatchObject({ HttpTokens: 'required', State: 'applied' });
    expect(instance.Tags).toEqual([{ Key: 'Name', Value: 'Redis' }]);
    expect(instance.LaunchTime).toBeInstanceOf(Date);

    const volumeId = instance.BlockDeviceMappings![0]!.Ebs!.VolumeId!;
    const { Volumes } = await aws.ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [id] }] }));
    expect(Volumes).toHaveLength(1);
    expect(Volumes![0]).toMatchObject({ VolumeId: volumeId, Size: 20, VolumeType: 'gp3', Encrypted: true, State: 'in-use' });

    const running = await aws.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['running'] }, { Name: 'tag:Name', Values: ['Red*'] }] }));
    expect(running.Reservations).toHaveLength(1);
  });

  it('validates what a launch names', async () => {
    const { aws } = newSandbox();
    await expect(aws.ec2.send(new RunInstancesCommand({ ...launch, IamInstanceProfile: { Name: 'nope' } }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: expect.stringContaining('Value (nope) for parameter iamInstanceProfile.name is invalid'),
    });
    await expect(aws.ec2.send(new RunInstancesCommand({ ...launch, ImageId: 'ami-0000000000000dead' }))).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
    await expect(aws.ec2.send(new RunInstancesCommand({ ...launch, SecurityGroupIds: ['sg-00000000000000000'] }))).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
    await expect(aws.ec2.send(new RunInstancesCommand({ ...launch, InstanceType: 'm7g.large' }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: expect.stringContaining("architecture 'arm64'"),
    });
    await expect(aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-00000000000000000'] }))).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
    await expect(aws.ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['t9.huge' as never] }))).rejects.toMatchObject({ name: 'InvalidInstanceType' });
    await expect(aws.ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['mine'] }))).rejects.toMatchObject({ name: 'InvalidKeyPair.NotFound' });
  });

  it('describes instance types by architecture', async () => {
    const { aws } = newSandbox();
    const { InstanceTypes } = await aws.ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['t4g.medium', 'm7i.large'] }));
    expect(Object.fromEntries(InstanceTypes!.map((t) => [t.InstanceType, t.ProcessorInfo!.SupportedArchitectures]))).toEqual({ 't4g.medium': ['arm64'], 'm7i.large': ['x86_64'] });
  });

  it('associates an Elastic IP only with a running instance, and refuses to steal it without AllowReassociation', async () => {
    const { aws } = newSandbox();
    const eip = await aws.ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: [{ Key: 'Name', Value: 'redis' }] }] }));
    expect(eip.AllocationId).toMatch(/^eipalloc-[0-9a-f]{17}$/);
    const [a, b] = (await aws.ec2.send(new RunInstancesCommand({ ...launch, MinCount: 2, MaxCount: 2 }))).Instances!.map((i) => i.InstanceId!);
    await expect(aws.ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: a }))).rejects.toMatchObject({ name: 'IncorrectInstanceState' });

    await simulatedWait(21);
    const assoc = await aws.ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: a }));
    expect(assoc.AssociationId).toMatch(/^eipassoc-[0-9a-f]{17}$/);
    await expect(aws.ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: b, AllowReassociation: false }))).rejects.toMatchObject({
      name: 'Resource.AlreadyAssociated',
    });

    const { Addresses } = await aws.ec2.send(new DescribeAddressesCommand({ Filters: [{ Name: 'tag:Name', Values: ['redis'] }, { Name: 'domain', Values: ['vpc'] }] }));
    expect(Addresses![0]).toMatchObject({ InstanceId: a, AssociationId: assoc.AssociationId, PublicIp: eip.PublicIp });
    const { Reservations } = await aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: [a!] }));
    expect(Reservations![0]!.Instances![0]!.PublicIpAddress).toBe(eip.PublicIp);
  });

  it('releases an associated Elastic IP in a default VPC, and refuses to in another (ReleaseAddress API reference)', async () => {
    const { aws } = newSandbox();
    const vpcId = (await aws.ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc!.VpcId!;
    const subnetId = (await aws.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.30.0.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
    const [inDefault] = (await aws.ec2.send(new RunInstancesCommand(launch))).Instances!.map((i) => i.InstanceId!);
    const [inOwn] = (await aws.ec2.send(new RunInstancesCommand({ ...launch, SubnetId: subnetId }))).Instances!.map((i) => i.InstanceId!);
    await simulatedWait(21);
    const associated = async (instanceId: string) => {
      const { AllocationId, PublicIp } = await aws.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
      await aws.ec2.send(new AssociateAddressCommand({ AllocationId, InstanceId: instanceId }));
      return { allocationId: AllocationId!, publicIp: PublicIp! };
    };

    const released = await associated(inDefault!);
    await aws.ec2.send(new ReleaseAddressCommand({ AllocationId: released.allocationId }));
    await expect(aws.ec2.send(new DescribeAddressesCommand({ AllocationIds: [released.allocationId] }))).rejects.toMatchObject({ name: 'InvalidAllocationID.NotFound' });
    expect((await aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: [inDefault!] }))).Reservations![0]!.Instances![0]!.PublicIpAddress).not.toBe(released.publicIp);

    const { allocationId: kept } = await associated(inOwn!);
    await expect(aws.ec2.send(new ReleaseAddressCommand({ AllocationId: kept }))).rejects.toMatchObject({ name: 'InvalidIPAddress.InUse' });
    expect((await aws.ec2.send(new DescribeAddressesCommand({ AllocationIds: [kept] }))).Addresses![0]!.InstanceId).toBe(inOwn);
  });
});

describe('sandbox EC2 security groups', () => {
  it('refuses a duplicate group name in a VPC and a duplicate rule', async () => {
    const { aws } = newSandbox();
    const sg = await aws.ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'redis-security-group', Description: 'Restricted Redis security group', TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'runbook:id', Value: 'redis-sessions' }] }] }),
    );
    expect(sg.GroupId).toMatch(/^sg-[0-9a-f]{17}$/);
    await expect(aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'redis-security-group', Description: 'again' }))).rejects.toMatchObject({
      name: 'InvalidGroup.Duplicate',
    });

    const rule = { GroupId: sg.GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, IpRanges: [{ CidrIp: '172.31.0.0/16', Description: 'VPC' }] }] };
    const added = await aws.ec2.send(new AuthorizeSecurityGroupIngressCommand(rule));
    expect(added.SecurityGroupRules![0]!.SecurityGroupRuleId).toMatch(/^sgr-/);
    await expect(aws.ec2.send(new AuthorizeSecurityGroupIngressCommand(rule))).rejects.toMatchObject({ name: 'InvalidPermission.Duplicate' });

    const { SecurityGroups } = await aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag:runbook:id', Values: ['redis-sessions'] }] }));
    expect(SecurityGroups![0]!.IpPermissions).toEqual([
      { IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, IpRanges: [{ CidrIp: '172.31.0.0/16', Description: 'VPC' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
    ]);

    await aws.ec2.send(new RevokeSecurityGroupIngressCommand(rule));
    await expect(aws.ec2.send(new RevokeSecurityGroupIngressCommand(rule))).rejects.toMatchObject({ name: 'InvalidPermission.NotFound' });
    await expect(aws.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-00000000000000000'] }))).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
  });

  it('lets a rule reference another group and tags it later', async () => {
    const { aws } = newSandbox();
    const app = await aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'app', Description: 'app' }));
    const redis = await aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'redis', Description: 'redis' }));
    await aws.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: redis.GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, UserIdGroupPairs: [{ GroupId: app.GroupId }] }] }));
    await aws.ec2.send(new CreateTagsCommand({ Resources: [redis.GroupId!], Tags: [{ Key: 'Name', Value: 'redis' }] }));
    const { SecurityGroups } = await aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag:Name', Values: ['redis'] }] }));
    expect(SecurityGroups![0]!.IpPermissions![0]!.UserIdGroupPairs).toEqual([{ GroupId: app.GroupId, UserId: '123456789012' }]);
    await expect(aws.ec2.send(new CreateTagsCommand({ Resources: ['i-00000000000000000'], Tags: [{ Key: 'a', Value: 'b' }] }))).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
  });
});
