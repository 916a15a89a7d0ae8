import { CreateSubnetCommand, CreateVpcCommand, DeleteSecurityGroupCommand } from '../../src/aws/sdk/ec2.js';
import {
  CreateFileSystemCommand,
  CreateMountTargetCommand,
  DeleteFileSystemCommand,
  DeleteMountTargetCommand,
  DescribeFileSystemsCommand,
  DescribeMountTargetSecurityGroupsCommand,
  DescribeMountTargetsCommand,
  ModifyMountTargetSecurityGroupsCommand,
  TagResourceCommand,
} from '../../src/aws/sdk/efs.js';
import { describe, expect, it } from 'vitest';
import { newSandbox, simulatedWait } from './helpers.js';
import { network } from '../../runbooks/efs-shared-documents/tests/world.js';

describe('sandbox EFS', () => {
  it('creates a file system once per creation token: creating, then available, named by its Name tag', async () => {
    const { aws } = newSandbox();
    const request = { CreationToken: 'token-1', Encrypted: true, Tags: [{ Key: 'Name', Value: 'openemr-documents' }] };
    const created = await aws.efs.send(new CreateFileSystemCommand(request));
    expect(created).toMatchObject({ LifeCycleState: 'creating', Encrypted: true, PerformanceMode: 'generalPurpose', Name: 'openemr-documents' });
    expect(created.FileSystemId).toMatch(/^fs-[0-9a-f]{17}$/);
    await expect(aws.efs.send(new CreateFileSystemCommand(request))).rejects.toMatchObject({ name: 'FileSystemAlreadyExists', FileSystemId: created.FileSystemId });

    await simulatedWait(11);
    const described = await aws.efs.send(new DescribeFileSystemsCommand({ FileSystemId: created.FileSystemId }));
    expect(described.FileSystems![0]).toMatchObject({ LifeCycleState: 'available', NumberOfMountTargets: 0 });
    await aws.efs.send(new TagResourceCommand({ ResourceId: created.FileSystemId, Tags: [{ Key: 'OpenEMR-EFS', Value: 'Documents' }] }));
    const tags = (await aws.efs.send(new DescribeFileSystemsCommand({ CreationToken: 'token-1' }))).FileSystems![0]!.Tags;
    expect(tags).toContainEqual({ Key: 'OpenEMR-EFS', Value: 'Documents' });
    await expect(aws.efs.send(new DescribeFileSystemsCommand({ FileSystemId: 'fs-0000000000000000a' }))).rejects.toMatchObject({ name: 'FileSystemNotFound' });
    await expect(aws.efs.send(new CreateFileSystemCommand({ CreationToken: 't2', PerformanceMode: 'maxIO', ThroughputMode: 'elastic' }))).rejects.toMatchObject({ name: 'BadRequest' });
  });

  it('makes one mount target per zone, only on an available file system and within one VPC, behind the groups given', async () => {
    const { aws } = newSandbox();
    const world = await network(aws, { nfsOpen: true });
    const fs = (await aws.efs.send(new CreateFileSystemCommand({ CreationToken: 't', Encrypted: true }))).FileSystemId!;
    const target = (SubnetId: string, SecurityGroups = [world.nfsGroup]) => aws.efs.send(new CreateMountTargetCommand({ FileSystemId: fs, SubnetId, SecurityGroups }));
    await expect(target(world.subnetIds[0]!)).rejects.toMatchObject({ name: 'IncorrectFileSystemLifeCycleState' });

    await simulatedWait(11);
    const first = await target(world.subnetIds[0]!);
    expect(first).toMatchObject({ LifeCycleState: 'creating', SubnetId: world.subnetIds[0], VpcId: world.vpcId, AvailabilityZoneName: 'us-east-1a' });
    expect(first.IpAddress).toMatch(/^172\.31\./);
    await expect(target(world.subnetIds[0]!)).rejects.toMatchObject({ name: 'MountTargetConflict' });
    const otherVpc = (await aws.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    const elsewhere = (await aws.ec2.send(new CreateSubnetCommand({ VpcId: otherVpc, CidrBlock: '10.0.0.0/20', AvailabilityZone: 'us-east-1c' }))).Subnet!.SubnetId!;
    await expect(target(elsewhere)).rejects.toMatchObject({ name: 'MountTargetConflict' });
    await expect(target(world.subnetIds[1]!, ['sg-0000000000000000a'])).rejects.toMatchObject({ name: 'SecurityGroupNotFound' });
    await expect(aws.efs.send(new DescribeMountTargetSecurityGroupsCommand({ MountTargetId: first.MountTargetId }))).rejects.toMatchObject({ name: 'IncorrectMountTargetState' });

    await target(world.subnetIds[1]!);
    await simulatedWait(61);
    const targets = (await aws.efs.send(new DescribeMountTargetsCommand({ FileSystemId: fs }))).MountTargets!;
    expect(targets.map((t) => [t.AvailabilityZoneName, t.LifeCycleState])).toEqual([
      ['us-east-1a', 'available'],
      ['us-east-1b', 'available'],
    ]);
    await aws.efs.send(new ModifyMountTargetSecurityGroupsCommand({ MountTargetId: first.MountTargetId, SecurityGroups: [world.instancesGroup] }));
    expect((await aws.efs.send(new DescribeMountTargetSecurityGroupsCommand({ MountTargetId: first.MountTargetId }))).SecurityGroups).toEqual([world.instancesGroup]);
  });

  it('deletes a mount target (deleting, holding its groups, then gone), and a file system only once it has none (FileSystemInUse before)', async () => {
    const { aws } = newSandbox();
    const world = await network(aws, { nfsOpen: true });
    const fs = (await aws.efs.send(new CreateFileSystemCommand({ CreationToken: 'd', Encrypted: true }))).FileSystemId!;
    await simulatedWait(11);
    const mt = (await aws.efs.send(new CreateMountTargetCommand({ FileSystemId: fs, SubnetId: world.subnetIds[0], SecurityGroups: [world.nfsGroup] }))).MountTargetId!;
    await expect(aws.efs.send(new DeleteMountTargetCommand({ MountTargetId: mt }))).rejects.toMatchObject({ name: 'IncorrectMountTargetState', $metadata: { httpStatusCode: 409 } });
    await simulatedWait(61);
    await expect(aws.efs.send(new DeleteFileSystemCommand({ FileSystemId: fs }))).rejects.toMatchObject({ name: 'FileSystemInUse', $metadata: { httpStatusCode: 409 } });

    await aws.efs.send(new DeleteMountTargetCommand({ MountTargetId: mt }));
    expect((await aws.efs.send(new DescribeMountTargetsCommand({ MountTargetId: mt }))).MountTargets![0]!.LifeCycleState).toBe('deleting');
    await expect(aws.efs.send(new DeleteFileSystemCommand({ FileSystemId: fs }))).rejects.toMatchObject({ name: 'FileSystemInUse' });
    await expect(aws.ec2.send(new DeleteSecurityGroupCommand({ GroupId: world.nfsGroup }))).rejects.toMatchObject({ name: 'DependencyViolation' });
    await simulatedWait(31);
    await expect(aws.efs.send(new DescribeMountTargetsCommand({ MountTargetId: mt }))).rejects.toMatchObject({ name: 'MountTargetNotFound', $metadata: { httpStatusCode: 404 } });
    expect((await aws.efs.send(new DescribeMountTargetsCommand({ FileSystemId: fs }))).MountTargets).toEqual([]);
    await expect(aws.efs.send(new DeleteMountTargetCommand({ MountTargetId: mt }))).rejects.toMatchObject({ name: 'MountTargetNotFound' });

    await aws.efs.send(new DeleteFileSystemCommand({ FileSystemId: fs }));
    expect((await aws.efs.send(new DescribeFileSystemsCommand({ FileSystemId: fs }))).FileSystems![0]!.LifeCycleState).toBe('deleting');
    await simulatedWait(11);
    await expect(aws.efs.send(new DescribeFileSystemsCommand({ FileSystemId: fs }))).rejects.toMatchObject({ name: 'FileSystemNotFound', $metadata: { httpStatusCode: 404 } });
    await expect(aws.efs.send(new DeleteFileSystemCommand({ FileSystemId: fs }))).rejects.toMatchObject({ name: 'FileSystemNotFound' });
    expect((await aws.efs.send(new DescribeFileSystemsCommand({}))).FileSystems).toEqual([]);
  });
});
