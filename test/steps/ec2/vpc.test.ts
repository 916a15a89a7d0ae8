import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  type Subnet,
} from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { chooseZones, freeSubnetCidrs, subnetCidr } from '../../../src/steps/ec2/subnet-layout.js';
import { vpcKind, type VpcInput } from '../../../src/steps/ec2/vpc.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const VPC = 'vpc-0000000000000000a';
const input: VpcInput = { name: 'openemr-vpc', cidr: '10.0.0.0/16', subnetCount: 2 };
const OURS = [{ Key: 'runbook:id', Value: 'test-runbook' }];

function subnet(id: string, zone: string, cidr: string, mapsPublicIp = true, tags = OURS): Subnet {
  return { SubnetId: id, VpcId: VPC, AvailabilityZone: zone, CidrBlock: cidr, MapPublicIpOnLaunch: mapsPublicIp, Tags: tags, AvailableIpAddressCount: 4000 };
}

function zones(...names: string[]): void {
  mocks.ec2.on(DescribeAvailabilityZonesCommand).resolves({ AvailabilityZones: names.map((ZoneName) => ({ ZoneName, State: 'available' })) });
}

/** A complete VPC: two public subnets, attached gateway, route table with the default route and both associations. */
function completeVpc(): void {
  zones('us-east-1a', 'us-east-1b', 'us-east-1c');
  mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC, CidrBlock: '10.0.0.0/16', State: 'available' }] });
  mocks.ec2.on(DescribeVpcAttributeCommand).resolves({ EnableDnsHostnames: { Value: true } });
  mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [subnet('subnet-a', 'us-east-1a', '10.0.0.0/20'), subnet('subnet-b', 'us-east-1b', '10.0.16.0/20')] });
  mocks.ec2.on(DescribeInternetGatewaysCommand).resolves({ InternetGateways: [{ InternetGatewayId: 'igw-1', Attachments: [{ VpcId: VPC, State: 'attached' }] }] });
  mocks.ec2.on(DescribeRouteTablesCommand).resolves({
    RouteTables: [
      {
        RouteTableId: 'rtb-1',
        Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1', State: 'active' }],
        Associations: [{ SubnetId: 'subnet-a' }, { SubnetId: 'subnet-b' }],
      },
    ],
  });
}

function mutatingCalls(): string[] {
  return mocks.ec2
    .calls()
    .map((c) => (c.args[0] as object).constructor.name.replace(/Command$/, ''))
    .filter((n) => !n.startsWith('Describe'));
}

