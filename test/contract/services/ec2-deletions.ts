/**
 * EC2 as `runbook destroy` takes it apart (src/steps/ec2/*-undo.ts): a group
 * deleted once nothing uses it, an address disassociated then released, a
 * key pair deleted, a volume detached then deleted, a VPC part by part; each
 * deleted again once it is gone, since a resumed destroy does exactly that.
 */
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AttachVolumeCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateKeyPairCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteKeyPairCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVolumeCommand,
  DeleteVpcCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DetachVolumeCommand,
  DisassociateAddressCommand,
  DisassociateRouteTableCommand,
  ModifySubnetAttributeCommand,
  ReleaseAddressCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '../../../src/aws/sdk/ec2.js';
import { isNotFound } from '../../../src/aws/errors.js';
import { shapeOf, type Probe, type Scenario } from '../harness.js';
import { launchRequest } from './ec2-compute.js';

/** An instance launched as ec2.instance launches it, once running. */
export async function runningInstance(t: Probe, name: string, extra: Parameters<typeof launchRequest>[2] = {}): Promise<{ instanceId: string; zone: string }> {
  const launched = await t.aws.ec2.send(new RunInstancesCommand(await launchRequest(t, name, extra)));
  const instanceId = launched.Instances![0]!.InstanceId!;
  await t.until(`${instanceId} running`, () => t.aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })).then((r) => r.Reservations?.[0]?.Instances?.[0]), (i) => i?.State?.Name === 'running');
  return { instanceId, zone: launched.Instances![0]!.Placement!.AvailabilityZone! };
}

