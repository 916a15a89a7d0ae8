import { DescribeSubnetsCommand, RunInstancesCommand } from '../../src/aws/sdk/ec2.js';
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
} from '../../src/aws/sdk/iam.js';
import { describe, expect, it } from 'vitest';
import { newSandbox, UBUNTU_AMI } from './helpers.js';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

describe('sandbox IAM', () => {
  it('creates a role and an instance profile holding it, with the errors AWS answers', async () => {
    const { aws } = newSandbox();
    await expect(aws.iam.send(new GetRoleCommand({ RoleName: 'redis-ssm' }))).rejects.toMatchObject({ name: 'NoSuchEntityException', $metadata: expect.objectContaining({ httpStatusCode: 404 }) });
    const { Role } = await aws.iam.send(new CreateRoleCommand({ RoleName: 'redis-ssm', AssumeRolePolicyDocument: trust }));
    expect(Role).toMatchObject({ Arn: 'arn:aws:iam::123456789012:role/redis-ssm', RoleId: expect.stringMatching(/^AROA/) });
    await expect(aws.iam.send(new CreateRoleCommand({ RoleName: 'redis-ssm', AssumeRolePolicyDocument: trust }))).rejects.toMatchObject({ name: 'EntityAlreadyExistsException' });
    // IAM returns the trust policy URL-encoded.
    expect(decodeURIComponent((await aws.iam.send(new GetRoleCommand({ RoleName: 'redis-ssm' }))).Role!.AssumeRolePolicyDocument!)).toBe(trust);

    await aws.iam.send(new AttachRolePolicyCommand({ RoleName: 'redis-ssm', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' }));
    await expect(aws.iam.send(new AttachRolePolicyCommand({ RoleName: 'redis-ssm', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    const { AttachedPolicies } = await aws.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'redis-ssm' }));
    expect(AttachedPolicies).toEqual([{ PolicyName: 'AmazonSSMManagedInstanceCore', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' }]);

    await aws.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'redis-ssm' }));
    await aws.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'redis-ssm', RoleName: 'redis-ssm' }));
    await expect(aws.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'redis-ssm', RoleName: 'redis-ssm' }))).rejects.toMatchObject({ name: 'LimitExceededException' });
    const { InstanceProfile } = await aws.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'redis-ssm' }));
    expect(InstanceProfile!.Roles!.map((r) => r.RoleName)).toEqual(['redis-ssm']);
    await expect(aws.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'other' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });
});

describe('sandbox writes', () => {
  it('a refused launch leaves no instance, volume or address behind', async () => {
    const { aws, sandbox } = newSandbox();
    const subnets = async () => (await aws.ec2.send(new DescribeSubnetsCommand({}))).Subnets!.map((s) => s.AvailableIpAddressCount).sort();
    const before = await subnets();
    // The extra mapping has neither a size nor a snapshot.
    await expect(
      aws.ec2.send(new RunInstancesCommand({ ImageId: UBUNTU_AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, BlockDeviceMappings: [{ DeviceName: '/dev/sdf', Ebs: {} }] })),
    ).rejects.toMatchObject({ name: 'MissingParameter' });
    expect(await subnets()).toEqual(before);
    const region = sandbox.snapshot().regions['us-east-1']!;
    expect(region.instances).toEqual({});
    expect(region.volumes).toEqual({});
  });
});
