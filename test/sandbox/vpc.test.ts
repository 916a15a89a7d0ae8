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
  DescribeSecurityGroupsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
} from '../../src/aws/sdk/ec2.js';
import { describe, expect, it } from 'vitest';
import { isPublic } from '../../src/sandbox/services/ec2/routing.js';
import { newSandbox } from './helpers.js';

describe('sandbox VPCs', () => {
  it('makes a VPC with its main route table and default group; DNS host names stay off until turned on', async () => {
    const { aws } = newSandbox();
    const vpc = await aws.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'openemr-vpc' }] }] }));
    const vpcId = vpc.Vpc!.VpcId!;
    const attribute = () => aws.ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' }));
    expect((await attribute()).EnableDnsHostnames?.Value).toBe(false);
    await aws.ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
    expect((await attribute()).EnableDnsHostnames?.Value).toBe(true);
    expect((await aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['openemr-vpc'] }] }))).Vpcs).toHaveLength(1);

    const groups = (await aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).SecurityGroups!;
    expect(groups.map((g) => g.GroupName)).toEqual(['default']);
    const tables = (await aws.ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).RouteTables!;
    expect(tables).toHaveLength(1);
    expect(tables[0]).toMatchObject({ Associations: [{ Main: true }], Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }] });
  });

  it('makes subnets in the zone asked, inside the block and apart from each other', async () => {
    const { aws } = newSandbox();
    const vpcId = (await aws.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    const subnet = (await aws.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.16.0/20', AvailabilityZone: 'us-east-1b' }))).Subnet!;
    expect(subnet).toMatchObject({ AvailabilityZone: 'us-east-1b', AvailabilityZoneId: 'use1-az2', MapPublicIpOnLaunch: false, DefaultForAz: false });
    await aws.ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnet.SubnetId!, MapPublicIpOnLaunch: { Value: true } }));

    await expect(aws.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.20.0/24', AvailabilityZone: 'us-east-1a' }))).rejects.toMatchObject({ name: 'InvalidSubnet.Conflict' });
    await expect(aws.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.1.0.0/20' }))).rejects.toMatchObject({ name: 'InvalidSubnet.Range' });
    await expect(aws.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.32.0/20', AvailabilityZone: 'us-east-1z' }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(aws.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/8' }))).rejects.toMatchObject({ name: 'InvalidVpc.Range' });
    const zones = (await aws.ec2.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'state', Values: ['available'] }] }))).AvailabilityZones!;
    expect(zones.map((z) => z.ZoneName)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f']);
  });

  it('makes a subnet public only through a route to a gateway attached to its VPC', async () => {
    const { aws, sandbox } = newSandbox();
    const vpcId = (await aws.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    const subnetId = (await aws.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.0.0/20', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
    const gatewayId = (await aws.ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    const tableId = (await aws.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    const route = { RouteTableId: tableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: gatewayId };
    await expect(aws.ec2.send(new CreateRouteCommand(route))).rejects.toMatchObject({ name: 'InvalidParameterValue', message: expect.stringContaining('belong to different networks') });

    await aws.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId }));
    await aws.ec2.send(new CreateRouteCommand(route));
    await expect(aws.ec2.send(new CreateRouteCommand(route))).rejects.toMatchObject({ name: 'RouteAlreadyExists' });
    const region = () => sandbox.snapshot().regions['us-east-1']!;
    expect(isPublic(region(), region().subnets[subnetId]!)).toBe(false);
    await aws.ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId }));
    await expect(aws.ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId }))).rejects.toMatchObject({ name: 'Resource.AlreadyAssociated' });
    expect(isPublic(region(), region().subnets[subnetId]!)).toBe(true);

    const byGateway = (await aws.ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] }))).InternetGateways!;
    expect(byGateway.map((g) => g.InternetGatewayId)).toEqual([gatewayId]);
    const bySubnet = (await aws.ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnetId] }] }))).RouteTables!;
    expect(bySubnet[0]!.Routes).toContainEqual(expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: gatewayId, State: 'active' }));
  });

  it('seeds the default VPC public, as AWS hands it over', async () => {
    const { sandbox } = newSandbox();
    const region = sandbox.snapshot().regions['us-east-1']!;
    const defaults = Object.values(region.subnets).filter((s) => s.DefaultForAz);
    expect(defaults.length).toBeGreaterThan(1);
    expect(defaults.every((s) => isPublic(region, s))).toBe(true);
  });
});
