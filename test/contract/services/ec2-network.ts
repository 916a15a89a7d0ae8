/** EC2 networking: the default VPC, a VPC built part by part, security groups, pages. */
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  RevokeSecurityGroupIngressCommand,
  AuthorizeSecurityGroupEgressCommand,
  DeleteSubnetCommand,
  RevokeSecurityGroupEgressCommand,
  paginateDescribeVpcs,
} from '../../../src/aws/sdk/ec2.js';
import { collect } from '../../../src/steps/paginate.js';
import { shapeOf, tag, type Probe, type Scenario } from '../harness.js';

const tagged = (type: string, name: string) => [{ ResourceType: type as 'vpc', Tags: [{ Key: 'Name', Value: name }, { Key: 'runbook:id', Value: 'contract' }] }];

async function defaultVpc(t: Probe): Promise<string> {
  return (await t.aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }))).Vpcs![0]!.VpcId!;
}

export const ec2Network: Scenario[] = [
  {
    name: 'the default VPC, its subnets and zones, and not-found answers',
    operations: ['ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeAvailabilityZones'],
    async run(t) {
      const vpcs = await t.aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }));
      t.observe('default VPC: one, with', shapeOf(vpcs, ['Vpcs[].VpcId', 'Vpcs[].CidrBlock', 'Vpcs[].IsDefault', 'Vpcs[].State']));
      t.observe('default VPC count', vpcs.Vpcs?.length);
      const vpcId = vpcs.Vpcs![0]!.VpcId!;
      const subnets = await t.aws.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
      t.observe('default subnets', shapeOf(subnets, ['Subnets[].SubnetId', 'Subnets[].VpcId', 'Subnets[].AvailabilityZone', 'Subnets[].CidrBlock', 'Subnets[].DefaultForAz', 'Subnets[].MapPublicIpOnLaunch', 'Subnets[].AvailableIpAddressCount']));
      t.observe('every default subnet is default-for-az and public', subnets.Subnets!.every((s) => s.DefaultForAz && s.MapPublicIpOnLaunch));
      const zones = await t.aws.ec2.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'state', Values: ['available'] }, { Name: 'zone-type', Values: ['availability-zone'] }] }));
      t.observe('zones', shapeOf(zones, ['AvailabilityZones[].ZoneName', 'AvailabilityZones[].State', 'AvailabilityZones[].ZoneId']));
      t.observe('at least three zones in us-east-1', (zones.AvailabilityZones?.length ?? 0) >= 3);
      t.observe('unknown VPC', await t.outcome(t.aws.ec2.send(new DescribeVpcsCommand({ VpcIds: ['vpc-0000000000000dead'] }))));
      t.observe('unknown subnet', await t.outcome(t.aws.ec2.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0000000000000dead'] }))));
    },
  },
  {
    name: 'a VPC built part by part: DNS host names, a public subnet, gateway, route, association',
    operations: [
      'ec2:CreateVpc',
      'ec2:DescribeVpcAttribute',
      'ec2:ModifyVpcAttribute',
      'ec2:CreateSubnet',
      'ec2:ModifySubnetAttribute',
      'ec2:CreateInternetGateway',
      'ec2:AttachInternetGateway',
      'ec2:DescribeInternetGateways',
      'ec2:CreateRouteTable',
      'ec2:CreateRoute',
      'ec2:AssociateRouteTable',
      'ec2:DescribeRouteTables',
    ],
    async run(t) {
      const name = t.unique('contract-vpc');
      const created = await t.aws.ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16', TagSpecifications: tagged('vpc', name) }));
      t.observe('CreateVpc', shapeOf(created, ['Vpc.VpcId', 'Vpc.CidrBlock', 'Vpc.State', 'Vpc.Tags[].Key']));
      const vpcId = created.Vpc!.VpcId!;
      const byTag = await t.aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: [name] }, { Name: 'tag:runbook:id', Values: ['contract'] }] }));
      t.observe('found by its tags', byTag.Vpcs?.map((v) => v.VpcId === vpcId));
      const dns = () => t.aws.ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' })).then((r) => r.EnableDnsHostnames?.Value);
      t.observe('DNS host names of a new VPC', await dns());
      await t.aws.ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
      t.observe('DNS host names after ModifyVpcAttribute', await dns());

      const subnet = await t.aws.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.40.0.0/20', AvailabilityZone: 'us-east-1a', TagSpecifications: tagged('subnet', `${name}-a`) }));
      t.observe('CreateSubnet', shapeOf(subnet, ['Subnet.SubnetId', 'Subnet.AvailabilityZone', 'Subnet.CidrBlock', 'Subnet.MapPublicIpOnLaunch', 'Subnet.Tags[].Key']));
      const subnetId = subnet.Subnet!.SubnetId!;
      t.observe('an overlapping subnet', await t.outcome(t.aws.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.40.0.0/24', AvailabilityZone: 'us-east-1b' }))));
      await t.aws.ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, MapPublicIpOnLaunch: { Value: true } }));
      t.observe('public addresses after ModifySubnetAttribute', (await t.aws.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets?.[0]?.MapPublicIpOnLaunch);

      const gateway = await t.aws.ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: tagged('internet-gateway', `${name}-igw`) }));
      t.observe('CreateInternetGateway', shapeOf(gateway, ['InternetGateway.InternetGatewayId', 'InternetGateway.Attachments', 'InternetGateway.Tags[].Key']));
      const gatewayId = gateway.InternetGateway!.InternetGatewayId!;
      await t.aws.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId }));
      t.observe('attaching it again', await t.outcome(t.aws.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId }))));
      const attached = await t.aws.ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] }));
      t.observe('the gateway by its attachment', attached.InternetGateways?.map((g) => [g.InternetGatewayId === gatewayId, g.Attachments?.map((a) => [a.VpcId === vpcId, a.State])]));
      const unattached = await t.aws.ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'tag:Name', Values: [`${name}-igw`] }] }));
      t.observe('the gateway by its tags', unattached.InternetGateways?.length);

      const table = await t.aws.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, TagSpecifications: tagged('route-table', `${name}-public`) }));
      t.observe('CreateRouteTable', shapeOf(table, ['RouteTable.RouteTableId', 'RouteTable.VpcId', 'RouteTable.Routes[].DestinationCidrBlock', 'RouteTable.Routes[].GatewayId']));
      const tableId = table.RouteTable!.RouteTableId!;
      const route = await t.aws.ec2.send(new CreateRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: gatewayId }));
      t.observe('CreateRoute', route.Return);
      t.observe('the same route again', await t.outcome(t.aws.ec2.send(new CreateRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: gatewayId }))));
      const association = await t.aws.ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId }));
      t.observe('AssociateRouteTable', shapeOf(association, ['AssociationId', 'AssociationState.State']));
      const tables = await t.aws.ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'tag:Name', Values: [`${name}-public`] }] }));
      const ours = tables.RouteTables?.[0];
      t.observe('the public table: a route to the gateway and the subnet', [
        tables.RouteTables?.length,
        ours?.Routes?.some((r) => r.DestinationCidrBlock === '0.0.0.0/0' && r.GatewayId === gatewayId && r.State !== 'blackhole'),
        ours?.Associations?.filter((a) => a.SubnetId).map((a) => a.SubnetId === subnetId),
      ]);
      const all = await t.aws.ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
      t.observe('a new VPC has a main table besides', all.RouteTables?.filter((r) => r.Associations?.some((a) => a.Main)).length);
    },
  },
  {
    name: 'a security group: duplicates, rules from a CIDR and from a group, revocation, not found',
    operations: ['ec2:CreateSecurityGroup', 'ec2:DescribeSecurityGroups', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
    async run(t) {
      const vpcId = await defaultVpc(t);
      const name = t.unique('contract-sg');
      const created = await t.aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: 'contract', VpcId: vpcId, TagSpecifications: tagged('security-group', name) }));
      t.observe('CreateSecurityGroup', shapeOf(created, ['GroupId', 'Tags[].Key']));
      const groupId = created.GroupId!;
      t.observe('the same name again', await t.outcome(t.aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: 'contract', VpcId: vpcId }))));
      const cidr = { IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, IpRanges: [{ CidrIp: '172.31.0.0/16', Description: 'redis' }] };
      const self = { IpProtocol: 'tcp', FromPort: 2377, ToPort: 2377, UserIdGroupPairs: [{ GroupId: groupId }] };
      await t.aws.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [cidr, self] }));
      t.observe('the same rule again', await t.outcome(t.aws.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [cidr] }))));
      const read = () => t.aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: [name] }] })).then((r) => r.SecurityGroups ?? []);
      const groups = await read();
      t.observe('found by VPC and name', groups.length);
      t.observe('DescribeSecurityGroups', shapeOf({ groups }, ['groups[].GroupId', 'groups[].GroupName', 'groups[].VpcId', 'groups[].Tags[].Key', 'groups[].IpPermissions[].IpProtocol', 'groups[].IpPermissions[].FromPort', 'groups[].IpPermissions[].ToPort', 'groups[].IpPermissions[].IpRanges[].CidrIp', 'groups[].IpPermissions[].UserIdGroupPairs[].GroupId']));
      const rules = (g: (typeof groups)[number]) =>
        (g.IpPermissions ?? []).flatMap((p) => [...(p.IpRanges ?? []).map((r) => `${p.IpProtocol}:${p.FromPort}-${p.ToPort}:${r.CidrIp}`), ...(p.UserIdGroupPairs ?? []).map((u) => `${p.IpProtocol}:${p.FromPort}-${p.ToPort}:${u.GroupId === groupId ? 'self' : u.GroupId}`)]).sort();
      t.observe('its rules', rules(groups[0]!));
      t.observe('its Name tag', tag(groups[0]!.Tags, 'Name') === name);
      await t.aws.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, IpRanges: [{ CidrIp: '172.31.0.0/16' }] }] }));
      t.observe('its rules after a revocation', rules((await read())[0]!));
      t.observe('revoking a rule it does not have', await t.outcome(t.aws.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 9, ToPort: 9, IpRanges: [{ CidrIp: '10.9.9.0/24' }] }] }))));
      t.observe('unknown group', await t.outcome(t.aws.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0000000000000dead'] }))));
    },
  },
  {
    name: 'egress owned as qis-network owns it: to the default group only, the allow-all rule revoked; a subnet deleted',
    operations: ['ec2:AuthorizeSecurityGroupEgress', 'ec2:RevokeSecurityGroupEgress', 'ec2:DeleteSubnet'],
    async run(t) {
      const name = t.unique('contract-egress');
      const vpcId = (await t.aws.ec2.send(new CreateVpcCommand({ CidrBlock: '10.41.0.0/16', TagSpecifications: tagged('vpc', name) }))).Vpc!.VpcId!;
      const groups = () => t.aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })).then((r) => r.SecurityGroups ?? []);
      const defaultGroup = (await groups()).find((g) => g.GroupName === 'default')!;
      t.observe('a new VPC has its default group', Boolean(defaultGroup?.GroupId));
      const groupId = (await t.aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: 'contract', VpcId: vpcId }))).GroupId!;
      const egress = async () => ((await groups()).find((g) => g.GroupId === groupId)?.IpPermissionsEgress ?? []).flatMap((p) => [...(p.IpRanges ?? []).map((r) => `${p.IpProtocol}:${r.CidrIp}`), ...(p.UserIdGroupPairs ?? []).map((u) => `${p.IpProtocol}:${u.GroupId === defaultGroup.GroupId ? 'default' : u.GroupId}`)]).sort();
      t.observe('a new group sends everywhere', await egress());
      const toDefault = { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: defaultGroup.GroupId }] };
      await t.aws.ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [toDefault] }));
      t.observe('the same egress again', await t.outcome(t.aws.ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [toDefault] }))));
      await t.aws.ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
      t.observe('egress after the revocation', await egress());
      const ports = ((await groups()).find((g) => g.GroupId === groupId)?.IpPermissionsEgress ?? []).map((p) => [p.IpProtocol, p.FromPort ?? null, p.ToPort ?? null]);
      t.observe('an all-protocol rule and its ports', ports);
      t.observe('revoking it again', await t.outcome(t.aws.ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }))));
      const subnetId = (await t.aws.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.41.0.0/20', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
      await t.aws.ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId }));
      t.observe('the subnet after DeleteSubnet', await t.outcome(t.aws.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))));
      t.observe('deleting it again', await t.outcome(t.aws.ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId }))));
    },
  },
  {
    name: 'pages of VPCs: MaxResults, NextToken, the paginator',
    operations: ['ec2:DescribeVpcs'],
    async run(t) {
      const name = t.unique('contract-page');
      for (let i = 0; i < 6; i++) await t.aws.ec2.send(new CreateVpcCommand({ CidrBlock: `10.${50 + i}.0.0/16`, TagSpecifications: tagged('vpc', name) }));
      const filters = [{ Name: 'tag:Name', Values: [name] }];
      const first = await t.aws.ec2.send(new DescribeVpcsCommand({ Filters: filters, MaxResults: 5 }));
      t.observe('first page of 5 by MaxResults', [first.Vpcs?.length, typeof first.NextToken]);
      t.observe('all six through the paginator', (await collect(paginateDescribeVpcs({ client: t.aws.ec2, pageSize: 5 }, { Filters: filters }), (p) => p.Vpcs)).length);
      t.observe('MaxResults below 5', await t.outcome(t.aws.ec2.send(new DescribeVpcsCommand({ Filters: filters, MaxResults: 2 }))));
    },
  },
];
