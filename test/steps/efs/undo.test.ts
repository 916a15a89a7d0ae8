/**
 * The efs kinds' undos on aws-sdk-client-mock: mount targets of a file system
 * the run made are deleted and waited for; those of another file system are
 * kept; the file system (data) goes after them, FileSystemInUse passed on;
 * what is gone is nothing to do.
 */
import { DeleteFileSystemCommand, DeleteMountTargetCommand, DescribeFileSystemsCommand, DescribeMountTargetsCommand, type FileSystemDescription } from '../../../src/aws/sdk/efs.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { fileSystemUndo } from '../../../src/steps/efs/file-system-undo.js';
import { mountTargetsUndo } from '../../../src/steps/efs/mount-targets-undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const MINE = [{ Key: 'runbook:run-id', Value: 'test-run-0001' }, { Key: 'Name', Value: 'documents' }];
const THEIRS = [{ Key: 'runbook:run-id', Value: 'older-run-0001' }, { Key: 'Name', Value: 'documents' }];
const fsOf = (Tags = MINE, LifeCycleState: 'available' | 'deleting' = 'available') => ({
  FileSystems: [{ FileSystemId: 'fs-0aaa', Name: 'documents', LifeCycleState, SizeInBytes: { Value: 6144 }, Tags } as FileSystemDescription],
});
const target = (MountTargetId: string, SubnetId: string, LifeCycleState: 'available' | 'creating' | 'deleting' = 'available') => ({ MountTargetId, FileSystemId: 'fs-0aaa', SubnetId, AvailabilityZoneName: 'us-east-1a', IpAddress: '172.31.0.10', LifeCycleState });
const opts = { snapshotFirst: false };
const notFound = (what: string) => awsError(what, `${what}`, 404);

