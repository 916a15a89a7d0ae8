/** ec2.vpc with routeTable=main and no subnets of its own (they are ec2.subnet steps); ec2.network finding subnets by a Name prefix. */
import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  ModifyVpcAttributeCommand,
} from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { networkKind } from '../../../src/steps/ec2/network.js';
import { vpcKind, type VpcInput } from '../../../src/steps/ec2/vpc.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const VPC = 'vpc-0000000000000000a';
const input: VpcInput = { name: 'qis-vpc', cidr: '192.168.0.0/16', subnetCount: 0, routeTable: 'main', gatewayName: 'qis-vpc-ig' };
const MAIN = { RouteTableId: 'rtb-main', VpcId: VPC, Associations: [{ Main: true }] };

describe('ec2.vpc with the main route table', () => {
  beforeEach(() => {
    resetMocks();
    mocks.ec2.on(DescribeAvailabilityZonesCommand).resolves({ AvailabilityZones: [{ ZoneName: 'us-east-1a' }, { ZoneName: 'us-east-1b' }] });
  });

  it('is done when the gateway is attached and the main table routes to it, whatever subnets follow it', async () => {
    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC, CidrBlock: '192.168.0.0/16' }] });
    mocks.ec2.on(DescribeVpcAttributeCommand).resolves({ EnableDnsHostnames: { Value: true } });
    mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
    mocks.ec2.on(DescribeInternetGatewaysCommand).resolves({ InternetGateways: [{ InternetGatewayId: 'igw-1', Attachments: [{ VpcId: VPC }] }] });
    mocks.ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: [{ ...MAIN, Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1', State: 'active' }] }] });
    await expect(vpcKind.check(stepContext(), input)).resolves.toMatchObject({ done: true, outputs: { vpcId: VPC, subnetIds: [] } });
    expect(mocks.ec2).toHaveReceivedCommandWith(DescribeRouteTablesCommand, { Filters: [{ Name: 'vpc-id', Values: [VPC] }, { Name: 'association.main', Values: ['true'] }] });
  });

  it('builds the VPC, the gateway named as given, and the default route in the main table, making no table', async () => {
    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    mocks.ec2.on(CreateVpcCommand).resolves({ Vpc: { VpcId: VPC } });
    mocks.ec2.on(DescribeVpcsCommand, { VpcIds: [VPC] }).resolves({ Vpcs: [{ VpcId: VPC, State: 'available' }] });
    mocks.ec2.on(CreateInternetGatewayCommand).resolves({ InternetGateway: { InternetGatewayId: 'igw-new' } });
    mocks.ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: [MAIN] });
    const ctx = stepContext();
    const checked = await vpcKind.check(ctx, input);
    expect(vpcKind.plan(input, checked.done ? undefined : (checked.found as never), ctx).map((c) => c.operation)).toEqual(['CreateVpc', 'ModifyVpcAttribute', 'CreateInternetGateway', 'AttachInternetGateway', 'CreateRoute']);
    await vpcKind.apply!(ctx, input, checked.done ? undefined : (checked.found as never));
    expect(mocks.ec2.commandCalls(CreateInternetGatewayCommand)[0]!.args[0].input.TagSpecifications?.[0]?.Tags).toContainEqual({ Key: 'Name', Value: 'qis-vpc-ig' });
    expect(mocks.ec2).toHaveReceivedCommandWith(AttachInternetGatewayCommand, { InternetGatewayId: 'igw-new', VpcId: VPC });
    expect(mocks.ec2).toHaveReceivedCommandWith(CreateRouteCommand, { RouteTableId: 'rtb-main', DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-new' });
    expect(mocks.ec2.commandCalls(CreateRouteTableCommand)).toHaveLength(0);
    expect(mocks.ec2.commandCalls(ModifyVpcAttributeCommand)).toHaveLength(1);
  });

  it('fails with the AWS error when the route is refused', async () => {
    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC, CidrBlock: '192.168.0.0/16' }] });
    mocks.ec2.on(DescribeVpcAttributeCommand).resolves({ EnableDnsHostnames: { Value: true } });
    mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
    mocks.ec2.on(DescribeInternetGatewaysCommand).resolves({ InternetGateways: [{ InternetGatewayId: 'igw-1', Attachments: [{ VpcId: VPC }] }] });
    mocks.ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: [{ ...MAIN, Routes: [] }] });
    mocks.ec2.on(CreateRouteCommand).rejects(awsError('RouteAlreadyExists', 'The route identified by 0.0.0.0/0 already exists.'));
    const ctx = stepContext();
    const checked = await vpcKind.check(ctx, input);
    expect(checked).toMatchObject({ done: false, reason: `VPC qis-vpc (${VPC}) lacks the route to 0.0.0.0/0.` });
    await expect(vpcKind.apply!(ctx, input, checked.done ? undefined : (checked.found as never))).rejects.toThrow(/already exists/);
  });
});

describe('ec2.network with a subnet Name prefix', () => {
  beforeEach(resetMocks);

  it('finds every subnet so named, in zone order, and says when there is none', async () => {
    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC, CidrBlock: '192.168.0.0/16' }] });
    const named = (id: string, zone: string, name: string) => ({ SubnetId: id, VpcId: VPC, AvailabilityZone: zone, Tags: [{ Key: 'Name', Value: name }] });
    mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [named('subnet-b', 'us-east-1b', 'qis-subnet-1b'), named('subnet-x', 'us-east-1a', 'other'), named('subnet-a', 'us-east-1a', 'qis-subnet-1a')] });
    await expect(networkKind.check(stepContext(), { vpcId: VPC, subnetNamePrefix: 'qis-subnet-' })).resolves.toMatchObject({ done: true, outputs: { subnetIds: ['subnet-a', 'subnet-b'], subnetId: 'subnet-a' } });
    mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
    await expect(networkKind.check(stepContext(), { vpcId: VPC, subnetNamePrefix: 'qis-subnet-' })).rejects.toThrow(`VPC ${VPC} has no subnet named qis-subnet-*.`);
  });
});
