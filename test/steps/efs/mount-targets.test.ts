import { DescribeSubnetsCommand } from '../../../src/aws/sdk/ec2.js';
import {
  CreateMountTargetCommand,
  DescribeMountTargetSecurityGroupsCommand,
  DescribeMountTargetsCommand,
  ModifyMountTargetSecurityGroupsCommand,
  type MountTargetDescription,
} from '../../../src/aws/sdk/efs.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { mountTargetsKind, type MountTargetsInput } from '../../../src/steps/efs/mount-targets.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const FS_ID = 'fs-0123456789abcdef0';
const NFS_GROUP = 'sg-0000000000000000a';
const input: MountTargetsInput = { fileSystemId: FS_ID, subnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'], securityGroupIds: [NFS_GROUP] };
const ZONES: Record<string, string> = { 'subnet-0000000000000000a': 'us-east-1a', 'subnet-0000000000000000b': 'us-east-1b' };

function target(subnetId: string, id: string, state = 'available'): MountTargetDescription {
  return { MountTargetId: id, FileSystemId: FS_ID, SubnetId: subnetId, LifeCycleState: state as never, AvailabilityZoneName: ZONES[subnetId] ?? 'us-east-1c' };
}

function subnets(): void {
  mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: Object.entries(ZONES).map(([SubnetId, AvailabilityZone]) => ({ SubnetId, AvailabilityZone })) });
}

function mutatingCalls(): string[] {
  return mocks.efs
    .calls()
    .map((c) => (c.args[0] as object).constructor.name)
    .filter((n) => !n.startsWith('Describe'));
}

