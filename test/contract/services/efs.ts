/** EFS: a file system by creation token, its lifecycle and pages; mount targets, one per zone, and their groups; deletions as `runbook destroy` sends them. */
import { CreateSecurityGroupCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '../../../src/aws/sdk/ec2.js';
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
  paginateDescribeFileSystems,
} from '../../../src/aws/sdk/efs.js';
import { collect } from '../../../src/steps/paginate.js';
import { shapeOf, tag, type Probe, type ServiceContract } from '../harness.js';

const FILE_SYSTEM_STATES = ['creating', 'available'];

async function available(t: Probe, id: string): Promise<string[]> {
  const { states } = await t.until(
    `${id} available`,
    () => t.aws.efs.send(new DescribeFileSystemsCommand({ FileSystemId: id })).then((r) => r.FileSystems![0]!),
    (f) => f.LifeCycleState === 'available',
    (f) => f.LifeCycleState,
  );
  return states;
}

export const efsContract: ServiceContract = {
  service: 'elasticfilesystem',
  scenarios: [
    {
      name: 'a file system by creation token: a repeated token, the lifecycle, tags, not found, pages',
      operations: ['elasticfilesystem:CreateFileSystem', 'elasticfilesystem:DescribeFileSystems', 'elasticfilesystem:TagResource'],
      async run(t) {
        const token = t.unique('contract-fs');
        const created = await t.aws.efs.send(new CreateFileSystemCommand({ CreationToken: token, PerformanceMode: 'generalPurpose', Encrypted: true, Tags: [{ Key: 'Name', Value: token }, { Key: 'runbook:id', Value: 'contract' }] }));
        t.observe('CreateFileSystem', shapeOf(created, ['FileSystemId', 'CreationToken', 'LifeCycleState', 'Encrypted', 'PerformanceMode', 'Name', 'Tags[].Key']));
        t.observe('states of a new file system', FILE_SYSTEM_STATES.includes(created.LifeCycleState!));
        const id = created.FileSystemId!;
        const repeated = await t.aws.efs.send(new CreateFileSystemCommand({ CreationToken: token, PerformanceMode: 'generalPurpose', Encrypted: true })).then(
          () => ({ error: 'none' }),
          (err: { name?: string; $metadata?: { httpStatusCode?: number }; FileSystemId?: string }) => ({ error: err.name, status: err.$metadata?.httpStatusCode }),
        );
        t.observe('the same token again', repeated);
        const repeatedId = await t.aws.efs.send(new CreateFileSystemCommand({ CreationToken: token })).catch((err: { FileSystemId?: string }) => err.FileSystemId);
        t.observe('FileSystemAlreadyExists names the file system', repeatedId === id);
        t.observe('found by its creation token', (await t.aws.efs.send(new DescribeFileSystemsCommand({ CreationToken: token }))).FileSystems?.map((f) => f.FileSystemId === id));
        t.observe('states on the way to available', (await available(t, id)).every((s) => FILE_SYSTEM_STATES.includes(s!)));
        await t.aws.efs.send(new TagResourceCommand({ ResourceId: id, Tags: [{ Key: 'OpenEMR-EFS', Value: 'Documents' }] }));
        const described = await t.aws.efs.send(new DescribeFileSystemsCommand({ FileSystemId: id }));
        t.observe('DescribeFileSystems', shapeOf(described, ['FileSystems[].FileSystemId', 'FileSystems[].Name', 'FileSystems[].LifeCycleState', 'FileSystems[].Encrypted', 'FileSystems[].PerformanceMode', 'FileSystems[].Tags[].Key', 'FileSystems[].Tags[].Value']));
        t.observe('its tags after TagResource', [tag(described.FileSystems![0]!.Tags, 'Name') === token, tag(described.FileSystems![0]!.Tags, 'OpenEMR-EFS')]);
        t.observe('an unknown file system', await t.outcome(t.aws.efs.send(new DescribeFileSystemsCommand({ FileSystemId: 'fs-0000dead' }))));
        await t.aws.efs.send(new CreateFileSystemCommand({ CreationToken: `${token}-2`, Encrypted: true }));
        const page = await t.aws.efs.send(new DescribeFileSystemsCommand({ MaxItems: 1 }));
        t.observe('a page of one, and a marker', [page.FileSystems?.length, typeof page.NextMarker]);
        const all = await collect(paginateDescribeFileSystems({ client: t.aws.efs, pageSize: 1 }, {}), (p) => p.FileSystems);
        t.observe('both through the paginator', all.filter((f) => f.CreationToken?.startsWith(token)).length);
      },
    },
    {
      name: 'mount targets as efs.mountTargets makes them: one per zone, behind the groups given',
      operations: ['elasticfilesystem:CreateMountTarget', 'elasticfilesystem:DescribeMountTargets', 'elasticfilesystem:DescribeMountTargetSecurityGroups', 'elasticfilesystem:ModifyMountTargetSecurityGroups'],
      async run(t) {
        const token = t.unique('contract-mt');
        const vpcId = (await t.aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }))).Vpcs![0]!.VpcId!;
        const subnets = (await t.aws.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets!.sort((a, b) => a.AvailabilityZone!.localeCompare(b.AvailabilityZone!));
        const group = (name: string) => t.aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: `${token}-${name}`, Description: 'nfs', VpcId: vpcId })).then((r) => r.GroupId!);
        const [nfs, other] = [await group('nfs'), await group('other')];
        const fs = (await t.aws.efs.send(new CreateFileSystemCommand({ CreationToken: token, Encrypted: true }))).FileSystemId!;
        await available(t, fs);
        const created = await t.aws.efs.send(new CreateMountTargetCommand({ FileSystemId: fs, SubnetId: subnets[0]!.SubnetId, SecurityGroups: [nfs] }));
        t.observe('CreateMountTarget', shapeOf(created, ['MountTargetId', 'FileSystemId', 'SubnetId', 'LifeCycleState', 'AvailabilityZoneName', 'IpAddress', 'VpcId']));
        const mt = created.MountTargetId!;
        t.observe('a second target in the same zone', await t.outcome(t.aws.efs.send(new CreateMountTargetCommand({ FileSystemId: fs, SubnetId: subnets[0]!.SubnetId, SecurityGroups: [nfs] }))));
        const { states } = await t.until(
          `${mt} available`,
          () => t.aws.efs.send(new DescribeMountTargetsCommand({ FileSystemId: fs })).then((r) => r.MountTargets!.find((m) => m.MountTargetId === mt)!),
          (m) => m.LifeCycleState === 'available',
          (m) => m.LifeCycleState,
        );
        t.observe('states on the way to available', states.every((s) => ['creating', 'available'].includes(s!)));
        const described = await t.aws.efs.send(new DescribeMountTargetsCommand({ FileSystemId: fs }));
        t.observe('DescribeMountTargets', shapeOf(described, ['MountTargets[].MountTargetId', 'MountTargets[].SubnetId', 'MountTargets[].AvailabilityZoneName', 'MountTargets[].LifeCycleState']));
        const groups = () => t.aws.efs.send(new DescribeMountTargetSecurityGroupsCommand({ MountTargetId: mt })).then((r) => r.SecurityGroups);
        t.observe('its groups', (await groups())?.map((g) => g === nfs));
        await t.aws.efs.send(new ModifyMountTargetSecurityGroupsCommand({ MountTargetId: mt, SecurityGroups: [other] }));
        t.observe('its groups after ModifyMountTargetSecurityGroups', (await groups())?.map((g) => g === other));
        t.observe('an unknown mount target', await t.outcome(t.aws.efs.send(new DescribeMountTargetSecurityGroupsCommand({ MountTargetId: 'fsmt-0000dead' }))));
        t.observe('targets of an unknown file system', await t.outcome(t.aws.efs.send(new DescribeMountTargetsCommand({ FileSystemId: 'fs-0000dead' }))));
      },
    },
    {
      name: 'deletions as runbook destroy sends them: the file system refused while it has a mount target, then both gone',
      operations: ['elasticfilesystem:DeleteMountTarget', 'elasticfilesystem:DeleteFileSystem'],
      async run(t) {
        const token = t.unique('contract-del');
        const vpcId = (await t.aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }))).Vpcs![0]!.VpcId!;
        const subnet = (await t.aws.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets!.sort((a, b) => a.AvailabilityZone!.localeCompare(b.AvailabilityZone!))[0]!;
        const fs = (await t.aws.efs.send(new CreateFileSystemCommand({ CreationToken: token, Encrypted: true }))).FileSystemId!;
        await available(t, fs);
        const mt = (await t.aws.efs.send(new CreateMountTargetCommand({ FileSystemId: fs, SubnetId: subnet.SubnetId }))).MountTargetId!;
        await t.until(`${mt} available`, () => t.aws.efs.send(new DescribeMountTargetsCommand({ MountTargetId: mt })).then((r) => r.MountTargets![0]!), (m) => m.LifeCycleState === 'available');
        t.observe('DeleteFileSystem with a mount target', await t.outcome(t.aws.efs.send(new DeleteFileSystemCommand({ FileSystemId: fs }))));
        t.observe('DeleteMountTarget', await t.outcome(t.aws.efs.send(new DeleteMountTargetCommand({ MountTargetId: mt }))));
        const targets = await t.until(
          `${mt} gone`,
          () => t.aws.efs.send(new DescribeMountTargetsCommand({ FileSystemId: fs })).then((r) => r.MountTargets!),
          (list) => list.length === 0,
          (list) => list[0]?.LifeCycleState ?? 'gone',
        );
        t.observe('mount target states on the way out', targets.states.every((s) => ['available', 'deleting', 'deleted', 'gone'].includes(s)));
        t.observe('the mount target after', await t.outcome(t.aws.efs.send(new DescribeMountTargetsCommand({ MountTargetId: mt }))));
        t.observe('DeleteMountTarget again', await t.outcome(t.aws.efs.send(new DeleteMountTargetCommand({ MountTargetId: mt }))));
        t.observe('DeleteFileSystem once it has none', await t.outcome(t.aws.efs.send(new DeleteFileSystemCommand({ FileSystemId: fs }))));
        const gone = await t.until(
          `${fs} gone`,
          () => t.aws.efs.send(new DescribeFileSystemsCommand({ FileSystemId: fs })).then((r) => r.FileSystems![0]!.LifeCycleState, (err: { name?: string }) => err.name),
          (state) => state === 'FileSystemNotFound',
          (state) => state,
        );
        t.observe('file system states on the way out', gone.states.every((s) => ['deleting', 'deleted', 'FileSystemNotFound'].includes(s)));
        t.observe('DeleteFileSystem again', await t.outcome(t.aws.efs.send(new DeleteFileSystemCommand({ FileSystemId: fs }))));
      },
    },
  ],
};