export const ec2Deletions: Scenario[] = [
  {
    name: 'security groups as destroy deletes them: in use by an instance, by a rule, the default group, gone',
    operations: ['ec2:DeleteSecurityGroup'],
    async run(t) {
      const name = t.unique('contract-sg-delete');
      const request = await launchRequest(t, name);
      const vpcId = (await t.aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default'] }] }))).SecurityGroups!.find((g) => g.VpcId)!.VpcId!;
      const group = (suffix: string) => t.aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: `${name}-${suffix}`, Description: 'contract', VpcId: vpcId })).then((r) => r.GroupId!);
      const [used, referenced, referencing, free] = [await group('used'), await group('referenced'), await group('referencing'), await group('free')];
      await t.aws.ec2.send(new RunInstancesCommand({ ...request, SecurityGroupIds: [used] }));
      await t.aws.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: referencing, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 2377, ToPort: 2377, UserIdGroupPairs: [{ GroupId: referenced }] }] }));
      const del = (id: string) => t.outcome(t.aws.ec2.send(new DeleteSecurityGroupCommand({ GroupId: id })));
      t.observe('a group an instance uses', await del(used));
      t.observe('a group another group names in a rule', await del(referenced));
      // A VPC of its own: a default group that moto deletes must not be the default VPC's.
      const ownVpc = (await t.aws.ec2.send(new CreateVpcCommand({ CidrBlock: '10.60.0.0/16' }))).Vpc!.VpcId!;
      const defaultGroup = (await t.aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [ownVpc] }, { Name: 'group-name', Values: ['default'] }] }))).SecurityGroups![0]!.GroupId!;
      t.observe('the default group of a VPC', await del(defaultGroup));
      t.observe('DeleteSecurityGroup', await del(free));
      t.observe('the deleted group described', await t.outcome(t.aws.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [free] }))));
      t.observe('the deleted group by its name', (await t.aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: [`${name}-free`] }] }))).SecurityGroups?.length);
      t.observe('deleting it again', await del(free));
    },
  },
  {
    name: 'an Elastic IP as destroy removes it: released while associated, disassociated, released, gone',
    operations: ['ec2:DisassociateAddress', 'ec2:ReleaseAddress'],
    async run(t) {
      const name = t.unique('contract-eip-delete');
      const { instanceId } = await runningInstance(t, name);
      const associate = async () => {
        const { AllocationId } = await t.aws.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
        const { AssociationId } = await t.aws.ec2.send(new AssociateAddressCommand({ AllocationId, InstanceId: instanceId }));
        return { allocationId: AllocationId!, associationId: AssociationId! };
      };
      // In a default VPC the release disassociates; the undo disassociates first anyway.
      const first = await associate();
      t.observe('releasing an address associated in the default VPC', await t.outcome(t.aws.ec2.send(new ReleaseAddressCommand({ AllocationId: first.allocationId }))));
      const { allocationId, associationId } = await associate();
      const release = () => t.outcome(t.aws.ec2.send(new ReleaseAddressCommand({ AllocationId: allocationId })));
      t.observe('DisassociateAddress', await t.outcome(t.aws.ec2.send(new DisassociateAddressCommand({ AssociationId: associationId }))));
      const after = (await t.aws.ec2.send(new DescribeAddressesCommand({ AllocationIds: [allocationId] }))).Addresses?.[0];
      t.observe('the address after DisassociateAddress', shapeOf(after, ['AllocationId', 'AssociationId', 'InstanceId', 'PublicIp']));
      t.observe('disassociating it again', await t.outcome(t.aws.ec2.send(new DisassociateAddressCommand({ AssociationId: associationId }))));
      t.observe('ReleaseAddress', await release());
      t.observe('the released address described', await t.outcome(t.aws.ec2.send(new DescribeAddressesCommand({ AllocationIds: [allocationId] }))));
      t.observe('releasing it again', await release());
    },
  },
  {
    name: 'a key pair as destroy deletes it: deleted, gone, deleted again',
    operations: ['ec2:DeleteKeyPair'],
    async run(t) {
      const name = t.unique('contract-key-delete');
      await t.aws.ec2.send(new CreateKeyPairCommand({ KeyName: name, KeyType: 'ed25519' }));
      t.observe('DeleteKeyPair', await t.outcome(t.aws.ec2.send(new DeleteKeyPairCommand({ KeyName: name }))));
      t.observe('the deleted key pair described', await t.outcome(t.aws.ec2.send(new DescribeKeyPairsCommand({ KeyNames: [name] }))));
      t.observe('deleting it again', await t.outcome(t.aws.ec2.send(new DeleteKeyPairCommand({ KeyName: name }))));
    },
  },
  {
    name: 'a data volume as destroy removes it: delete refused while attached, detached, states on the way, deleted, gone',
    operations: ['ec2:DetachVolume', 'ec2:DeleteVolume'],
    async run(t) {
      const name = t.unique('contract-volume-delete');
      const { instanceId, zone } = await runningInstance(t, name);
      const volumeId = (await t.aws.ec2.send(new CreateVolumeCommand({ AvailabilityZone: zone, Size: 8, VolumeType: 'gp3' }))).VolumeId!;
      const read = () => t.aws.ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] })).then((r) => r.Volumes![0]!);
      await t.until('volume available', read, (v) => v.State === 'available');
      await t.aws.ec2.send(new AttachVolumeCommand({ VolumeId: volumeId, InstanceId: instanceId, Device: '/dev/sdf' }));
      await t.until('volume attached', read, (v) => v.Attachments?.[0]?.State === 'attached');
      const del = () => t.outcome(t.aws.ec2.send(new DeleteVolumeCommand({ VolumeId: volumeId })));
      t.observe('deleting an attached volume', await del());
      // The undo names the volume only (the instance is optional, DetachVolume API reference).
      const detach = (instance?: string) => t.aws.ec2.send(new DetachVolumeCommand({ VolumeId: volumeId, InstanceId: instance }));
      let alone: unknown = { ok: true };
      const detached = await detach().catch((err: Error) => {
        alone = { error: err.name };
        return detach(instanceId);
      });
      t.observe('DetachVolume by the volume alone', alone);
      t.observe('DetachVolume', shapeOf(detached, ['State', 'VolumeId', 'InstanceId', 'Device']));
      t.observe('DetachVolume answers', detached.State);
      const { states } = await t.until('volume detached', read, (v) => v.State === 'available', (v) => `${v.State}/${v.Attachments?.[0]?.State ?? 'none'}`);
      t.observe('states on the way to available', states.every((s) => ['in-use/detaching', 'in-use/attached', 'available/detached', 'available/none'].includes(s)));
      t.observe('DeleteVolume', await del());
      // AWS may still list it a moment as deleting; the undo takes that as gone.
      const gone = await t.aws.ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] })).then(
        (r) => r.Volumes?.every((v) => v.State === 'deleting' || v.State === 'deleted'),
        (err: { name?: string }) => err.name,
      );
      t.observe('the deleted volume described', gone);
      t.observe('deleting it again', await del());
    },
  },
];