describe('efs.mountTargets', () => {
  beforeEach(resetMocks);

  it('is done with one available target per subnet behind the NFS group, and only reads', async () => {
    subnets();
    mocks.efs.on(DescribeMountTargetsCommand).resolves({ MountTargets: [target('subnet-0000000000000000a', 'fsmt-a'), target('subnet-0000000000000000b', 'fsmt-b')] });
    mocks.efs.on(DescribeMountTargetSecurityGroupsCommand).resolves({ SecurityGroups: [NFS_GROUP] });

    const result = await mountTargetsKind.check(stepContext(), input);

    expect(result).toMatchObject({ done: true, outputs: { mountTargetIds: ['fsmt-a', 'fsmt-b'] } });
    expect(result.evidence).toEqual([
      `fsmt-a in us-east-1a (subnet-0000000000000000a): available, groups ${NFS_GROUP}`,
      `fsmt-b in us-east-1b (subnet-0000000000000000b): available, groups ${NFS_GROUP}`,
    ]);
    expect(mutatingCalls()).toEqual([]);
  });

  it('creates only the missing target (CreateMountTarget has no token, so it reads first) and waits for both', async () => {
    subnets();
    mocks.efs
      .on(DescribeMountTargetsCommand)
      .resolvesOnce({ MountTargets: [target('subnet-0000000000000000a', 'fsmt-a')] })
      .resolvesOnce({ MountTargets: [target('subnet-0000000000000000a', 'fsmt-a'), target('subnet-0000000000000000b', 'fsmt-b', 'creating')] })
      .resolves({ MountTargets: [target('subnet-0000000000000000a', 'fsmt-a'), target('subnet-0000000000000000b', 'fsmt-b')] });
    mocks.efs.on(DescribeMountTargetSecurityGroupsCommand).resolves({ SecurityGroups: [NFS_GROUP] });
    mocks.efs.on(CreateMountTargetCommand).resolves(target('subnet-0000000000000000b', 'fsmt-b', 'creating'));
    const ctx = stepContext();

    const result = await mountTargetsKind.check(ctx, input);
    expect(result).toMatchObject({ done: false, reason: 'no mount target in us-east-1b.' });
    if (result.done) return;
    expect(mountTargetsKind.plan(input, result.found)).toEqual([
      { service: 'elasticfilesystem', operation: 'CreateMountTarget', input: { FileSystemId: FS_ID, SubnetId: 'subnet-0000000000000000b', SecurityGroups: [NFS_GROUP] } },
    ]);

    const outputs = await mountTargetsKind.apply!(ctx, input, result.found);

    expect(outputs).toEqual({ mountTargetIds: ['fsmt-a', 'fsmt-b'] });
    expect(mutatingCalls()).toEqual(['CreateMountTargetCommand']);
    expect(ctx.progressLines.some((l) => l.includes('1 of 2 available'))).toBe(true);
  });

  it('adopts the target that won a MountTargetConflict instead of failing', async () => {
    subnets();
    mocks.efs
      .on(DescribeMountTargetsCommand)
      .resolvesOnce({ MountTargets: [] })
      .resolves({ MountTargets: [target('subnet-0000000000000000a', 'fsmt-a'), target('subnet-0000000000000000b', 'fsmt-b')] });
    mocks.efs.on(CreateMountTargetCommand).rejects(awsError('MountTargetConflict', 'mount target already exists in this AZ', 409));

    const outputs = await mountTargetsKind.apply!(stepContext(), input, undefined);

    expect(outputs).toEqual({ mountTargetIds: ['fsmt-a', 'fsmt-b'] });
    expect(mocks.efs.commandCalls(CreateMountTargetCommand)).toHaveLength(2);
  });

  it('counts a target of another subnet in the same zone as serving it, and fixes its security groups', async () => {
    subnets();
    const sameZone = { ...target('subnet-0000000000000000c', 'fsmt-c'), AvailabilityZoneName: 'us-east-1a' };
    mocks.efs.on(DescribeMountTargetsCommand).resolves({ MountTargets: [sameZone, target('subnet-0000000000000000b', 'fsmt-b')] });
    mocks.efs.on(DescribeMountTargetSecurityGroupsCommand, { MountTargetId: 'fsmt-c' }).resolves({ SecurityGroups: ['sg-0000000000000000f'] });
    mocks.efs.on(DescribeMountTargetSecurityGroupsCommand, { MountTargetId: 'fsmt-b' }).resolves({ SecurityGroups: [NFS_GROUP] });
    mocks.efs.on(ModifyMountTargetSecurityGroupsCommand).resolves({});

    const result = await mountTargetsKind.check(stepContext(), input);
    expect(result).toMatchObject({ done: false, reason: 'fsmt-c has other security groups.' });
    if (result.done) return;
    expect(mountTargetsKind.plan(input, result.found).map((c) => c.operation)).toEqual(['ModifyMountTargetSecurityGroups']);

    await mountTargetsKind.apply!(stepContext(), input, result.found);

    expect(mocks.efs.commandCalls(ModifyMountTargetSecurityGroupsCommand)[0]!.args[0].input).toEqual({ MountTargetId: 'fsmt-c', SecurityGroups: [NFS_GROUP] });
    expect(mutatingCalls()).toEqual(['ModifyMountTargetSecurityGroupsCommand']);
  });

  it('ignores a deleted target: the zone gets a new one', async () => {
    subnets();
    mocks.efs.on(DescribeMountTargetsCommand).resolves({ MountTargets: [target('subnet-0000000000000000a', 'fsmt-old', 'deleted')] });
    const result = await mountTargetsKind.check(stepContext(), input);
    expect(result).toMatchObject({ done: false, reason: expect.stringContaining('no mount target in us-east-1a') });
  });

  it('refuses a target that is being deleted, and passes AWS errors on', async () => {
    subnets();
    mocks.efs.on(DescribeMountTargetsCommand).resolves({ MountTargets: [target('subnet-0000000000000000a', 'fsmt-a', 'deleting')] });
    await expect(mountTargetsKind.check(stepContext(), input)).rejects.toThrow(`Mount target fsmt-a of ${FS_ID} in us-east-1a is deleting; run again once it is gone.`);

    mocks.efs.on(DescribeMountTargetsCommand).resolves({ MountTargets: [] });
    mocks.efs.on(CreateMountTargetCommand).rejects(awsError('IncorrectFileSystemLifeCycleState', 'the file system is creating', 409));
    await expect(mountTargetsKind.apply!(stepContext(), input, undefined)).rejects.toMatchObject({ name: 'IncorrectFileSystemLifeCycleState' });
  });
});
