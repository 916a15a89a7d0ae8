/** The EC2 and SSM calls the lamp runbooks add: volumes and their modifications, termination protection, sessions. */
import {
  AttachVolumeCommand,
  CreateVolumeCommand,
  DescribeInstanceAttributeCommand,
  DescribeVolumesCommand,
  DescribeVolumesModificationsCommand,
  ModifyInstanceAttributeCommand,
  ModifyVolumeCommand,
  RunInstancesCommand,
} from '../../src/aws/sdk/ec2.js';
import { AddRoleToInstanceProfileCommand, AttachRolePolicyCommand, CreateInstanceProfileCommand, CreateRoleCommand } from '../../src/aws/sdk/iam.js';
import { StartSessionCommand, TerminateSessionCommand } from '../../src/aws/sdk/ssm.js';
import { describe, expect, it } from 'vitest';
import type { AwsSession } from '../../src/aws/session.js';
import { diskGib } from '../../src/sandbox/host/storage.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { accountPath } from '../../src/sandbox/account/store.js';
import { VOLUME_MODIFYING_SECONDS, VOLUME_OPTIMIZING_SECONDS } from '../../src/sandbox/services/ec2/volume-states.js';
import { openSandbox, SANDBOX_MS_PER_SECOND, type SandboxAccountState } from '../../src/sandbox/index.js';
import { newSandbox, sessionFor, simulatedWait } from './helpers.js';

const AL2023 = 'ami-0a1b2c3d4e5f60003';

/** A running Amazon Linux 2023 instance whose SSM agent is online. */
async function amazonLinuxInstance(aws: AwsSession, protect = false): Promise<{ id: string; zone: string }> {
  await aws.iam.send(new CreateRoleCommand({ RoleName: 'lamp', AssumeRolePolicyDocument: '{}' }));
  await aws.iam.send(new AttachRolePolicyCommand({ RoleName: 'lamp', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' }));
  await aws.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'lamp' }));
  await aws.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'lamp', RoleName: 'lamp' }));
  const run = await aws.ec2.send(new RunInstancesCommand({ ImageId: AL2023, InstanceType: 't3.medium', MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: 'lamp' }, DisableApiTermination: protect }));
  await simulatedWait(41);
  return { id: run.Instances![0]!.InstanceId!, zone: run.Instances![0]!.Placement!.AvailabilityZone! };
}