describe('efs.mountTargets undo', () => {
  beforeEach(resetMocks);

  it('finds the recorded targets and those in the step\'s subnets, the run\'s when its file system is', async () => {
    mocks.efs.on(DescribeMountTargetsCommand, { FileSystemId: 'fs-0aaa' }).resolves({ MountTargets: [target('fsmt-0a', 'subnet-a'), target('fsmt-0b', 'subnet-b'), target('fsmt-0other', 'subnet-z')] });
    mocks.efs.on(DescribeFileSystemsCommand).resolves(fsOf());
    const found = await mountTargetsUndo.find(stepContext(), { input: { fileSystemId: 'fs-0aaa', subnetIds: ['subnet-a', 'subnet-b'] }, outputs: {}, status: 'failed' });
    expect(found).toEqual([
      { type: 'efs:mount-target', id: 'fsmt-0a', madeByRun: true, note: 'fs-0aaa in us-east-1a (172.31.0.10)' },
      { type: 'efs:mount-target', id: 'fsmt-0b', madeByRun: true, note: 'fs-0aaa in us-east-1a (172.31.0.10)' },
    ]);
  });

  it('keeps the targets of a file system the run did not make, and finds nothing for a file system gone', async () => {
    mocks.efs.on(DescribeMountTargetsCommand).resolves({ MountTargets: [target('fsmt-0a', 'subnet-a')] });
    mocks.efs.on(DescribeFileSystemsCommand).resolves(fsOf(THEIRS));
    const kept = await mountTargetsUndo.find(stepContext(), { input: { fileSystemId: 'fs-0aaa', subnetIds: ['subnet-a'] }, outputs: { mountTargetIds: ['fsmt-0a'] }, status: 'ok' });
    expect(kept).toEqual([{ type: 'efs:mount-target', id: 'fsmt-0a', madeByRun: false, note: 'a mount target of file system fs-0aaa was made by run older-run-0001' }]);
    mocks.efs.on(DescribeMountTargetsCommand).rejects(notFound('FileSystemNotFound'));
    await expect(mountTargetsUndo.find(stepContext(), { input: { fileSystemId: 'fs-0aaa', subnetIds: ['subnet-a'] }, outputs: { mountTargetIds: ['fsmt-0a'] }, status: 'ok' })).resolves.toEqual([]);
  });

  it('waits for a target still creating, deletes it, and waits until it is gone', async () => {
    mocks.efs
      .on(DescribeMountTargetsCommand, { MountTargetId: 'fsmt-0a' })
      .resolvesOnce({ MountTargets: [target('fsmt-0a', 'subnet-a', 'creating')] })
      .resolvesOnce({ MountTargets: [target('fsmt-0a', 'subnet-a', 'creating')] })
      .resolvesOnce({ MountTargets: [target('fsmt-0a', 'subnet-a')] })
      .resolvesOnce({ MountTargets: [target('fsmt-0a', 'subnet-a', 'deleting')] })
      .rejects(notFound('MountTargetNotFound'));
    mocks.efs.on(DeleteMountTargetCommand).resolves({});
    const resource = { type: 'efs:mount-target', id: 'fsmt-0a', madeByRun: true };
    expect(mountTargetsUndo.plan(resource, opts).map((c) => c.operation)).toEqual(['DeleteMountTarget']);
    await mountTargetsUndo.remove(stepContext(), resource, opts);
    expect(mocks.efs).toHaveReceivedCommandTimes(DeleteMountTargetCommand, 1);
    expect(mocks.efs).toHaveReceivedCommandWith(DeleteMountTargetCommand, { MountTargetId: 'fsmt-0a' });
    expect(mocks.efs).toHaveReceivedCommandTimes(DescribeMountTargetsCommand, 5);
  });

  it('sends nothing for a target already gone, and passes an AWS error on', async () => {
    mocks.efs.on(DescribeMountTargetsCommand).rejects(notFound('MountTargetNotFound'));
    await mountTargetsUndo.remove(stepContext(), { type: 'efs:mount-target', id: 'fsmt-0a', madeByRun: true }, opts);
    expect(mocks.efs).not.toHaveReceivedCommand(DeleteMountTargetCommand);
    mocks.efs.on(DescribeMountTargetsCommand).resolves({ MountTargets: [target('fsmt-0a', 'subnet-a')] });
    mocks.efs.on(DeleteMountTargetCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform elasticfilesystem:DeleteMountTarget', 403));
    await expect(mountTargetsUndo.remove(stepContext(), { type: 'efs:mount-target', id: 'fsmt-0a', madeByRun: true }, opts)).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('efs.fileSystem undo', () => {
  beforeEach(resetMocks);

  it('finds the recorded file system as data the run made, or by its name and the run\'s tag', async () => {
    mocks.efs.on(DescribeFileSystemsCommand, { FileSystemId: 'fs-0aaa' }).resolves(fsOf());
    const found = await fileSystemUndo.find(stepContext(), { input: { name: 'documents' }, outputs: { fileSystemId: 'fs-0aaa' }, status: 'changed' });
    expect(found).toEqual([{ type: 'efs:file-system', id: 'fs-0aaa', madeByRun: true, holdsData: true, note: 'documents, 6144 bytes, after its mount targets' }]);

    resetMocks();
    mocks.efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [...fsOf().FileSystems, { ...fsOf(THEIRS).FileSystems[0]!, FileSystemId: 'fs-0bbb' }] });
    const half = await fileSystemUndo.find(stepContext(), { input: { name: 'documents' }, outputs: {}, status: 'failed' });
    expect(half.map((r) => r.id)).toEqual(['fs-0aaa']);
  });

  it('keeps a file system another run made, and finds nothing when it is gone', async () => {
    mocks.efs.on(DescribeFileSystemsCommand).resolves(fsOf(THEIRS));
    const kept = await fileSystemUndo.find(stepContext(), { input: { name: 'documents' }, outputs: { fileSystemId: 'fs-0aaa' }, status: 'ok' });
    expect(kept[0]).toMatchObject({ madeByRun: false, holdsData: true, note: 'file system documents was made by run older-run-0001' });
    mocks.efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [] });
    mocks.efs.on(DescribeFileSystemsCommand, { FileSystemId: 'fs-0aaa' }).rejects(notFound('FileSystemNotFound'));
    await expect(fileSystemUndo.find(stepContext(), { input: { name: 'documents' }, outputs: { fileSystemId: 'fs-0aaa' }, status: 'ok' })).resolves.toEqual([]);
  });

  it('waits for its mount targets to finish deleting, deletes it, and waits until it is gone', async () => {
    mocks.efs.on(DescribeFileSystemsCommand).resolvesOnce(fsOf()).resolvesOnce(fsOf(MINE, 'deleting')).rejects(notFound('FileSystemNotFound'));
    mocks.efs.on(DescribeMountTargetsCommand).resolvesOnce({ MountTargets: [target('fsmt-0a', 'subnet-a', 'deleting')] }).resolves({ MountTargets: [] });
    mocks.efs.on(DeleteFileSystemCommand).resolves({});
    const resource = { type: 'efs:file-system', id: 'fs-0aaa', madeByRun: true, holdsData: true };
    expect(fileSystemUndo.plan(resource, opts).map((c) => c.operation)).toEqual(['DeleteFileSystem']);
    await fileSystemUndo.remove(stepContext(), resource, opts);
    expect(mocks.efs).toHaveReceivedCommandWith(DeleteFileSystemCommand, { FileSystemId: 'fs-0aaa' });
    expect(mocks.efs).toHaveReceivedCommandTimes(DescribeMountTargetsCommand, 2);
  });

  it('passes FileSystemInUse on when a mount target is left, and sends nothing for one gone', async () => {
    mocks.efs.on(DescribeFileSystemsCommand).resolves(fsOf());
    mocks.efs.on(DescribeMountTargetsCommand).resolves({ MountTargets: [target('fsmt-0x', 'subnet-x')] });
    mocks.efs.on(DeleteFileSystemCommand).rejects(awsError('FileSystemInUse', "File system 'fs-0aaa' has mount targets", 409));
    const resource = { type: 'efs:file-system', id: 'fs-0aaa', madeByRun: true, holdsData: true };
    await expect(fileSystemUndo.remove(stepContext(), resource, opts)).rejects.toMatchObject({ name: 'FileSystemInUse' });
    resetMocks();
    mocks.efs.on(DescribeFileSystemsCommand).rejects(notFound('FileSystemNotFound'));
    await fileSystemUndo.remove(stepContext(), resource, opts);
    expect(mocks.efs).not.toHaveReceivedCommand(DeleteFileSystemCommand);
  });
});
