/**
 * The ec2 kinds' undos (what `runbook destroy` sends), on aws-sdk-client-mock:
 * what the run made is found and removed, what it only used is kept, what is
 * gone is nothing to do, and an AWS error is passed on.
 */
import {
  CreateSnapshotCommand,
  DeleteKeyPairCommand,
  DeleteSecurityGroupCommand,
  DeleteVolumeCommand,
  DescribeAddressesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  DetachVolumeCommand,
  DisassociateAddressCommand,
  ModifyInstanceAttributeCommand,
  ReleaseAddressCommand,
  TerminateInstancesCommand,
} from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { elasticIpUndo } from '../../../src/steps/ec2/elastic-ip-undo.js';
import { instanceUndo } from '../../../src/steps/ec2/instance-undo.js';
import { keyPairUndo } from '../../../src/steps/ec2/key-pair-undo.js';
import { securityGroupUndo } from '../../../src/steps/ec2/security-group-undo.js';
import { volumeUndo } from '../../../src/steps/ec2/volume-undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const MINE = [{ Key: 'runbook:run-id', Value: 'test-run-0001' }, { Key: 'runbook:step', Value: 'step-under-test' }];
const THEIRS = [{ Key: 'runbook:run-id', Value: 'older-run-0001' }];
const keep = { snapshotFirst: false };

