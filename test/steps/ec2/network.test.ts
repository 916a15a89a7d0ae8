import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { NetworkNotFoundError, networkKind } from '../../../src/steps/ec2/network.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';
import { network } from '../../../src/steps/ec2/index.js';

const VPC = { VpcId: 'vpc-0default', CidrBlock: '172.31.0.0/16', IsDefault: true };

describe('ec2.network', () => {
  beforeEach(resetMocks);

  it('finds the default VPC and its default-for-AZ subnet, reading only', async () => {
    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [VPC] });
    mocks.ec2.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        { SubnetId: 'subnet-c', VpcId: VPC.VpcId, AvailabilityZone: 'us-east-1c', DefaultForAz: true },
        { SubnetId: 'subnet-a', VpcId: VPC.VpcId, AvailabilityZone: 'us-east-1a', DefaultForAz: false },
        { SubnetId: 'subnet-b', VpcId: VPC.VpcId, AvailabilityZone: 'us-east-1b', DefaultForAz: true },
      ],
    });

    const result = await networkKind.check(stepContext(), {});

    expect(result).toEqual({
      done: true,
      outputs: { vpcId: 'vpc-0default', vpcCidr: '172.31.0.0/16', subnetId: 'subnet-b', availabilityZone: 'us-east-1b', subnetIds: ['subnet-b'], subnetList: 'subnet-b', securityGroupIds: [] },
      evidence: ['VPC vpc-0default (172.31.0.0/16, default), subnet subnet-b in us-east-1b'],
    });
    expect(mocks.ec2.commandCalls(DescribeVpcsCommand)[0]!.args[0].input).toEqual({ Filters: [{ Name: 'isDefault', Values: ['true'] }] });
    expect(mocks.ec2.commandCalls(DescribeSubnetsCommand)[0]!.args[0].input).toEqual({ Filters: [{ Name: 'vpc-id', Values: ['vpc-0default'] }] });
    expect(network('x', { covers: '1' } as never).mutating).toBe(false);
    expect(networkKind.apply).toBeUndefined();
    expect(networkKind.plan({}, undefined)).toEqual([]);
  });

  it('uses the given VPC and subnet', async () => {
    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-0given', CidrBlock: '10.0.0.0/16' }] });
    mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-0given', VpcId: 'vpc-0given', AvailabilityZone: 'us-east-1d' }] });

    const result = await networkKind.check(stepContext(), { vpcId: 'vpc-0given', subnetId: 'subnet-0given' });

    expect(result).toMatchObject({ done: true, outputs: { vpcId: 'vpc-0given', vpcCidr: '10.0.0.0/16', subnetId: 'subnet-0given', availabilityZone: 'us-east-1d' } });
    expect(mocks.ec2.commandCalls(DescribeVpcsCommand)[0]!.args[0].input).toEqual({ VpcIds: ['vpc-0given'] });
    expect(mocks.ec2.commandCalls(DescribeSubnetsCommand)[0]!.args[0].input).toEqual({ SubnetIds: ['subnet-0given'] });
  });

  it('explains what to pass when the account has no default VPC', async () => {
    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });

    const check = networkKind.check(stepContext(), {});

    await expect(check).rejects.toBeInstanceOf(NetworkNotFoundError);
    await expect(check).rejects.toThrow('The account has no default VPC in us-east-1: pass --param vpcId=vpc-... and subnetId.');
  });

  it('refuses a subnet of another VPC, and a VPC without subnets', async () => {
    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-0given', CidrBlock: '10.0.0.0/16' }] });
    mocks.ec2.on(DescribeSubnetsCommand).resolvesOnce({ Subnets: [{ SubnetId: 'subnet-0x', VpcId: 'vpc-0other' }] }).resolves({ Subnets: [] });

    await expect(networkKind.check(stepContext(), { vpcId: 'vpc-0given', subnetId: 'subnet-0x' })).rejects.toThrow('Subnet subnet-0x is in vpc-0other, not in vpc-0given.');
    await expect(networkKind.check(stepContext(), { vpcId: 'vpc-0given' })).rejects.toThrow('VPC vpc-0given has no subnets: pass --param subnetId.');
  });

  it('passes AWS errors on', async () => {
    const denied = awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.');
    mocks.ec2.on(DescribeVpcsCommand).rejects(denied);
    await expect(networkKind.check(stepContext(), {})).rejects.toBe(denied);

    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [VPC] });
    mocks.ec2.on(DescribeSubnetsCommand).rejects(awsError('UnauthorizedOperation'));
    await expect(networkKind.check(stepContext(), {})).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });

  it('says in its own words that a given VPC or subnet does not exist', async () => {
    mocks.ec2.on(DescribeVpcsCommand).rejects(awsError('InvalidVpcID.NotFound', "The vpc ID 'vpc-12345678' does not exist"));
    await expect(networkKind.check(stepContext(), { vpcId: 'vpc-12345678' })).rejects.toThrow(new NetworkNotFoundError('VPC vpc-12345678 was not found in us-east-1.'));
  });

  it('finds a VPC by its Name tag, its named subnets and its security groups by name, in the order asked', async () => {
    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-qis', CidrBlock: '192.168.0.0/16' }] });
    mocks.ec2.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        { SubnetId: 'subnet-2', VpcId: 'vpc-qis', AvailabilityZone: 'us-east-1b', Tags: [{ Key: 'Name', Value: 'qis-subnet-1b' }] },
        { SubnetId: 'subnet-1', VpcId: 'vpc-qis', AvailabilityZone: 'us-east-1a', Tags: [{ Key: 'Name', Value: 'qis-subnet-1a' }] },
      ],
    });
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupName: 'qis-internal-sg', GroupId: 'sg-int' }, { GroupName: 'default', GroupId: 'sg-def' }] });
    const result = await networkKind.check(stepContext(), { vpcName: 'qis-vpc', subnetNamePrefix: 'qis-subnet-', securityGroupNames: ['default', 'qis-internal-sg'] });
    expect(result).toMatchObject({ done: true, outputs: { vpcId: 'vpc-qis', subnetIds: ['subnet-1', 'subnet-2'], subnetList: 'subnet-1,subnet-2', securityGroupIds: ['sg-def', 'sg-int'] } });
    expect(mocks.ec2.commandCalls(DescribeVpcsCommand)[0]!.args[0].input.Filters).toEqual([{ Name: 'tag:Name', Values: ['qis-vpc'] }]);
  });

  it('says so when the named VPC or a named group is missing', async () => {
    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    await expect(networkKind.check(stepContext(), { vpcName: 'qis-vpc' })).rejects.toThrow(/no VPC named qis-vpc .*make it first/);
    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-qis', CidrBlock: '192.168.0.0/16' }] });
    mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-qis', AvailabilityZone: 'us-east-1a' }] });
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    await expect(networkKind.check(stepContext(), { vpcName: 'qis-vpc', securityGroupNames: ['qis-internal-sg'] })).rejects.toThrow(/has no security group qis-internal-sg/);
  });
});
