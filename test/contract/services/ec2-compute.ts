/** EC2 compute: images, instance types, instances, volumes, key pairs, addresses, tags, encryption by default. */
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AttachVolumeCommand,
  CreateKeyPairCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  DeleteTagsCommand,
  DescribeAddressesCommand,
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeKeyPairsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVolumesModificationsCommand,
  DescribeVpcsCommand,
  DisableEbsEncryptionByDefaultCommand,
  EnableEbsEncryptionByDefaultCommand,
  GetEbsEncryptionByDefaultCommand,
  ModifyInstanceAttributeCommand,
  ModifyVolumeCommand,
  RebootInstancesCommand,
  RunInstancesCommand,
  paginateDescribeInstances,
  type RunInstancesCommandInput,
} from '../../../src/aws/sdk/ec2.js';
import { GetParameterCommand } from '../../../src/aws/sdk/ssm.js';
import { matchesFingerprint } from '../../../src/steps/ec2/key-fingerprint.js';
import { collect } from '../../../src/steps/paginate.js';
import { shapeOf, tag, type Probe, type Scenario } from '../harness.js';

export const UBUNTU_PARAMETER = '/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id';

/** Each backend's Ubuntu 24.04 image, as a step finds it: by Canonical's public parameter. */
export async function ubuntuImage(t: Probe): Promise<string> {
  return (await t.aws.ssm.send(new GetParameterCommand({ Name: UBUNTU_PARAMETER }))).Parameter!.Value!;
}

async function defaultSubnet(t: Probe): Promise<{ SubnetId: string; AvailabilityZone: string; VpcId: string }> {
  const vpcId = (await t.aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }))).Vpcs![0]!.VpcId!;
  const subnets = (await t.aws.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets!;
  const s = subnets.sort((a, b) => a.AvailabilityZone!.localeCompare(b.AvailabilityZone!))[0]!;
  return { SubnetId: s.SubnetId!, AvailabilityZone: s.AvailabilityZone!, VpcId: vpcId };
}

/** A launch as ec2.instance sends it. */
export async function launchRequest(t: Probe, name: string, extra: Partial<RunInstancesCommandInput> = {}): Promise<RunInstancesCommandInput> {
  return {
    ImageId: await ubuntuImage(t),
    InstanceType: 't3.small',
    MinCount: 1,
    MaxCount: 1,
    SubnetId: (await defaultSubnet(t)).SubnetId,
    MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 2 },
    BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 20, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true } }],
    TagSpecifications: [
      { ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }, { Key: 'runbook:id', Value: 'contract' }] },
      { ResourceType: 'volume', Tags: [{ Key: 'Name', Value: name }] },
    ],
    ...extra,
  };
}

const describeOne = (t: Probe, id: string) => t.aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] })).then((r) => r.Reservations?.[0]?.Instances?.[0]);

const INSTANCE_FIELDS = [
  'Reservations[].ReservationId',
  'Reservations[].Instances[].InstanceId',
  'Reservations[].Instances[].State.Name',
  'Reservations[].Instances[].PrivateIpAddress',
  'Reservations[].Instances[].Placement.AvailabilityZone',
  'Reservations[].Instances[].RootDeviceName',
  'Reservations[].Instances[].MetadataOptions.HttpTokens',
  'Reservations[].Instances[].BlockDeviceMappings[].DeviceName',
  'Reservations[].Instances[].BlockDeviceMappings[].Ebs.VolumeId',
  'Reservations[].Instances[].SecurityGroups[].GroupId',
  'Reservations[].Instances[].Tags[].Key',
  'Reservations[].Instances[].VpcId',
  'Reservations[].Instances[].SubnetId',
];

