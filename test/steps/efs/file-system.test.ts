import { CreateFileSystemCommand, DescribeFileSystemsCommand, TagResourceCommand, type FileSystemDescription } from '../../../src/aws/sdk/efs.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { fileSystemKind, type FileSystemInput } from '../../../src/steps/efs/file-system.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const FS_ID = 'fs-0123456789abcdef0';
const input: FileSystemInput = { name: 'openemr-documents', performanceMode: 'generalPurpose', tags: { 'OpenEMR-EFS': 'Documents' } };

function fileSystem(extra: Partial<FileSystemDescription> = {}): FileSystemDescription {
  return {
    FileSystemId: FS_ID,
    Name: 'openemr-documents',
    OwnerId: '123456789012',
    CreationToken: 'earlier-token',
    CreationTime: new Date('2024-01-01T00:00:00Z'),
    LifeCycleState: 'available',
    NumberOfMountTargets: 0,
    SizeInBytes: { Value: 6144 },
    PerformanceMode: 'generalPurpose',
    Encrypted: true,
    Tags: [
      { Key: 'Name', Value: 'openemr-documents' },
      { Key: 'runbook:id', Value: 'test-runbook' },
      { Key: 'OpenEMR-EFS', Value: 'Documents' },
    ],
    ...extra,
  };
}

/** EFS commands sent that are not reads. */
function mutatingCalls(): string[] {
  return mocks.efs
    .calls()
    .map((c) => (c.args[0] as object).constructor.name)
    .filter((n) => !n.startsWith('Describe'));
}

