/**
 * Images and termination as the step kinds send them: `ec2.image` makes an
 * image once by its unique name and its undo deregisters it, then deletes its
 * snapshots; `ec2.terminateInstance` and the instance undo terminate an
 * instance (protection refused first) and wait for `terminated`.
 */
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AttachVolumeCommand,
  CopyImageCommand,
  CreateTagsCommand,
  CreateImageCommand,
  CreateVolumeCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeAddressesCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  ModifyInstanceAttributeCommand,
  TerminateInstancesCommand,
} from '../../../src/aws/sdk/ec2.js';
import { isNotFound } from '../../../src/aws/errors.js';
import { REGION, shapeOf, type Probe, type Scenario } from '../harness.js';
import { runningInstance } from './ec2-deletions.js';

const instanceState = (t: Probe, id: string) => t.aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] })).then((r) => r.Reservations?.[0]?.Instances?.[0]?.State?.Name ?? 'gone');

export const ec2Images: Scenario[] = [
  {
    name: 'an image as ec2.image makes it and destroy removes it: a unique name, tagged snapshots, pending to available, deregistered, snapshots deleted',
    operations: ['ec2:CreateImage', 'ec2:DeregisterImage', 'ec2:DeleteSnapshot', 'ec2:DescribeImages'],
    async run(t) {
      const name = t.unique('contract-image');
      const { instanceId } = await runningInstance(t, name);
      const tags = [{ Key: 'Name', Value: name }, { Key: 'runbook:id', Value: 'contract' }];
      const request = { InstanceId: instanceId, Name: name, Description: 'contract', NoReboot: false, TagSpecifications: [{ ResourceType: 'image' as const, Tags: tags }, { ResourceType: 'snapshot' as const, Tags: tags }] };
      let sent = request;
      const created = await t.aws.ec2.send(new CreateImageCommand(request)).catch(() => {
        sent = { ...request, TagSpecifications: request.TagSpecifications.slice(0, 1) };
        return t.aws.ec2.send(new CreateImageCommand(sent));
      });
      t.observe('CreateImage tagging the image and its snapshots', sent === request);
      t.observe('CreateImage', shapeOf(created, ['ImageId']));
      const imageId = created.ImageId!;
      const named = await t.aws.ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'name', Values: [name] }] }));
      t.observe('found by its name among its own', named.Images?.map((i) => i.ImageId === imageId));
      t.observe('the same name again', await t.outcome(t.aws.ec2.send(new CreateImageCommand(sent))));
      const read = () => t.aws.ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] })).then((r) => r.Images?.[0]);
      const { value: image, states } = await t.until('image available', read, (i) => i?.State === 'available', (i) => i?.State ?? 'not visible');
      t.observe('states on the way to available', states.every((s) => ['not visible', 'pending', 'available'].includes(s)));
      t.observe('DescribeImages of its own', shapeOf(image, ['ImageId', 'Name', 'State', 'CreationDate', 'OwnerId', 'BlockDeviceMappings[].DeviceName', 'BlockDeviceMappings[].Ebs.SnapshotId', 'Tags[].Key']));
      const snapshotIds = (image?.BlockDeviceMappings ?? []).map((d) => d.Ebs?.SnapshotId).filter((s): s is string => !!s);
      t.observe('a snapshot per volume', snapshotIds.length);
      const deleteSnapshot = () => t.outcome(t.aws.ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotIds[0] })));
      t.observe('deleting a snapshot the image uses', await deleteSnapshot());
      t.observe('DeregisterImage', await t.outcome(t.aws.ec2.send(new DeregisterImageCommand({ ImageId: imageId }))));
      // AWS lists a deregistered image a short while, then answers none, then InvalidAMIID.NotFound (DescribeImages): all are gone to the undo.
      t.observe('the deregistered image', await read().then((i) => (!i || i.State === 'deregistered' ? 'gone' : i.State), (err: Error) => (isNotFound(err) ? 'gone' : err.name)));
      t.observe('its snapshots stay', (await t.aws.ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: snapshotIds }))).Snapshots?.map((x) => x.State));
      t.observe('DeleteSnapshot', await deleteSnapshot());
      t.observe('deleting it again', await deleteSnapshot());
    },
  },
  {
    name: 'TerminateInstances as ec2.terminateInstance and the instance undo send it: protection, shutting-down to terminated, what goes with it',
    operations: ['ec2:TerminateInstances'],
    async run(t) {
      const name = t.unique('contract-terminate');
      const { instanceId, zone } = await runningInstance(t, name);
      // As ec2.instance turns protection on: after the launch (moto ignores it at launch).
      await t.aws.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, DisableApiTermination: { Value: true } }));
      const { AllocationId } = await t.aws.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
      await t.aws.ec2.send(new AssociateAddressCommand({ AllocationId, InstanceId: instanceId }));
      const dataVolume = (await t.aws.ec2.send(new CreateVolumeCommand({ AvailabilityZone: zone, Size: 8, VolumeType: 'gp3' }))).VolumeId!;
      const volume = () => t.aws.ec2.send(new DescribeVolumesCommand({ VolumeIds: [dataVolume] })).then((r) => r.Volumes![0]!);
      await t.until('volume available', volume, (v) => v.State === 'available');
      await t.aws.ec2.send(new AttachVolumeCommand({ VolumeId: dataVolume, InstanceId: instanceId, Device: '/dev/sdf' }));
      await t.until('volume attached', volume, (v) => v.Attachments?.[0]?.State === 'attached');
      const rootVolume = (await t.aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0]!.Instances![0]!.BlockDeviceMappings!.find((d) => d.DeviceName === '/dev/sda1')!.Ebs!.VolumeId!;

      const terminate = () => t.aws.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
      t.observe('a protected instance', await t.outcome(terminate()));
      await t.aws.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, DisableApiTermination: { Value: false } }));
      const answer = await terminate();
      t.observe('TerminateInstances', shapeOf(answer, ['TerminatingInstances[].InstanceId', 'TerminatingInstances[].PreviousState.Name', 'TerminatingInstances[].CurrentState.Name']));
      t.observe('from running', answer.TerminatingInstances?.map((i) => [i.PreviousState?.Name, ['shutting-down', 'terminated'].includes(i.CurrentState?.Name ?? '')]));
      const { states } = await t.until('terminated', () => instanceState(t, instanceId), (s) => s === 'terminated', (s) => s);
      t.observe('states on the way to terminated', states.every((s) => ['running', 'shutting-down', 'terminated'].includes(s)));
      t.observe('still listed once terminated', await instanceState(t, instanceId));
      t.observe('terminating it again', await t.outcome(terminate()));
      const address = (await t.aws.ec2.send(new DescribeAddressesCommand({ AllocationIds: [AllocationId!] }))).Addresses?.[0];
      t.observe('its Elastic IP: kept, disassociated', [address?.AllocationId === AllocationId, address?.AssociationId]);
      const data = await volume();
      t.observe('its data volume: detached, kept', [data.State, data.Attachments?.length ?? 0]);
      const root = await t.aws.ec2.send(new DescribeVolumesCommand({ VolumeIds: [rootVolume] })).then(
        (r) => r.Volumes?.every((v) => v.State === 'deleting' || v.State === 'deleted'),
        (err: { name?: string }) => err.name,
      );
      t.observe('its root volume (DeleteOnTermination): gone', root);
    },
  },
  {
    name: 'an image copied to another region as ec2.imageCopy pulls it: sent there, a ClientToken, tags, pending to available, found by its tags',
    operations: ['ec2:CopyImage'],
    async run(t) {
      const name = t.unique('contract-copy');
      const { instanceId } = await runningInstance(t, name);
      const imageId = (await t.aws.ec2.send(new CreateImageCommand({ InstanceId: instanceId, Name: name, NoReboot: true }))).ImageId!;
      const own = (ec2: Probe['aws']['ec2'], id: string) => ec2.send(new DescribeImagesCommand({ ImageIds: [id] })).then((r) => r.Images?.[0]);
      await t.until('source available', () => own(t.aws.ec2, imageId), (i) => i?.State === 'available', (i) => i?.State ?? 'not visible');

      const west = t.aws.inRegion('us-west-2').ec2;
      const source = { Key: 'runbook:source-image', Value: `${REGION}/${imageId}` };
      const tags = [{ Key: 'Name', Value: name }, { Key: 'runbook:id', Value: 'contract' }, source];
      const request = { SourceImageId: imageId, SourceRegion: REGION, Name: name, Description: 'contract copy', Encrypted: true, ClientToken: `${name}-token`, TagSpecifications: [{ ResourceType: 'image' as const, Tags: tags }] };
      const copy = await west.send(new CopyImageCommand(request));
      t.observe('CopyImage', shapeOf(copy, ['ImageId']));
      t.observe('the same ClientToken again', (await west.send(new CopyImageCommand(request))).ImageId === copy.ImageId);
      t.observe('a source that does not exist', await t.outcome(west.send(new CopyImageCommand({ ...request, SourceImageId: 'ami-00000000000000dea', ClientToken: `${name}-missing` }))));
      const byTags = () => west.send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'tag:runbook:id', Values: ['contract'] }, { Name: `tag:${source.Key}`, Values: [source.Value] }] }));
      t.observe('tagged as it is made', (await byTags()).Images?.map((i) => i.ImageId === copy.ImageId));
      // As ec2.imageCopy does for an endpoint that dropped the tags.
      await west.send(new CreateTagsCommand({ Resources: [copy.ImageId!], Tags: tags }));
      t.observe('found by its tags', (await byTags()).Images?.filter((i) => i.ImageId === copy.ImageId).length);
      const { value: copied, states } = await t.until('copy available', () => own(west, copy.ImageId!), (i) => i?.State === 'available', (i) => i?.State ?? 'not visible');
      t.observe('states on the way to available', states.every((s) => ['not visible', 'pending', 'available'].includes(s)));
      t.observe('the copy', shapeOf(copied, ['ImageId', 'Name', 'State', 'OwnerId', 'BlockDeviceMappings[].DeviceName', 'BlockDeviceMappings[].Ebs.SnapshotId']));
      t.observe('its name', copied?.Name === name);
      t.observe('not in the source region', await t.outcome(own(t.aws.ec2, copy.ImageId!).then((i) => i?.ImageId ?? 'none')));
      t.observe('DeregisterImage of the copy', await t.outcome(west.send(new DeregisterImageCommand({ ImageId: copy.ImageId! }))));
    },
  },
];