describe('sandbox EBS volumes', () => {
  it('creates once per ClientToken, refuses the token with other arguments, and is creating before available', async () => {
    const { aws } = newSandbox();
    const request = { AvailabilityZone: 'us-east-1a', Size: 1024, VolumeType: 'gp3' as const, Encrypted: true, ClientToken: 'token-1' };
    const first = await aws.ec2.send(new CreateVolumeCommand(request));
    const again = await aws.ec2.send(new CreateVolumeCommand(request));
    expect(again.VolumeId).toBe(first.VolumeId);
    expect(first).toMatchObject({ State: 'creating', Encrypted: true, Iops: 3000, Throughput: 125, KmsKeyId: expect.stringContaining(':key/') });
    await expect(aws.ec2.send(new CreateVolumeCommand({ ...request, Size: 2048 }))).rejects.toMatchObject({ name: 'IdempotentParameterMismatch' });
    await simulatedWait(6);
    expect((await aws.ec2.send(new DescribeVolumesCommand({ VolumeIds: [first.VolumeId!] }))).Volumes?.[0]?.State).toBe('available');
    await expect(aws.ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1z', Size: 8 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('attaches in the instance\'s zone only; the host sees the volume as the next NVMe device with the volume id as serial', async () => {
    const { aws, sandbox } = newSandbox();
    const { id, zone } = await amazonLinuxInstance(aws);
    const elsewhere = await aws.ec2.send(new CreateVolumeCommand({ AvailabilityZone: zone === 'us-east-1a' ? 'us-east-1b' : 'us-east-1a', Size: 64, Encrypted: true }));
    const data = await aws.ec2.send(new CreateVolumeCommand({ AvailabilityZone: zone, Size: 64, VolumeType: 'gp3', Encrypted: true }));
    await expect(aws.ec2.send(new AttachVolumeCommand({ VolumeId: data.VolumeId, InstanceId: id, Device: '/dev/sdf' }))).rejects.toMatchObject({ name: 'IncorrectState' });
    await simulatedWait(6);
    await expect(aws.ec2.send(new AttachVolumeCommand({ VolumeId: elsewhere.VolumeId, InstanceId: id, Device: '/dev/sdf' }))).rejects.toMatchObject({ name: 'InvalidVolume.ZoneMismatch' });

    const attached = await aws.ec2.send(new AttachVolumeCommand({ VolumeId: data.VolumeId, InstanceId: id, Device: '/dev/sdf' }));
    expect(attached.State).toBe('attaching');
    await expect(aws.ec2.send(new AttachVolumeCommand({ VolumeId: data.VolumeId, InstanceId: id, Device: '/dev/sdg' }))).rejects.toMatchObject({ name: 'VolumeInUse' });
    await simulatedWait(4);
    const v = (await aws.ec2.send(new DescribeVolumesCommand({ VolumeIds: [data.VolumeId!] }))).Volumes![0]!;
    expect(v).toMatchObject({ State: 'in-use', Attachments: [{ InstanceId: id, Device: '/dev/sdf', State: 'attached' }] });

    const host = sandbox.snapshot().regions['us-east-1']!.instances[id]!.host;
    expect(Object.values(host.disks!).map((d) => [d.name, d.serial])).toEqual([
      ['nvme0n1', expect.stringMatching(/^vol[0-9a-f]{17}$/)],
      ['nvme1n1', data.VolumeId!.replace('-', '')],
    ]);
    expect(host.mounts?.['/']?.source).toBe('/dev/nvme0n1p1');
  });

  it('grows a volume through modifying, optimizing (the new size in effect, on the host too) and completed; never shrinks, never twice at once', async () => {
    const { aws, sandbox, stateDir } = newSandbox();
    const { id, zone } = await amazonLinuxInstance(aws);
    const data = await aws.ec2.send(new CreateVolumeCommand({ AvailabilityZone: zone, Size: 64, VolumeType: 'gp3', Encrypted: true }));
    await simulatedWait(6);
    await aws.ec2.send(new AttachVolumeCommand({ VolumeId: data.VolumeId, InstanceId: id, Device: '/dev/sdf' }));
    await expect(aws.ec2.send(new DescribeVolumesModificationsCommand({ VolumeIds: [data.VolumeId!] }))).rejects.toMatchObject({ name: 'InvalidVolumeModification.NotFound' });
    await expect(aws.ec2.send(new ModifyVolumeCommand({ VolumeId: data.VolumeId, Size: 32 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });

    const m = await aws.ec2.send(new ModifyVolumeCommand({ VolumeId: data.VolumeId, Size: 128 }));
    expect(m.VolumeModification).toMatchObject({ ModificationState: 'modifying', OriginalSize: 64, TargetSize: 128 });
    await expect(aws.ec2.send(new ModifyVolumeCommand({ VolumeId: data.VolumeId, Size: 256 }))).rejects.toMatchObject({ name: 'IncorrectModificationState' });
    const state = async () => (await aws.ec2.send(new DescribeVolumesModificationsCommand({ VolumeIds: [data.VolumeId!] }))).VolumesModifications?.[0]?.ModificationState;
    const size = async () => (await aws.ec2.send(new DescribeVolumesCommand({ VolumeIds: [data.VolumeId!] }))).Volumes?.[0]?.Size;
    expect([await state(), await size()]).toEqual(['modifying', 64]);
    await simulatedWait(11);
    expect([await state(), await size()]).toEqual(['optimizing', 128]);
    const disk = Object.values(sandbox.snapshot().regions['us-east-1']!.instances[id]!.host.disks!)[1]!;
    expect(diskGib(disk, Date.now())).toBe(128);
    // Optimizing lasts as long as EBS takes (simulated half an hour): move the modification's start back instead of waiting.
    const file = accountPath(stateDir);
    const account = JSON.parse(readFileSync(file, 'utf8')) as SandboxAccountState;
    for (const m of account.regions['us-east-1']!.volumes[data.VolumeId!]!.modifications!) m.startedAt -= (VOLUME_MODIFYING_SECONDS + VOLUME_OPTIMIZING_SECONDS) * SANDBOX_MS_PER_SECOND;
    writeFileSync(file, JSON.stringify(account));
    const later = sessionFor(openSandbox({ stateDir }));
    expect((await later.ec2.send(new DescribeVolumesModificationsCommand({ VolumeIds: [data.VolumeId!] }))).VolumesModifications?.[0]?.ModificationState).toBe('completed');
  });
});

describe('sandbox termination protection', () => {
  it('reads and sets disableApiTermination, and refuses other attributes', async () => {
    const { aws } = newSandbox();
    const { id } = await amazonLinuxInstance(aws);
    const get = async () => (await aws.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'disableApiTermination' }))).DisableApiTermination?.Value;
    expect(await get()).toBe(false);
    await aws.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiTermination: { Value: true } }));
    expect(await get()).toBe(true);
    await expect(aws.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'userData' }))).rejects.toMatchObject({ name: 'UnsupportedOperation' });
  });
});

describe('sandbox Session Manager', () => {
  it('answers StartSession for an online instance with a session, a stream and a token; refuses an offline target and other documents', async () => {
    const { aws } = newSandbox();
    const { id } = await amazonLinuxInstance(aws);
    const parameters = { portNumber: ['22'], localPortNumber: ['9999'] };
    const session = await aws.ssm.send(new StartSessionCommand({ Target: id, DocumentName: 'AWS-StartPortForwardingSession', Parameters: parameters }));
    expect(session).toMatchObject({ SessionId: expect.stringMatching(/^sandbox-operator-[0-9a-f]{17}$/), StreamUrl: expect.stringMatching(/^wss:\/\/ssmmessages\.us-east-1\.amazonaws\.com\//), TokenValue: expect.any(String) });
    await expect(aws.ssm.send(new TerminateSessionCommand({ SessionId: session.SessionId }))).resolves.toMatchObject({ SessionId: session.SessionId });
    await expect(aws.ssm.send(new StartSessionCommand({ Target: 'i-0abc0000000000009', DocumentName: 'AWS-StartPortForwardingSession', Parameters: parameters }))).rejects.toMatchObject({ name: 'TargetNotConnected' });
    await expect(aws.ssm.send(new StartSessionCommand({ Target: id, DocumentName: 'AWS-StartInteractiveCommand' }))).rejects.toMatchObject({ name: 'UnsupportedOperation' });
    await expect(aws.ssm.send(new StartSessionCommand({ Target: id, DocumentName: 'AWS-StartPortForwardingSession', Parameters: { portNumber: ['x'] } }))).rejects.toMatchObject({ name: 'InvalidParameters' });
  });
});