describe('efs.fileSystem', () => {
  beforeEach(resetMocks);

  it('is done when the named, encrypted, tagged file system is available, and only reads', async () => {
    mocks.efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [fileSystem({ FileSystemId: 'fs-other', Name: 'other', Tags: [] }), fileSystem()] });

    const result = await fileSystemKind.check(stepContext(), input);

    expect(result).toEqual({
      done: true,
      outputs: { fileSystemId: FS_ID, dnsName: `${FS_ID}.efs.us-east-1.amazonaws.com`, region: 'us-east-1' },
      evidence: [`${FS_ID} (openemr-documents): available, encrypted, generalPurpose, tags OpenEMR-EFS=Documents`],
    });
    expect(mutatingCalls()).toEqual([]);
  });

  it('reads every page of file systems', async () => {
    mocks.efs
      .on(DescribeFileSystemsCommand)
      .resolvesOnce({ FileSystems: [fileSystem({ FileSystemId: 'fs-other', Name: 'other' })], NextMarker: 'page-2' })
      .resolves({ FileSystems: [fileSystem()] });

    const result = await fileSystemKind.check(stepContext(), input);

    expect(result.done).toBe(true);
    expect(mocks.efs.commandCalls(DescribeFileSystemsCommand)[1]!.args[0].input).toEqual({ Marker: 'page-2' });
  });

  it('creates it encrypted, with the tags and a creation token of the run and step, and waits until it is available', async () => {
    mocks.efs.on(DescribeFileSystemsCommand).resolvesOnce({ FileSystems: [] });
    mocks.efs.on(CreateFileSystemCommand).resolves(fileSystem({ LifeCycleState: 'creating' }));
    mocks.efs
      .on(DescribeFileSystemsCommand, { FileSystemId: FS_ID })
      .resolvesOnce({ FileSystems: [fileSystem({ LifeCycleState: 'creating' })] })
      .resolves({ FileSystems: [fileSystem()] });
    const ctx = stepContext({ stepId: 'file-system' });

    const result = await fileSystemKind.check(ctx, input);
    expect(result).toEqual({ done: false, reason: 'No file system named openemr-documents yet.' });
    expect(fileSystemKind.plan(input, undefined, ctx)).toEqual([
      expect.objectContaining({
        operation: 'CreateFileSystem',
        input: { PerformanceMode: 'generalPurpose', Encrypted: true, Tags: [...ctx.tags('openemr-documents'), { Key: 'OpenEMR-EFS', Value: 'Documents' }] },
      }),
    ]);

    const outputs = await fileSystemKind.apply!(ctx, input, undefined);

    expect(outputs.fileSystemId).toBe(FS_ID);
    expect(mocks.efs.commandCalls(CreateFileSystemCommand)[0]!.args[0].input).toEqual({
      CreationToken: 'token-file-system',
      PerformanceMode: 'generalPurpose',
      Encrypted: true,
      Tags: [...ctx.tags('openemr-documents'), { Key: 'OpenEMR-EFS', Value: 'Documents' }],
    });
    expect(ctx.progressLines.some((l) => l.includes(`file system ${FS_ID} to be available: creating`))).toBe(true);
  });

  it('takes the file system a create accepted before a crash: FileSystemAlreadyExists carries its id', async () => {
    mocks.efs.on(CreateFileSystemCommand).rejects(Object.assign(awsError('FileSystemAlreadyExists', 'File system already exists with creation token', 409), { FileSystemId: FS_ID }));
    mocks.efs.on(DescribeFileSystemsCommand, { FileSystemId: FS_ID }).resolves({ FileSystems: [fileSystem()] });

    const outputs = await fileSystemKind.apply!(stepContext(), input, undefined);

    expect(outputs.fileSystemId).toBe(FS_ID);
    expect(mocks.efs.commandCalls(CreateFileSystemCommand)).toHaveLength(1);
  });

  it('looks the file system up by its creation token when FileSystemAlreadyExists does not carry the id (moto)', async () => {
    mocks.efs.on(CreateFileSystemCommand).rejects(awsError('FileSystemAlreadyExists', 'File system with token-file-system already exists.', 409));
    mocks.efs.on(DescribeFileSystemsCommand, { CreationToken: 'token-file-system' }).resolves({ FileSystems: [fileSystem()] });
    mocks.efs.on(DescribeFileSystemsCommand, { FileSystemId: FS_ID }).resolves({ FileSystems: [fileSystem()] });

    const outputs = await fileSystemKind.apply!(stepContext({ stepId: 'file-system' }), input, undefined);

    expect(outputs.fileSystemId).toBe(FS_ID);
    expect(mocks.efs.commandCalls(CreateFileSystemCommand)).toHaveLength(1);
  });

  it('adds a missing tag to the file system it finds, without creating another', async () => {
    const untagged = fileSystem({ Tags: [{ Key: 'Name', Value: 'openemr-documents' }, { Key: 'runbook:id', Value: 'test-runbook' }] });
    mocks.efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [untagged] });
    mocks.efs.on(TagResourceCommand).resolves({});

    const result = await fileSystemKind.check(stepContext(), input);
    expect(result).toMatchObject({ done: false, reason: `File system ${FS_ID} is available and lacks the tag OpenEMR-EFS=Documents.` });
    if (result.done) return;
    expect(fileSystemKind.plan(input, result.found).map((c) => c.operation)).toEqual(['TagResource']);

    await fileSystemKind.apply!(stepContext(), input, result.found);

    expect(mocks.efs.commandCalls(TagResourceCommand)[0]!.args[0].input).toEqual({ ResourceId: FS_ID, Tags: [{ Key: 'OpenEMR-EFS', Value: 'Documents' }] });
    expect(mutatingCalls()).toEqual(['TagResourceCommand']);
  });

  it('refuses a file system it cannot use: unencrypted, another performance mode, in error', async () => {
    mocks.efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [fileSystem({ Encrypted: false })] });
    await expect(fileSystemKind.check(stepContext(), input)).rejects.toThrow(/is not encrypted, and encryption cannot be turned on later/);

    mocks.efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [fileSystem({ PerformanceMode: 'maxIO' })] });
    await expect(fileSystemKind.check(stepContext(), input)).rejects.toThrow(`File system ${FS_ID} (openemr-documents) runs in maxIO mode, not generalPurpose; the mode cannot change: pass performanceMode=maxIO or delete it.`);

    mocks.efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [fileSystem({ LifeCycleState: 'error' })] });
    await expect(fileSystemKind.check(stepContext(), input)).rejects.toThrow(/is in the error state/);
  });

  it('ignores file systems being deleted and refuses two of its own', async () => {
    mocks.efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [fileSystem({ LifeCycleState: 'deleting' })] });
    await expect(fileSystemKind.check(stepContext(), input)).resolves.toMatchObject({ done: false });

    mocks.efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [fileSystem(), fileSystem({ FileSystemId: 'fs-0000000000000000b' })] });
    await expect(fileSystemKind.check(stepContext(), input)).rejects.toThrow(/Found 2 file systems named openemr-documents/);
  });

  it('passes AWS errors on', async () => {
    const denied = awsError('AccessDeniedException', 'not authorized to perform elasticfilesystem:DescribeFileSystems', 403);
    mocks.efs.on(DescribeFileSystemsCommand).rejects(denied);
    await expect(fileSystemKind.check(stepContext(), input)).rejects.toBe(denied);

    mocks.efs.on(CreateFileSystemCommand).rejects(awsError('FileSystemLimitExceeded', 'limit', 403));
    await expect(fileSystemKind.apply!(stepContext(), input, undefined)).rejects.toMatchObject({ name: 'FileSystemLimitExceeded' });
  });
});
