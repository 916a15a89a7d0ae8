import { CreateSubnetCommand, DeleteSubnetCommand, DescribeAvailabilityZonesCommand, DescribeSubnetsCommand, ModifySubnetAttributeCommand, type Subnet } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { zoneSuffix } from '../../../src/steps/ec2/subnet-calls.js';
import { subnetKind, type SubnetInput } from '../../../src/steps/ec2/subnet.js';
import { subnetUndo } from '../../../src/steps/ec2/subnet-undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const VPC = 'vpc-0000000000000000a';
const input: SubnetInput = { vpcId: VPC, vpcCidr: '192.168.0.0/16', index: 1, namePrefix: 'qis-subnet-', publicIps: true };
const MINE = [{ Key: 'runbook:id', Value: 'test-runbook' }, { Key: 'runbook:step', Value: 'subnet-2' }, { Key: 'runbook:run-id', Value: 'test-run-0001' }];

function subnet(id: string, zone: string, cidr: string, extra: Partial<Subnet> = {}): Subnet {
  return { SubnetId: id, VpcId: VPC, AvailabilityZone: zone, CidrBlock: cidr, MapPublicIpOnLaunch: true, ...extra };
}

describe('ec2.subnet', () => {
  beforeEach(() => {
    resetMocks();
    mocks.ec2.on(DescribeAvailabilityZonesCommand).resolves({ AvailabilityZones: ['us-east-1c', 'us-east-1a', 'us-east-1b'].map((ZoneName) => ({ ZoneName, State: 'available' })) });
  });

  it('names a zone by its short name, as the console does', () => {
    expect(zoneSuffix('us-east-1', 'us-east-1a')).toBe('1a');
    expect(zoneSuffix('ap-southeast-2', 'ap-southeast-2c')).toBe('2c');
  });

  it('is done, sending nothing, when its subnet (found by the step\'s tags) is there and public', async () => {
    mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [subnet('subnet-b', 'us-east-1b', '192.168.16.0/20', { Tags: MINE })] });
    const result = await subnetKind.check(stepContext({ stepId: 'subnet-2' }), input);
    expect(result).toEqual({ done: true, outputs: { subnetId: 'subnet-b', availabilityZone: 'us-east-1b', cidr: '192.168.16.0/20', name: 'qis-subnet-1b' }, evidence: ['subnet subnet-b qis-subnet-1b: 192.168.16.0/20 in us-east-1b, public addresses'] });
    expect(mocks.ec2.commandCalls(CreateSubnetCommand)).toHaveLength(0);
  });

  it('makes the second sixteenth of the block in the second zone by name, tagged, with public addresses', async () => {
    mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
    mocks.ec2.on(CreateSubnetCommand).resolves({ Subnet: { SubnetId: 'subnet-new' } });
    const ctx = stepContext({ stepId: 'subnet-2' });
    const checked = await subnetKind.check(ctx, input);
    expect(checked).toMatchObject({ done: false, reason: 'No subnet qis-subnet-1b yet (192.168.16.0/20 in us-east-1b).' });
    const found = checked.done ? undefined : (checked.found as never);
    expect(subnetKind.plan(input, found, ctx).map((c) => c.operation)).toEqual(['CreateSubnet', 'ModifySubnetAttribute']);
    await expect(subnetKind.apply!(ctx, input, found)).resolves.toEqual({ subnetId: 'subnet-new', availabilityZone: 'us-east-1b', cidr: '192.168.16.0/20', name: 'qis-subnet-1b' });
    expect(mocks.ec2).toHaveReceivedCommandWith(CreateSubnetCommand, { VpcId: VPC, AvailabilityZone: 'us-east-1b', CidrBlock: '192.168.16.0/20' });
    expect(mocks.ec2.commandCalls(CreateSubnetCommand)[0]!.args[0].input.TagSpecifications?.[0]?.Tags).toContainEqual({ Key: 'Name', Value: 'qis-subnet-1b' });
    expect(mocks.ec2).toHaveReceivedCommandWith(ModifySubnetAttributeCommand, { SubnetId: 'subnet-new', MapPublicIpOnLaunch: { Value: true } });
  });

  it('refuses a block that a subnet it did not make holds, and a region with too few zones', async () => {
    mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [subnet('subnet-other', 'us-east-1a', '192.168.16.0/20')] });
    await expect(subnetKind.check(stepContext(), input)).rejects.toThrow('Block 192.168.16.0/20 of vpc-0000000000000000a is taken by subnet-other, which this step did not make; remove it or build the VPC with another block.');
    mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
    await expect(subnetKind.check(stepContext(), { ...input, index: 3 })).rejects.toThrow('us-east-1 has 3 available Availability Zones; subnet 4 needs 4.');
  });

  it('fails with the AWS error when CreateSubnet is refused', async () => {
    mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
    mocks.ec2.on(CreateSubnetCommand).rejects(awsError('InvalidSubnet.Conflict', "The CIDR '192.168.16.0/20' conflicts with another subnet"));
    await expect(subnetKind.apply!(stepContext(), input, undefined)).rejects.toThrow(/conflicts with another subnet/);
  });

  it('undo: finds the subnet the run made and deletes it once nothing is in it', async () => {
    const ctx = stepContext({ stepId: 'subnet-2' });
    mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [subnet('subnet-b', 'us-east-1b', '192.168.16.0/20', { Tags: MINE })] });
    const found = await subnetUndo.find(ctx, { input, outputs: { subnetId: 'subnet-b' }, status: 'changed' });
    expect(found).toEqual([{ type: 'ec2:subnet', id: 'subnet-b', madeByRun: true }]);
    mocks.ec2.on(DeleteSubnetCommand).rejectsOnce(awsError('DependencyViolation', 'has dependencies')).resolves({});
    await subnetUndo.remove(ctx, found[0]!, { snapshotFirst: false });
    expect(mocks.ec2.commandCalls(DeleteSubnetCommand)).toHaveLength(2);
  });
});
