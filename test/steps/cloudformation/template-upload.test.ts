import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, PutObjectCommand } from '../../../src/aws/sdk/s3.js';
import { ValidateTemplateCommand } from '../../../src/aws/sdk/cloudformation.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { templateUploadKind } from '../../../src/steps/cloudformation/template-upload.js';
import { validateTemplateKind } from '../../../src/steps/cloudformation/validate-template.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

function templateFile(bytes: number) {
  const text = `{"Resources":{"B":{"Type":"AWS::S3::Bucket"}},"Description":"${'x'.repeat(Math.max(0, bytes - 60))}"}`;
  const path = join(mkdtempSync(join(tmpdir(), 'upload-')), 'OpenEMR-Recovery.json');
  writeFileSync(path, text);
  return { path, sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) };
}

describe('cloudformation.templateUpload', () => {
  beforeEach(resetMocks);

  it('has nothing to do for a template within the 51,200-byte inline limit', async () => {
    const t = templateFile(1000);
    expect(await templateUploadKind.check(stepContext(), { ...t, bucket: 'b', region: 'us-east-1', keyPrefix: 'p/' })).toMatchObject({ done: true, outputs: { templateUrl: '' } });
    expect(mocks.s3.calls()).toHaveLength(0);
  });

  it('uploads a larger one under its hash and passes it by URL; found there, it is done', async () => {
    const t = templateFile(60_000);
    const input = { ...t, bucket: 'openemr-backups', region: 'us-east-1', keyPrefix: 'runbook/templates/' };
    const key = `runbook/templates/${t.sha256.slice(0, 16)}.json`;
    mocks.s3.on(HeadObjectCommand).rejectsOnce(awsError('NotFound', 'Not Found', 404)).resolves({ ContentLength: t.bytes });
    mocks.s3.on(PutObjectCommand).resolves({ ETag: '"x"' });
    const ctx = stepContext();
    const result = await templateUploadKind.check(ctx, input);
    expect(result).toMatchObject({ done: false, reason: expect.stringContaining('over the 51200-byte inline limit') });
    expect(await templateUploadKind.apply!(ctx, input, undefined)).toEqual({ templateUrl: `https://openemr-backups.s3.us-east-1.amazonaws.com/${key}`, key });
    expect(mocks.s3).toHaveReceivedCommandWith(PutObjectCommand, { Bucket: 'openemr-backups', Key: key, ContentType: 'application/json' });
    expect(await templateUploadKind.check(ctx, input)).toMatchObject({ done: true, outputs: { key } });
  });

  it('refuses a template changed since it was read, and lets an S3 error through', async () => {
    const t = templateFile(60_000);
    await expect(templateUploadKind.apply!(stepContext(), { ...t, sha256: '0'.repeat(64), bucket: 'b', region: 'us-east-1', keyPrefix: '' }, undefined)).rejects.toThrow(/changed since the template step read it/);
    mocks.s3.on(HeadObjectCommand).rejects(awsError('AccessDenied', 'no', 403));
    await expect(templateUploadKind.check(stepContext(), { ...t, bucket: 'b', region: 'us-east-1', keyPrefix: '' })).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('cloudformation.validateTemplate', () => {
  beforeEach(resetMocks);

  it('sends the body inline (or the URL) and returns the capabilities CloudFormation names', async () => {
    const t = templateFile(500);
    mocks.cloudformation.on(ValidateTemplateCommand).resolves({ Parameters: [{ ParameterKey: 'RecoveryS3Bucket' }], Capabilities: ['CAPABILITY_IAM'], CapabilitiesReason: 'IAM' });
    const result = await validateTemplateKind.check(stepContext(), { ...t, mustDeclare: ['RecoveryS3Bucket'] });
    expect(result).toMatchObject({ done: true, outputs: { capabilities: ['CAPABILITY_IAM'], parameters: ['RecoveryS3Bucket'] } });
    expect(mocks.cloudformation).toHaveReceivedCommandWith(ValidateTemplateCommand, { TemplateBody: expect.stringContaining('AWS::S3::Bucket') });
    await validateTemplateKind.check(stepContext(), { ...t, templateUrl: 'https://b.s3.us-east-1.amazonaws.com/k.json', mustDeclare: [] });
    expect(mocks.cloudformation).toHaveReceivedLastCommandWith(ValidateTemplateCommand, { TemplateURL: 'https://b.s3.us-east-1.amazonaws.com/k.json' });
  });

  it('fails in CloudFormation\'s words on a ValidationError, and lets other errors through', async () => {
    const t = templateFile(500);
    mocks.cloudformation.on(ValidateTemplateCommand).rejectsOnce(awsError('ValidationError', 'Template format error: Unresolved resource dependencies [X]')).rejectsOnce(awsError('Throttling', 'slow'));
    expect(await validateTemplateKind.check(stepContext(), { ...t, mustDeclare: [] })).toMatchObject({ done: false, reason: expect.stringContaining('Unresolved resource dependencies [X]') });
    await expect(validateTemplateKind.check(stepContext(), { ...t, mustDeclare: [] })).rejects.toMatchObject({ name: 'Throttling' });
  });
});