export const ec2Compute: Scenario[] = [
  {
    name: 'an image by its public parameter, instance types and their architectures',
    operations: ['ec2:DescribeImages', 'ec2:DescribeInstanceTypes'],
    async run(t) {
      const parameter = await t.aws.ssm.send(new GetParameterCommand({ Name: UBUNTU_PARAMETER }));
      const images = await t.aws.ec2.send(new DescribeImagesCommand({ ImageIds: [parameter.Parameter!.Value!] }));
      t.observe('DescribeImages', shapeOf(images, ['Images[].ImageId', 'Images[].Name', 'Images[].Architecture', 'Images[].RootDeviceName', 'Images[].State']));
      t.observe('the image', [images.Images?.[0]?.Architecture, images.Images?.[0]?.RootDeviceName, images.Images?.[0]?.OwnerId]);
      t.observe('an unknown image', await t.outcome(t.aws.ec2.send(new DescribeImagesCommand({ ImageIds: ['ami-0000000000000dead'] }))));
      const types = await t.aws.ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['t3.medium', 't4g.medium'] }));
      t.observe('architectures', Object.fromEntries((types.InstanceTypes ?? []).map((i) => [i.InstanceType, i.ProcessorInfo?.SupportedArchitectures?.includes('arm64') ? 'arm64' : 'x86_64'])));
      t.observe('an unknown instance type', await t.outcome(t.aws.ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['x9.nonsense' as never] }))));
    },
  },
  {
    name: 'RunInstances as ec2.instance sends it: the launch, a repeated ClientToken, states, attributes, tags',
    operations: ['ec2:RunInstances', 'ec2:DescribeInstances', 'ec2:DescribeInstanceAttribute', 'ec2:ModifyInstanceAttribute', 'ec2:CreateTags', 'ec2:DeleteTags', 'ec2:RebootInstances'],
    async run(t) {
      const name = t.unique('contract-instance');
      const request = await launchRequest(t, name, { ClientToken: name, DisableApiTermination: true });
      const launched = await t.aws.ec2.send(new RunInstancesCommand(request));
      t.observe('RunInstances', shapeOf({ Reservations: [launched] }, INSTANCE_FIELDS.filter((p) => !p.includes('SecurityGroups'))));
      const id = launched.Instances![0]!.InstanceId!;
      t.observe('the launch answer says', launched.Instances![0]!.State?.Name);
      const again = await t.aws.ec2.send(new RunInstancesCommand(request));
      t.observe('the same ClientToken again gives the same instance', again.Instances?.[0]?.InstanceId === id);
      const { states } = await t.until(`${id} running`, () => describeOne(t, id), (i) => i?.State?.Name === 'running', (i) => i?.State?.Name ?? 'not visible');
      t.observe('states on the way to running', states.filter((s) => s !== 'running').every((s) => ['pending', 'not visible'].includes(s)));
      const byTag = await t.aws.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: [name] }, { Name: 'tag:runbook:id', Values: ['contract'] }, { Name: 'instance-state-name', Values: ['pending', 'running'] }] }));
      t.observe('DescribeInstances by tags', shapeOf(byTag, INSTANCE_FIELDS.filter((p) => !p.includes('SecurityGroups'))));
      const instance = byTag.Reservations?.[0]?.Instances?.[0];
      t.observe('the groups of an instance launched without any', instance?.SecurityGroups?.length);
      t.observe('IMDSv2 and the root device', [instance?.MetadataOptions?.HttpTokens, instance?.RootDeviceName, instance?.BlockDeviceMappings?.[0]?.DeviceName]);
      const rootVolume = (await t.aws.ec2.send(new DescribeVolumesCommand({ VolumeIds: [instance!.BlockDeviceMappings![0]!.Ebs!.VolumeId!] }))).Volumes![0]!;
      t.observe('the root volume: encrypted, gp3, the size asked, tagged', [rootVolume.Encrypted, rootVolume.VolumeType, rootVolume.Size, tag(rootVolume.Tags, 'Name') === name]);
      const protection = () => t.aws.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'disableApiTermination' })).then((r) => r.DisableApiTermination?.Value);
      t.observe('termination protection asked at launch', await protection());
      await t.aws.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiTermination: { Value: true } }));
      t.observe('termination protection after ModifyInstanceAttribute', await protection());
      await t.aws.ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'lamp:swarm-role', Value: 'manager' }] }));
      t.observe('a tag added', tag((await describeOne(t, id))?.Tags, 'lamp:swarm-role'));
      await t.aws.ec2.send(new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: 'lamp:swarm-role' }] }));
      t.observe('the tag deleted', tag((await describeOne(t, id))?.Tags, 'lamp:swarm-role'));
      t.observe('a reboot', await t.outcome(t.aws.ec2.send(new RebootInstancesCommand({ InstanceIds: [id] }))));
      t.observe('an unknown instance', await t.outcome(t.aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0000000000000dead'] }))));
      t.observe('MaxResults with InstanceIds', await t.outcome(t.aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id], MaxResults: 5 }))));
    },
  },
  {
    name: 'pages of instances: a reservation per launch, MaxResults, NextToken, the paginator',
    operations: ['ec2:DescribeInstances'],
    async run(t) {
      const name = t.unique('contract-pages');
      for (let i = 0; i < 6; i++) await t.aws.ec2.send(new RunInstancesCommand(await launchRequest(t, name)));
      const filters = [{ Name: 'tag:Name', Values: [name] }];
      const first = await t.aws.ec2.send(new DescribeInstancesCommand({ Filters: filters, MaxResults: 5 }));
      t.observe('first page: 5 reservations and a token', [first.Reservations?.length, typeof first.NextToken]);
      const all = await collect(paginateDescribeInstances({ client: t.aws.ec2, pageSize: 5 }, { Filters: filters }), (p) => p.Reservations);
      t.observe('all six through the paginator', all.flatMap((r) => r.Instances ?? []).length);
    },
  },
  {
    name: 'a data volume as ec2.volume makes it: ClientToken, states, attachment, growth',
    operations: ['ec2:CreateVolume', 'ec2:DescribeVolumes', 'ec2:AttachVolume', 'ec2:ModifyVolume', 'ec2:DescribeVolumesModifications'],
    async run(t) {
      const name = t.unique('contract-volume');
      const launched = await t.aws.ec2.send(new RunInstancesCommand(await launchRequest(t, name)));
      const instanceId = launched.Instances![0]!.InstanceId!;
      const zone = launched.Instances![0]!.Placement!.AvailabilityZone!;
      await t.until('instance running', () => describeOne(t, instanceId), (i) => i?.State?.Name === 'running');
      const request = { AvailabilityZone: zone, Size: 64, VolumeType: 'gp3' as const, Encrypted: true, ClientToken: name, TagSpecifications: [{ ResourceType: 'volume' as const, Tags: [{ Key: 'Name', Value: name }, { Key: 'runbook:step', Value: 'data-volume' }] }] };
      const created = await t.aws.ec2.send(new CreateVolumeCommand(request));
      t.observe('CreateVolume', shapeOf(created, ['VolumeId', 'Size', 'State', 'Encrypted', 'VolumeType', 'AvailabilityZone', 'Tags[].Key']));
      const volumeId = created.VolumeId!;
      t.observe('the same ClientToken again gives the same volume', (await t.aws.ec2.send(new CreateVolumeCommand(request))).VolumeId === volumeId);
      const read = () => t.aws.ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] })).then((r) => r.Volumes![0]!);
      const available = await t.until('volume available', read, (v) => v.State === 'available', (v) => v.State);
      t.observe('states on the way to available', available.states.every((s) => ['creating', 'available'].includes(s)));
      const attach = await t.aws.ec2.send(new AttachVolumeCommand({ VolumeId: volumeId, InstanceId: instanceId, Device: '/dev/sdf' }));
      t.observe('AttachVolume answers', [attach.State, attach.Device]);
      const attached = await t.until('volume attached', read, (v) => v.Attachments?.[0]?.State === 'attached', (v) => `${v.State}/${v.Attachments?.[0]?.State}`);
      t.observe('states on the way to attached', attached.states.every((s) => ['available/attaching', 'in-use/attaching', 'in-use/attached', 'available/undefined'].includes(s)));
      const onInstance = await t.aws.ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [instanceId] }] }));
      t.observe('the instance\'s volumes by attachment', onInstance.Volumes?.map((v) => v.Attachments?.[0]?.Device).sort());
      const byTags = await t.aws.ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'tag:Name', Values: [name] }, { Name: 'tag:runbook:step', Values: ['data-volume'] }] }));
      t.observe('the data volume by its tags', byTags.Volumes?.map((v) => v.VolumeId === volumeId));
      t.observe('a volume never modified', await t.outcome(t.aws.ec2.send(new DescribeVolumesModificationsCommand({ VolumeIds: [volumeId] }))));
      const modified = await t.aws.ec2.send(new ModifyVolumeCommand({ VolumeId: volumeId, Size: 128 }));
      t.observe('ModifyVolume', shapeOf(modified, ['VolumeModification.VolumeId', 'VolumeModification.ModificationState', 'VolumeModification.TargetSize', 'VolumeModification.OriginalSize']));
      const done = await t.until(
        'modification optimizing or completed',
        () => t.aws.ec2.send(new DescribeVolumesModificationsCommand({ VolumeIds: [volumeId] })).then((r) => r.VolumesModifications!.at(-1)!),
        (m) => m.ModificationState === 'optimizing' || m.ModificationState === 'completed',
        (m) => m.ModificationState,
      );
      t.observe('modification states', done.states.every((s) => ['modifying', 'optimizing', 'completed'].includes(s!)));
      t.observe('sizes of the modification', [done.value.OriginalSize, done.value.TargetSize]);
      t.observe('an unknown volume', await t.outcome(t.aws.ec2.send(new DescribeVolumesCommand({ VolumeIds: ['vol-0000000000000dead'] }))));
    },
  },
  {
    name: 'an ED25519 key pair: OpenSSH material matching its fingerprint, duplicates, not found',
    operations: ['ec2:CreateKeyPair', 'ec2:DescribeKeyPairs'],
    async run(t) {
      const name = t.unique('contract-key');
      const created = await t.aws.ec2.send(new CreateKeyPairCommand({ KeyName: name, KeyType: 'ed25519', KeyFormat: 'pem', TagSpecifications: [{ ResourceType: 'key-pair', Tags: [{ Key: 'runbook:id', Value: 'contract' }] }] }));
      t.observe('CreateKeyPair', shapeOf(created, ['KeyName', 'KeyPairId', 'KeyFingerprint', 'KeyMaterial']));
      t.observe('an OpenSSH private key', created.KeyMaterial?.startsWith('-----BEGIN OPENSSH PRIVATE KEY-----'));
      t.observe('the material matches the fingerprint', matchesFingerprint(created.KeyMaterial!, created.KeyFingerprint!));
      t.observe('the same name again', await t.outcome(t.aws.ec2.send(new CreateKeyPairCommand({ KeyName: name, KeyType: 'ed25519' }))));
      const described = await t.aws.ec2.send(new DescribeKeyPairsCommand({ KeyNames: [name] }));
      t.observe('DescribeKeyPairs', shapeOf(described, ['KeyPairs[].KeyName', 'KeyPairs[].KeyPairId', 'KeyPairs[].KeyFingerprint', 'KeyPairs[].KeyType', 'KeyPairs[].Tags[].Key']));
      t.observe('the same fingerprint', described.KeyPairs?.[0]?.KeyFingerprint === created.KeyFingerprint);
      t.observe('an unknown key pair', await t.outcome(t.aws.ec2.send(new DescribeKeyPairsCommand({ KeyNames: [`${name}-none`] }))));
    },
  },
  {
    name: 'an Elastic IP as ec2.elasticIp uses it: tagged at allocation, found by tags, associated',
    operations: ['ec2:AllocateAddress', 'ec2:DescribeAddresses', 'ec2:AssociateAddress'],
    async run(t) {
      const name = t.unique('contract-eip');
      const launched = await t.aws.ec2.send(new RunInstancesCommand(await launchRequest(t, name)));
      const instanceId = launched.Instances![0]!.InstanceId!;
      await t.until('instance running', () => describeOne(t, instanceId), (i) => i?.State?.Name === 'running');
      const allocated = await t.aws.ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: [{ Key: 'Name', Value: name }, { Key: 'runbook:id', Value: 'contract' }] }] }));
      t.observe('AllocateAddress', shapeOf(allocated, ['AllocationId', 'PublicIp', 'Domain']));
      const byTags = await t.aws.ec2.send(new DescribeAddressesCommand({ Filters: [{ Name: 'tag:runbook:id', Values: ['contract'] }, { Name: 'tag:Name', Values: [name] }] }));
      t.observe('found by its tags', byTags.Addresses?.map((a) => a.AllocationId === allocated.AllocationId));
      const associated = await t.aws.ec2.send(new AssociateAddressCommand({ AllocationId: allocated.AllocationId, InstanceId: instanceId, AllowReassociation: false }));
      t.observe('AssociateAddress', shapeOf(associated, ['AssociationId']));
      t.observe('associating it again with the same instance', await t.outcome(t.aws.ec2.send(new AssociateAddressCommand({ AllocationId: allocated.AllocationId, InstanceId: instanceId, AllowReassociation: false }))));
      const byId = await t.aws.ec2.send(new DescribeAddressesCommand({ AllocationIds: [allocated.AllocationId!] }));
      t.observe('DescribeAddresses', shapeOf(byId, ['Addresses[].AllocationId', 'Addresses[].PublicIp', 'Addresses[].InstanceId', 'Addresses[].PrivateIpAddress', 'Addresses[].AssociationId', 'Addresses[].Tags[].Key']));
      t.observe('associated with the instance', byId.Addresses?.[0]?.InstanceId === instanceId);
      t.observe('an unknown allocation', await t.outcome(t.aws.ec2.send(new DescribeAddressesCommand({ AllocationIds: ['eipalloc-0000000000000dead'] }))));
    },
  },
  {
    name: 'EBS encryption by default: read, on, off',
    operations: ['ec2:GetEbsEncryptionByDefault', 'ec2:EnableEbsEncryptionByDefault', 'ec2:DisableEbsEncryptionByDefault'],
    async run(t) {
      const read = () => t.aws.ec2.send(new GetEbsEncryptionByDefaultCommand({})).then((r) => r.EbsEncryptionByDefault);
      t.observe('GetEbsEncryptionByDefault', shapeOf(await t.aws.ec2.send(new GetEbsEncryptionByDefaultCommand({})), ['EbsEncryptionByDefault']));
      t.observe('EnableEbsEncryptionByDefault answers', (await t.aws.ec2.send(new EnableEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault);
      t.observe('then', await read());
      await t.aws.ec2.send(new DisableEbsEncryptionByDefaultCommand({}));
      t.observe('after DisableEbsEncryptionByDefault', await read());
    },
  },
];
