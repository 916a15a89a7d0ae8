/**
 * The undos of cloudformation.stack and cloudformation.templateUpload on
 * aws-sdk-client-mock: the run's stack is deleted (protection off first only
 * when the run turned it on) and waited for, events as progress, what the
 * template keeps named; a stack or template the run did not make is kept;
 * what is gone is nothing to do; an AWS error is passed on.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, UpdateTerminationProtectionCommand, type Stack } from '../../../src/aws/sdk/cloudformation.js';
import { DeleteObjectCommand, HeadObjectCommand } from '../../../src/aws/sdk/s3.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { stackUndo } from '../../../src/steps/cloudformation/stack-undo.js';
import { templateUploadUndo } from '../../../src/steps/cloudformation/template-upload-undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/openemr-recovery/11111111-2222-3333-4444-555555555555';
const MINE = [{ Key: 'runbook:run-id', Value: 'test-run-0001' }];
const TEMPLATE = JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain' }, Db: { Type: 'AWS::RDS::DBInstance', DeletionPolicy: 'Snapshot' }, Web: { Type: 'AWS::EC2::Instance' } } });
const path = join(mkdtempSync(join(tmpdir(), 'stack-undo-')), 'template.json');
writeFileSync(path, TEMPLATE);
const sha256 = createHash('sha256').update(TEMPLATE).digest('hex');
const stack = (StackStatus: Stack['StackStatus'], more: Partial<Stack> = {}): { Stacks: Stack[] } => ({ Stacks: [{ StackId: STACK_ID, StackName: 'openemr-recovery', StackStatus, CreationTime: new Date(), Tags: MINE, ...more }] });
const event = (EventId: string, ResourceStatus: 'DELETE_IN_PROGRESS' | 'DELETE_COMPLETE', LogicalResourceId = 'Web') => ({ EventId, LogicalResourceId, ResourceType: 'AWS::EC2::Instance', ResourceStatus, StackId: STACK_ID, StackName: 'openemr-recovery', Timestamp: new Date() });
const opts = { snapshotFirst: false };

describe('cloudformation.stack undo', () => {
  beforeEach(resetMocks);

  it('finds the stack by its id, the run\'s, naming what the template keeps and the protection the run turned on', async () => {
    mocks.cloudformation.on(DescribeStacksCommand, { StackName: STACK_ID }).resolves(stack('CREATE_COMPLETE', { EnableTerminationProtection: true }));
    const found = await stackUndo.find(stepContext(), { input: { stackName: 'openemr-recovery', path, sha256, terminationProtection: true }, outputs: { stackId: STACK_ID }, status: 'changed' });
    expect(found).toEqual([
      {
        type: 'cloudformation:stack',
        id: STACK_ID,
        madeByRun: true,
        note: 'openemr-recovery, CREATE_COMPLETE, termination protection off first (the run turned it on); the template keeps Bucket (AWS::S3::Bucket, Retain), Db (AWS::RDS::DBInstance, a final snapshot)',
        details: { stackName: 'openemr-recovery', protectedByRun: true },
      },
    ]);
  });

  it('keeps a stack another run made, and finds nothing for a stack deleted already', async () => {
    mocks.cloudformation.on(DescribeStacksCommand).resolves(stack('CREATE_COMPLETE', { Tags: [{ Key: 'runbook:run-id', Value: 'older-run-0001' }] }));
    const kept = await stackUndo.find(stepContext(), { input: { stackName: 'openemr-recovery' }, outputs: {}, status: 'failed' });
    expect(kept[0]).toMatchObject({ madeByRun: false, note: 'stack openemr-recovery was made by run older-run-0001' });
    mocks.cloudformation.on(DescribeStacksCommand).resolves(stack('DELETE_COMPLETE'));
    await expect(stackUndo.find(stepContext(), { input: { stackName: 'openemr-recovery' }, outputs: { stackId: STACK_ID }, status: 'changed' })).resolves.toEqual([]);
    mocks.cloudformation.on(DescribeStacksCommand).rejects(awsError('ValidationError', 'Stack with id openemr-recovery does not exist'));
    await expect(stackUndo.find(stepContext(), { input: { stackName: 'openemr-recovery' }, outputs: {}, status: 'failed' })).resolves.toEqual([]);
  });

  it('turns off the protection the run turned on, deletes, and waits for DELETE_COMPLETE with its events as progress', async () => {
    let deleted = false;
    mocks.cloudformation.on(DescribeStacksCommand).callsFake(async () => stack(deleted ? 'DELETE_COMPLETE' : 'CREATE_COMPLETE', { EnableTerminationProtection: !deleted }));
    mocks.cloudformation.on(DescribeStackEventsCommand).callsFake(async () => ({ StackEvents: deleted ? [event('e2', 'DELETE_COMPLETE'), event('e1', 'DELETE_IN_PROGRESS')] : [] }));
    mocks.cloudformation.on(UpdateTerminationProtectionCommand).resolves({ StackId: STACK_ID });
    mocks.cloudformation.on(DeleteStackCommand).callsFake(async () => ((deleted = true), {}));
    const resource = { type: 'cloudformation:stack', id: STACK_ID, madeByRun: true, details: { stackName: 'openemr-recovery', protectedByRun: true } };
    expect(stackUndo.plan(resource, opts).map((c) => c.operation)).toEqual(['UpdateTerminationProtection', 'DeleteStack']);
    const ctx = stepContext();
    await stackUndo.remove(ctx, resource, opts);
    expect(mocks.cloudformation).toHaveReceivedCommandWith(UpdateTerminationProtectionCommand, { StackName: STACK_ID, EnableTerminationProtection: false });
    expect(mocks.cloudformation).toHaveReceivedCommandWith(DeleteStackCommand, { StackName: STACK_ID, ClientRequestToken: `runbook-destroy-${ctx.token()}` });
    expect(ctx.progressLines).toEqual(['Web (AWS::EC2::Instance) DELETE_IN_PROGRESS', 'Web (AWS::EC2::Instance) DELETE_COMPLETE']);
  });

  it('refuses protection the run did not turn on, says a failed deletion, and sends nothing for a stack gone', async () => {
    mocks.cloudformation.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    mocks.cloudformation.on(DescribeStacksCommand).resolves(stack('CREATE_COMPLETE', { EnableTerminationProtection: true }));
    const resource = { type: 'cloudformation:stack', id: STACK_ID, madeByRun: true, details: { stackName: 'openemr-recovery', protectedByRun: false } };
    await expect(stackUndo.remove(stepContext(), resource, opts)).rejects.toThrow(/which this run did not turn on/);
    expect(mocks.cloudformation).not.toHaveReceivedCommand(DeleteStackCommand);

    mocks.cloudformation.on(DescribeStacksCommand).resolvesOnce(stack('CREATE_COMPLETE')).resolves(stack('DELETE_FAILED'));
    mocks.cloudformation.on(DeleteStackCommand).resolves({});
    await expect(stackUndo.remove(stepContext(), resource, opts)).rejects.toThrow(/Stack openemr-recovery could not be deleted \(DELETE_FAILED/);

    mocks.cloudformation.on(DescribeStacksCommand).resolves(stack('CREATE_COMPLETE'));
    mocks.cloudformation.on(DeleteStackCommand).rejects(awsError('AccessDenied', 'not authorized to perform cloudformation:DeleteStack', 403));
    await expect(stackUndo.remove(stepContext(), resource, opts)).rejects.toMatchObject({ name: 'AccessDenied' });

    resetMocks();
    mocks.cloudformation.on(DescribeStacksCommand).resolves(stack('DELETE_COMPLETE'));
    await stackUndo.remove(stepContext(), resource, opts);
    expect(mocks.cloudformation).not.toHaveReceivedCommand(DeleteStackCommand);
  });
});

describe('cloudformation.templateUpload undo', () => {
  beforeEach(resetMocks);
  const input = { bucket: 'templates', region: 'us-east-1', keyPrefix: 'openemr/' };
  const outputs = { templateUrl: 'https://templates.s3.us-east-1.amazonaws.com/openemr/0123.json', key: 'openemr/0123.json' };

  it('finds the object the step uploaded as the run\'s, and one it found as kept', async () => {
    mocks.s3.on(HeadObjectCommand).resolves({ ContentLength: 60000 });
    const found = await templateUploadUndo.find(stepContext(), { input, outputs, status: 'changed' });
    expect(found).toEqual([{ type: 's3:object', id: 's3://templates/openemr/0123.json', madeByRun: true, note: 'the uploaded stack template', details: { bucket: 'templates', key: 'openemr/0123.json', region: 'us-east-1' } }]);
    const kept = await templateUploadUndo.find(stepContext(), { input, outputs, status: 'ok' });
    expect(kept[0]).toMatchObject({ madeByRun: false, note: 'the stack template was uploaded before this run, which only used it' });
  });

  it('finds nothing for an inline template or an object gone', async () => {
    await expect(templateUploadUndo.find(stepContext(), { input, outputs: { templateUrl: '', key: '' }, status: 'ok' })).resolves.toEqual([]);
    mocks.s3.on(HeadObjectCommand).rejects(awsError('NotFound', 'Not Found', 404));
    await expect(templateUploadUndo.find(stepContext(), { input, outputs, status: 'changed' })).resolves.toEqual([]);
  });

  it('deletes the object; one gone gets no write; an AWS error is passed on', async () => {
    const resource = { type: 's3:object', id: 's3://templates/openemr/0123.json', madeByRun: true, details: { bucket: 'templates', key: 'openemr/0123.json', region: 'us-east-1' } };
    expect(templateUploadUndo.plan(resource, opts)).toEqual([{ service: 's3', operation: 'DeleteObject', input: { Bucket: 'templates', Key: 'openemr/0123.json' } }]);
    mocks.s3.on(HeadObjectCommand).resolves({});
    mocks.s3.on(DeleteObjectCommand).resolves({});
    await templateUploadUndo.remove(stepContext(), resource, opts);
    expect(mocks.s3).toHaveReceivedCommandWith(DeleteObjectCommand, { Bucket: 'templates', Key: 'openemr/0123.json' });
    mocks.s3.on(DeleteObjectCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    await expect(templateUploadUndo.remove(stepContext(), resource, opts)).rejects.toMatchObject({ name: 'AccessDenied' });
    resetMocks();
    mocks.s3.on(HeadObjectCommand).rejects(awsError('NotFound', 'Not Found', 404));
    await templateUploadUndo.remove(stepContext(), resource, opts);
    expect(mocks.s3).not.toHaveReceivedCommand(DeleteObjectCommand);
  });
});