describe('ec2.vpc', () => {
  beforeEach(resetMocks);

  it('is done when the VPC, its public subnets, gateway and default route exist, and only reads', async () => {
    completeVpc();

    const result = await vpcKind.check(stepContext(), input);

    expect(result).toMatchObject({
      done: true,
      outputs: { vpcId: VPC, vpcCidr: '10.0.0.0/16', subnetIds: ['subnet-a', 'subnet-b'], availabilityZones: ['us-east-1a', 'us-east-1b'] },
    });
    expect(mocks.ec2.commandCalls(DescribeVpcsCommand)[0]!.args[0].input).toEqual({
      Filters: [{ Name: 'tag:runbook:id', Values: ['test-runbook'] }, { Name: 'tag:Name', Values: ['openemr-vpc'] }],
    });
    expect(mutatingCalls()).toEqual([]);
  });

  it('builds everything in a fresh account: one subnet per zone, each a sixteenth of the block, tagged with its name', async () => {
    zones('us-east-1b', 'us-east-1a', 'us-east-1c');
    mocks.ec2.on(DescribeVpcsCommand).resolvesOnce({ Vpcs: [] }).resolves({ Vpcs: [{ VpcId: VPC, State: 'available' }] });
    mocks.ec2.on(DescribeInternetGatewaysCommand).resolves({ InternetGateways: [] });
    mocks.ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: [] });
    mocks.ec2.on(CreateVpcCommand).resolves({ Vpc: { VpcId: VPC } });
    mocks.ec2.on(CreateSubnetCommand).callsFake(async (i: { AvailabilityZone: string }) => ({ Subnet: { SubnetId: `subnet-${i.AvailabilityZone.slice(-1)}` } }));
    mocks.ec2.on(CreateInternetGatewayCommand).resolves({ InternetGateway: { InternetGatewayId: 'igw-1' } });
    mocks.ec2.on(CreateRouteTableCommand).resolves({ RouteTable: { RouteTableId: 'rtb-1' } });
    const ctx = stepContext({ stepId: 'vpc' });

    const result = await vpcKind.check(ctx, input);
    expect(result).toMatchObject({ done: false, reason: 'No VPC named openemr-vpc yet.' });
    if (result.done) return;
    const plan = vpcKind.plan(input, result.found, ctx);
    expect(plan.map((c) => c.operation)).toEqual([
      'CreateVpc',
      'ModifyVpcAttribute',
      'CreateSubnet',
      'ModifySubnetAttribute',
      'CreateSubnet',
      'ModifySubnetAttribute',
      'CreateInternetGateway',
      'AttachInternetGateway',
      'CreateRouteTable',
      'CreateRoute',
      'AssociateRouteTable',
      'AssociateRouteTable',
    ]);
    expect(plan.filter((c) => c.operation === 'CreateSubnet').map((c) => c.input)).toEqual([
      { VpcId: '<openemr-vpc.vpcId>', AvailabilityZone: 'us-east-1a', CidrBlock: '10.0.0.0/20', TagSpecifications: [{ ResourceType: 'subnet', Tags: ctx.tags('openemr-vpc-public-us-east-1a') }] },
      { VpcId: '<openemr-vpc.vpcId>', AvailabilityZone: 'us-east-1b', CidrBlock: '10.0.16.0/20', TagSpecifications: [{ ResourceType: 'subnet', Tags: ctx.tags('openemr-vpc-public-us-east-1b') }] },
    ]);

    const outputs = await vpcKind.apply!(ctx, input, result.found);

    expect(outputs).toEqual({ vpcId: VPC, vpcCidr: '10.0.0.0/16', subnetIds: ['subnet-a', 'subnet-b'], availabilityZones: ['us-east-1a', 'us-east-1b'] });
    expect(mutatingCalls()).toEqual(plan.map((c) => c.operation));
    expect(mocks.ec2.commandCalls(CreateVpcCommand)[0]!.args[0].input).toEqual({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: ctx.tags('openemr-vpc') }] });
    // What the plan showed is what was sent, tags included.
    expect(plan.find((c) => c.operation === 'CreateVpc')!.input).toEqual(mocks.ec2.commandCalls(CreateVpcCommand)[0]!.args[0].input);
    expect(plan.find((c) => c.operation === 'CreateInternetGateway')!.input).toEqual(mocks.ec2.commandCalls(CreateInternetGatewayCommand)[0]!.args[0].input);
    expect(mocks.ec2.commandCalls(ModifyVpcAttributeCommand)[0]!.args[0].input).toEqual({ VpcId: VPC, EnableDnsHostnames: { Value: true } });
    expect(mocks.ec2.commandCalls(CreateSubnetCommand)[1]!.args[0].input.TagSpecifications).toEqual([{ ResourceType: 'subnet', Tags: ctx.tags('openemr-vpc-public-us-east-1b') }]);
    expect(mocks.ec2.commandCalls(ModifySubnetAttributeCommand).map((c) => c.args[0].input)).toEqual([
      { SubnetId: 'subnet-a', MapPublicIpOnLaunch: { Value: true } },
      { SubnetId: 'subnet-b', MapPublicIpOnLaunch: { Value: true } },
    ]);
    expect(mocks.ec2.commandCalls(AttachInternetGatewayCommand)[0]!.args[0].input).toEqual({ InternetGatewayId: 'igw-1', VpcId: VPC });
    expect(mocks.ec2.commandCalls(CreateRouteCommand)[0]!.args[0].input).toEqual({ RouteTableId: 'rtb-1', DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' });
    expect(mocks.ec2.commandCalls(AssociateRouteTableCommand).map((c) => c.args[0].input.SubnetId)).toEqual(['subnet-a', 'subnet-b']);
  });

  it('adds only what is missing: a third subnet in the next zone and block, its route table association', async () => {
    completeVpc();
    mocks.ec2.on(CreateSubnetCommand).resolves({ Subnet: { SubnetId: 'subnet-c' } });

    const result = await vpcKind.check(stepContext(), { ...input, subnetCount: 3 });
    expect(result).toMatchObject({ done: false, reason: `VPC openemr-vpc (${VPC}) lacks a subnet in us-east-1c.` });
    if (result.done) return;

    const outputs = await vpcKind.apply!(stepContext(), { ...input, subnetCount: 3 }, result.found);

    expect(outputs.subnetIds).toEqual(['subnet-a', 'subnet-b', 'subnet-c']);
    expect(mutatingCalls()).toEqual(['CreateSubnet', 'ModifySubnetAttribute', 'AssociateRouteTable']);
    expect(mocks.ec2.commandCalls(CreateSubnetCommand)[0]!.args[0].input).toMatchObject({ AvailabilityZone: 'us-east-1c', CidrBlock: '10.0.32.0/20' });
  });

  it('refuses a VPC of its own with another block, and two of them', async () => {
    completeVpc();
    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC, CidrBlock: '10.9.0.0/16' }] });
    await expect(vpcKind.check(stepContext(), input)).rejects.toThrow(`VPC openemr-vpc (${VPC}) has the block 10.9.0.0/16, not 10.0.0.0/16; pass vpcCidr=10.9.0.0/16 or delete it.`);
    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC }, { VpcId: 'vpc-0000000000000000b' }] });
    await expect(vpcKind.check(stepContext(), input)).rejects.toThrow(/Found 2 VPCs named openemr-vpc/);
  });

  describe('with a given vpcId', () => {
    const given = { ...input, vpcId: VPC };

    function existingVpc(subnets: Subnet[]): void {
      mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC, CidrBlock: '172.16.0.0/16' }] });
      mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: subnets });
      mocks.ec2.on(DescribeVpcAttributeCommand).resolves({ EnableDnsHostnames: { Value: true } });
      mocks.ec2.on(DescribeRouteTablesCommand).resolves({
        RouteTables: [
          { RouteTableId: 'rtb-main', Associations: [{ Main: true }], Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1', State: 'active' }] },
          { RouteTableId: 'rtb-private', Associations: [{ SubnetId: 'subnet-private' }], Routes: [{ DestinationCidrBlock: '172.16.0.0/16', GatewayId: 'local' }] },
        ],
      });
    }

    it('adopts one public subnet per zone and changes nothing', async () => {
      existingVpc([
        subnet('subnet-private', 'us-east-1a', '172.16.0.0/24', false, []),
        subnet('subnet-a', 'us-east-1a', '172.16.1.0/24', true, []),
        subnet('subnet-b2', 'us-east-1b', '172.16.3.0/24', false, []),
        subnet('subnet-b', 'us-east-1b', '172.16.2.0/24', true, []),
      ]);

      const result = await vpcKind.check(stepContext(), given);

      expect(result).toMatchObject({ done: true, outputs: { vpcId: VPC, vpcCidr: '172.16.0.0/16', subnetIds: ['subnet-a', 'subnet-b'] } });
      expect(result.evidence).toContain('adopted: not changed');
      expect(mutatingCalls()).toEqual([]);
    });

    it('refuses a VPC with too few public zones or without DNS host names, and one that does not exist', async () => {
      existingVpc([subnet('subnet-a', 'us-east-1a', '172.16.1.0/24'), subnet('subnet-private', 'us-east-1b', '172.16.0.0/24')]);
      await expect(vpcKind.check(stepContext(), given)).rejects.toThrow(/has public subnets \(a route to an internet gateway\) in 1 Availability Zones; the environment needs 2/);

      existingVpc([subnet('subnet-a', 'us-east-1a', '172.16.1.0/24'), subnet('subnet-b', 'us-east-1b', '172.16.2.0/24')]);
      mocks.ec2.on(DescribeVpcAttributeCommand).resolves({ EnableDnsHostnames: { Value: false } });
      await expect(vpcKind.check(stepContext(), given)).rejects.toThrow(/DNS host names turned off/);

      mocks.ec2.on(DescribeVpcsCommand).rejects(awsError('InvalidVpcID.NotFound', `The vpc ID '${VPC}' does not exist`));
      await expect(vpcKind.check(stepContext(), given)).rejects.toThrow(`VPC ${VPC} was not found in us-east-1.`);
    });
  });

  it('passes AWS errors on', async () => {
    completeVpc();
    mocks.ec2.on(DescribeVpcsCommand).resolvesOnce({ Vpcs: [] });
    mocks.ec2.on(CreateVpcCommand).rejects(awsError('VpcLimitExceeded', 'The maximum number of VPCs has been reached.'));
    await expect(vpcKind.apply!(stepContext(), input, undefined)).rejects.toMatchObject({ name: 'VpcLimitExceeded' });
    expect(mutatingCalls()).toEqual(['CreateVpc']);
  });
});

describe('subnet layout', () => {
  it('carves sixteenths of the block and skips blocks already taken', () => {
    expect(subnetCidr('10.0.0.0/16', 2)).toBe('10.0.32.0/20');
    expect(subnetCidr('192.168.0.0/22', 15)).toBe('192.168.3.192/26');
    expect(freeSubnetCidrs('10.0.0.0/16', ['10.0.0.0/24', '10.0.32.0/20'], 2)).toEqual(['10.0.16.0/20', '10.0.48.0/20']);
    expect(() => freeSubnetCidrs('10.0.0.0/16', ['10.0.0.0/16'], 1)).toThrow(/room for 0 more \/20 subnets/);
  });

  it('keeps the zones already used, then takes the next ones by name', () => {
    expect(chooseZones(['us-east-1c', 'us-east-1a', 'us-east-1b'], ['us-east-1c'], 2)).toEqual(['us-east-1c', 'us-east-1a']);
    expect(() => chooseZones(['us-east-1a'], [], 2)).toThrow(/1 available Availability Zones; 2 subnets need as many/);
  });
});
