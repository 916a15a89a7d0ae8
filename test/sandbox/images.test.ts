/** The sandbox's own images and terminations: CreateImage captures the host, a launch from the image boots with it; TerminateInstances ends an instance and what it held. */
import {
  AssociateAddressCommand,
  AllocateAddressCommand,
  CreateImageCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeAddressesCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeVolumesCommand,
  ModifyInstanceAttributeCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '../../src/aws/sdk/ec2.js';
import { describe, expect, it } from 'vitest';
import { defineSimulation, outcome } from '../../src/sandbox/host/simulation.js';
import { newSandbox, runScript, simulatedWait, ssmReadyInstance } from './helpers.js';

// `app/install` installs a package and a container that restarts with the host; `app/probe` reports both.
const simulation = defineSimulation(
  ['app/install', (host) => ((host.packages.app = '1.0'), (host.containers.app = { id: 'c1', image: 'app', ports: [], running: true, restart: 'always', proxyPids: [0, 0] }), outcome(0, ['installed']))],
  ['app/probe', (host) => outcome(host.packages.app ? 0 : 1, [`app ${host.packages.app ?? 'missing'}`])],
);

describe('sandbox images', () => {
  it('an image is pending, then available; an instance launched from it has what the original had installed', async () => {
    const { aws } = newSandbox(undefined, simulation);
    const builder = await ssmReadyInstance(aws, 'build');
    expect((await runScript(aws, builder, 'app/install', {})).status).toBe('Success');
    const { ImageId } = await aws.ec2.send(
      new CreateImageCommand({ InstanceId: builder, Name: 'app-v1', TagSpecifications: [{ ResourceType: 'image', Tags: [{ Key: 'Name', Value: 'app-v1' }] }, { ResourceType: 'snapshot', Tags: [{ Key: 'Name', Value: 'app-v1' }] }] }),
    );
    const image = async () => (await aws.ec2.send(new DescribeImagesCommand({ ImageIds: [ImageId!] }))).Images![0]!;
    expect(await image()).toMatchObject({ State: 'pending', Name: 'app-v1', Public: false, Tags: [{ Key: 'Name', Value: 'app-v1' }] });
    await expect(aws.ec2.send(new CreateImageCommand({ InstanceId: builder, Name: 'app-v1' }))).rejects.toMatchObject({ name: 'InvalidAMIName.Duplicate' });
    await expect(aws.ec2.send(new RunInstancesCommand({ ImageId, InstanceType: 't3.small', MinCount: 1, MaxCount: 1 }))).rejects.toMatchObject({ name: 'InvalidAMIID.Unavailable' });
    await simulatedWait(61);
    const available = await image();
    expect(available.State).toBe('available');
    expect((await aws.ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images!.map((i) => i.ImageId)).toEqual([ImageId]);

    const copy = await aws.ec2.send(new RunInstancesCommand({ ImageId, InstanceType: 't3.small', MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: 'build-profile' } }));
    await simulatedWait(41);
    const probe = await runScript(aws, copy.Instances![0]!.InstanceId!, 'app/probe', {});
    expect(probe.status).toBe('Success');
    expect(probe.stdout).toContain('app 1.0');

    const snapshotId = available.BlockDeviceMappings![0]!.Ebs!.SnapshotId!;
    await expect(aws.ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }))).rejects.toMatchObject({ name: 'InvalidSnapshot.InUse' });
    await aws.ec2.send(new DeregisterImageCommand({ ImageId }));
    await aws.ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }));
    await expect(aws.ec2.send(new DescribeImagesCommand({ ImageIds: [ImageId!] }))).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
  });
});

describe('sandbox terminations', () => {
  it('refuses a protected instance; otherwise shutting-down then terminated, its Elastic IP freed, its root volume gone', async () => {
    const { aws } = newSandbox();
    const id = await ssmReadyInstance(aws, 'node');
    const { AllocationId } = await aws.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    await aws.ec2.send(new AssociateAddressCommand({ AllocationId, InstanceId: id }));
    await aws.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiTermination: { Value: true } }));
    await expect(aws.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }))).rejects.toMatchObject({ name: 'OperationNotPermitted' });
    await aws.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiTermination: { Value: false } }));

    const res = await aws.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(res.TerminatingInstances).toEqual([{ InstanceId: id, PreviousState: { Code: 16, Name: 'running' }, CurrentState: { Code: 32, Name: 'shutting-down' } }]);
    expect((await aws.ec2.send(new DescribeAddressesCommand({ AllocationIds: [AllocationId!] }))).Addresses![0]!.InstanceId).toBeUndefined();
    expect((await aws.ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [id] }] }))).Volumes).toEqual([]);
    await simulatedWait(11);
    const state = async () => (await aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!.Instances![0]!.State;
    expect(await state()).toEqual({ Code: 48, Name: 'terminated' });
    // Terminating again is accepted and changes nothing.
    expect((await aws.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }))).TerminatingInstances![0]!.CurrentState!.Name).toBe('terminated');
  });
});