describe('ec2.instance undo', () => {
  beforeEach(resetMocks);
  const running = (id: string, Tags = MINE) => ({ Reservations: [{ Instances: [{ InstanceId: id, State: { Name: 'running' as const }, Tags }] }] });

  it('finds the instance by its output and its tags, the run\'s to remove, another run\'s to keep', async () => {
    mocks.ec2.on(DescribeInstancesCommand, { InstanceIds: ['i-0mine'] }).resolves(running('i-0mine'));
    mocks.ec2.on(DescribeInstancesCommand, { Filters: [{ Name: 'tag:runbook:run-id', Values: ['test-run-0001'] }, { Name: 'tag:runbook:step', Values: ['step-under-test'] }] }).resolves(running('i-0mine'));
    const found = await instanceUndo.find(stepContext(), { input: { terminationProtection: true }, outputs: { instanceId: 'i-0mine' }, status: 'changed' });
    expect(found).toEqual([{ type: 'ec2:instance', id: 'i-0mine', madeByRun: true, note: 'termination protection off first (the run turned it on)', details: { protectedByRun: true } }]);

    resetMocks();
    mocks.ec2.on(DescribeInstancesCommand).resolves(running('i-0theirs', THEIRS));
    const adopted = await instanceUndo.find(stepContext(), { input: {}, outputs: { instanceId: 'i-0theirs' }, status: 'ok' });
    expect(adopted[0]).toMatchObject({ madeByRun: false, note: 'instance i-0theirs was made by run older-run-0001' });
  });

  it('turns off the protection the run turned on, terminates, and waits until terminated', async () => {
    mocks.ec2.on(DescribeInstancesCommand).resolvesOnce(running('i-0mine')).resolvesOnce(running('i-0mine')).resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-0mine', State: { Name: 'terminated' } }] }] });
    mocks.ec2.on(DescribeInstanceAttributeCommand).resolves({ DisableApiTermination: { Value: true } });
    mocks.ec2.on(ModifyInstanceAttributeCommand).resolves({});
    mocks.ec2.on(TerminateInstancesCommand).resolves({});
    const resource = { type: 'ec2:instance', id: 'i-0mine', madeByRun: true, details: { protectedByRun: true } };
    expect(instanceUndo.plan(resource, keep).map((c) => c.operation)).toEqual(['ModifyInstanceAttribute', 'TerminateInstances']);

    await instanceUndo.remove(stepContext(), resource, keep);

    expect(mocks.ec2).toHaveReceivedCommandWith(ModifyInstanceAttributeCommand, { InstanceId: 'i-0mine', DisableApiTermination: { Value: false } });
    expect(mocks.ec2).toHaveReceivedCommandWith(TerminateInstancesCommand, { InstanceIds: ['i-0mine'] });
  });

  it('refuses to turn off protection the run did not turn on, and passes AWS errors on', async () => {
    mocks.ec2.on(DescribeInstancesCommand).resolves(running('i-0mine'));
    mocks.ec2.on(DescribeInstanceAttributeCommand).resolves({ DisableApiTermination: { Value: true } });
    await expect(instanceUndo.remove(stepContext(), { type: 'ec2:instance', id: 'i-0mine', madeByRun: true, details: { protectedByRun: false } }, keep)).rejects.toThrow(/which this run did not turn on/);
    expect(mocks.ec2).not.toHaveReceivedCommand(TerminateInstancesCommand);

    mocks.ec2.on(DescribeInstanceAttributeCommand).resolves({ DisableApiTermination: { Value: false } });
    mocks.ec2.on(TerminateInstancesCommand).rejects(awsError('UnauthorizedOperation', 'not authorized to perform ec2:TerminateInstances'));
    await expect(instanceUndo.remove(stepContext(), { type: 'ec2:instance', id: 'i-0mine', madeByRun: true }, keep)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });

  it('has nothing to do for an instance already gone', async () => {
    mocks.ec2.on(DescribeInstancesCommand).rejects(awsError('InvalidInstanceID.NotFound'));
    await expect(instanceUndo.find(stepContext(), { input: {}, outputs: { instanceId: 'i-0gone' }, status: 'changed' })).resolves.toEqual([]);
    await instanceUndo.remove(stepContext(), { type: 'ec2:instance', id: 'i-0gone', madeByRun: true }, keep);
    expect(mocks.ec2).not.toHaveReceivedCommand(TerminateInstancesCommand);
  });
});

describe('ec2.securityGroup undo', () => {
  beforeEach(resetMocks);

  it('deletes the group, waiting while a terminated instance still holds it', async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0mine', GroupName: 'docker-swarm', Tags: MINE }] });
    const found = await securityGroupUndo.find(stepContext(), { input: {}, outputs: { groupId: 'sg-0mine' }, status: 'changed' });
    expect(found).toEqual([{ type: 'ec2:security-group', id: 'sg-0mine', madeByRun: true }]);
    mocks.ec2.on(DeleteSecurityGroupCommand).rejectsOnce(awsError('DependencyViolation', 'resource sg-0mine has a dependent object')).resolves({});

    await securityGroupUndo.remove(stepContext(), found[0]!, keep);

    expect(mocks.ec2.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(2);
  });

  it('keeps a group another run made, and passes other errors on', async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0theirs', GroupName: 'docker-swarm', Tags: THEIRS }] });
    expect((await securityGroupUndo.find(stepContext(), { input: {}, outputs: { groupId: 'sg-0theirs' }, status: 'ok' }))[0]).toMatchObject({ madeByRun: false, note: 'group docker-swarm was made by run older-run-0001' });
    mocks.ec2.on(DeleteSecurityGroupCommand).rejects(awsError('UnauthorizedOperation'));
    await expect(securityGroupUndo.remove(stepContext(), { type: 'ec2:security-group', id: 'sg-0theirs', madeByRun: true }, keep)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });
});

describe('ec2.elasticIp undo', () => {
  beforeEach(resetMocks);

  it('disassociates, then releases', async () => {
    mocks.ec2.on(DescribeAddressesCommand).resolves({ Addresses: [{ AllocationId: 'eipalloc-0mine', PublicIp: '198.51.100.7', AssociationId: 'eipassoc-1', InstanceId: 'i-0mine', Tags: MINE }] });
    mocks.ec2.on(DisassociateAddressCommand).resolves({});
    mocks.ec2.on(ReleaseAddressCommand).resolves({});
    const [found] = await elasticIpUndo.find(stepContext(), { input: {}, outputs: { allocationId: 'eipalloc-0mine' }, status: 'changed' });
    expect(found).toMatchObject({ type: 'ec2:elastic-ip', madeByRun: true, note: '198.51.100.7, disassociated from i-0mine first' });

    await elasticIpUndo.remove(stepContext(), found!, keep);

    expect(mocks.ec2).toHaveReceivedCommandWith(DisassociateAddressCommand, { AssociationId: 'eipassoc-1' });
    expect(mocks.ec2).toHaveReceivedCommandWith(ReleaseAddressCommand, { AllocationId: 'eipalloc-0mine' });
  });

  it('passes AWS errors on', async () => {
    mocks.ec2.on(DescribeAddressesCommand).resolves({ Addresses: [{ AllocationId: 'eipalloc-0mine', Tags: MINE }] });
    mocks.ec2.on(ReleaseAddressCommand).rejects(awsError('AuthFailure'));
    await expect(elasticIpUndo.remove(stepContext(), { type: 'ec2:elastic-ip', id: 'eipalloc-0mine', madeByRun: true }, keep)).rejects.toMatchObject({ name: 'AuthFailure' });
  });
});

describe('ec2.keyPair undo', () => {
  beforeEach(resetMocks);

  it('deletes the key pair and names the private key file it leaves', async () => {
    mocks.ec2.on(DescribeKeyPairsCommand).resolves({ KeyPairs: [{ KeyName: 'swarm', Tags: MINE }] });
    mocks.ec2.on(DeleteKeyPairCommand).resolves({});
    const [found] = await keyPairUndo.find(stepContext(), { input: { keyName: 'swarm' }, outputs: { privateKeyFile: '/home/op/.runbook/output/swarm.pem' }, status: 'changed' });
    expect(found).toMatchObject({ id: 'swarm', madeByRun: true, note: 'the private key file /home/op/.runbook/output/swarm.pem stays on this machine' });
    await keyPairUndo.remove(stepContext(), found!, keep);
    expect(mocks.ec2).toHaveReceivedCommandWith(DeleteKeyPairCommand, { KeyName: 'swarm' });
  });

  it('finds nothing when the key pair is gone, and passes AWS errors on', async () => {
    mocks.ec2.on(DescribeKeyPairsCommand).rejects(awsError('InvalidKeyPair.NotFound'));
    await expect(keyPairUndo.find(stepContext(), { input: { keyName: 'swarm' }, outputs: {}, status: 'changed' })).resolves.toEqual([]);
    mocks.ec2.on(DeleteKeyPairCommand).rejects(awsError('UnauthorizedOperation'));
    await expect(keyPairUndo.remove(stepContext(), { type: 'ec2:key-pair', id: 'swarm', madeByRun: true }, keep)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });
});

describe('ec2.volume undo', () => {
  beforeEach(resetMocks);
  const attached = { VolumeId: 'vol-0mine', Size: 1024, State: 'in-use' as const, Attachments: [{ InstanceId: 'i-0mine', State: 'attached' as const }], Tags: MINE };

  it('holds data; with a snapshot first it snapshots, detaches, deletes', async () => {
    mocks.ec2.on(DescribeVolumesCommand).resolvesOnce({ Volumes: [attached] }).resolvesOnce({ Volumes: [attached] }).resolvesOnce({ Volumes: [attached] }).resolves({ Volumes: [{ ...attached, State: 'available' as const, Attachments: [] }] });
    const [found] = await volumeUndo.find(stepContext(), { input: {}, outputs: { volumeId: 'vol-0mine' }, status: 'changed' });
    expect(found).toMatchObject({ type: 'ec2:volume', madeByRun: true, holdsData: true, note: '1024 GiB, detached from i-0mine first' });
    mocks.ec2.on(DescribeSnapshotsCommand, { OwnerIds: ['self'] }).resolves({ Snapshots: [] });
    mocks.ec2.on(CreateSnapshotCommand).resolves({ SnapshotId: 'snap-0before' });
    mocks.ec2.on(DescribeSnapshotsCommand, { SnapshotIds: ['snap-0before'] }).resolves({ Snapshots: [{ SnapshotId: 'snap-0before', State: 'completed' }] });
    mocks.ec2.on(DetachVolumeCommand).resolves({});
    mocks.ec2.on(DeleteVolumeCommand).resolves({});

    await volumeUndo.remove(stepContext(), found!, { snapshotFirst: true });

    expect(mocks.ec2).toHaveReceivedCommandWith(CreateSnapshotCommand, { VolumeId: 'vol-0mine' });
    expect(mocks.ec2).toHaveReceivedCommandWith(DetachVolumeCommand, { VolumeId: 'vol-0mine' });
    expect(mocks.ec2).toHaveReceivedCommandWith(DeleteVolumeCommand, { VolumeId: 'vol-0mine' });
  });

  it('plans no snapshot with --no-snapshot, and passes AWS errors on', async () => {
    expect(volumeUndo.plan({ type: 'ec2:volume', id: 'vol-0mine', madeByRun: true }, keep).map((c) => c.operation)).toEqual(['DetachVolume', 'DeleteVolume']);
    mocks.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ ...attached, State: 'available', Attachments: [] }] });
    mocks.ec2.on(DeleteVolumeCommand).rejects(awsError('VolumeInUse'));
    await expect(volumeUndo.remove(stepContext(), { type: 'ec2:volume', id: 'vol-0mine', madeByRun: true }, keep)).rejects.toMatchObject({ name: 'VolumeInUse' });
    expect(mocks.ec2).not.toHaveReceivedCommand(CreateSnapshotCommand);
  });
});