export const ec2VpcDeletions: Scenario[] = [
  {
    name: 'a VPC as destroy takes it apart: what is in the way refused, the route table, the gateway, the subnet, the VPC, gone',
    operations: ['ec2:DisassociateRouteTable', 'ec2:DeleteRouteTable', 'ec2:DetachInternetGateway', 'ec2:DeleteInternetGateway', 'ec2:DeleteSubnet', 'ec2:DeleteVpc', 'ec2:TerminateInstances'],
    async run(t) {
      const ec2 = t.aws.ec2;
      const name = t.unique('contract-vpc-delete');
      const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.70.0.0/16' }))).Vpc!.VpcId!;
      const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.70.0.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
      await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, MapPublicIpOnLaunch: { Value: true } }));
      const gatewayId = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
      await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId }));
      const tableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
      await ec2.send(new CreateRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: gatewayId }));
      const associationId = (await ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId }))).AssociationId!;
      const groupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: 'contract', VpcId: vpcId }))).GroupId!;
      const { instanceId } = await runningInstance(t, name, { SubnetId: subnetId, SecurityGroupIds: [groupId] });
      const outcome = (call: Promise<unknown>) => t.outcome(call);
      // What the undo takes as done: the call succeeded, or what it removes is gone already
      // (moto removes some of these while something is in the way, see the observations before).
      const asTheUndo = (call: Promise<unknown>, ...alsoDone: string[]) => call.then(() => 'done', (err: Error) => (isNotFound(err) || alsoDone.includes(err.name) ? 'done' : err.name));

      t.observe('the VPC while it has all that', await outcome(ec2.send(new DeleteVpcCommand({ VpcId: vpcId }))));
      t.observe('the subnet while an instance is in it', await outcome(ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId }))));
      t.observe('the gateway while attached', await outcome(ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: gatewayId }))));
      const detach = () => outcome(ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId })));
      t.observe('detaching the gateway while an instance has a public address', await detach());
      const mainTable = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }] }))).RouteTables?.[0]?.RouteTableId;
      t.observe('the main route table', await outcome(ec2.send(new DeleteRouteTableCommand({ RouteTableId: mainTable }))));
      const deleteTable = () => outcome(ec2.send(new DeleteRouteTableCommand({ RouteTableId: tableId })));
      t.observe('a route table still associated', await deleteTable());
      const disassociate = () => outcome(ec2.send(new DisassociateRouteTableCommand({ AssociationId: associationId })));
      t.observe('DisassociateRouteTable', await disassociate());
      t.observe('disassociating it again', await disassociate());
      t.observe('DeleteRouteTable', await deleteTable());
      t.observe('deleting the table again', await deleteTable());

      await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
      await t.until('terminated', () => ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })).then((r) => r.Reservations?.[0]?.Instances?.[0]?.State?.Name), (s) => s === 'terminated');
      t.observe('DetachInternetGateway', await asTheUndo(ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId })), 'Gateway.NotAttached'));
      t.observe('detaching it again', await detach());
      const deleteGateway = () => outcome(ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: gatewayId })));
      t.observe('DeleteInternetGateway', await deleteGateway());
      t.observe('deleting the gateway again', await deleteGateway());
      const deleteSubnet = () => outcome(ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId })));
      t.observe('DeleteSubnet', await asTheUndo(ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId }))));
      t.observe('deleting the subnet again', await deleteSubnet());
      const deleteVpc = () => outcome(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })));
      t.observe('the VPC while a group of its own is left', await deleteVpc());
      await ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
      t.observe('DeleteVpc', await asTheUndo(ec2.send(new DeleteVpcCommand({ VpcId: vpcId }))));
      t.observe('the deleted VPC', await outcome(ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))));
      t.observe('deleting the VPC again', await deleteVpc());
    },
  },
];
