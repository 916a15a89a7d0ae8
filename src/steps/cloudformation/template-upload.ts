/**
 * `cloudformation.templateUpload`: a template over CloudFormation's inline
 * limit (TemplateBody: 51,200 bytes) is uploaded to S3 and passed by URL
 * (TemplateURL: up to 1 MB). The key is the template's hash, so the same
 * template is uploaded once and a changed one never overwrites another
 * run's. A template within the limit is sent inline: nothing to do.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { HeadObjectCommand, PutObjectCommand } from '../../aws/sdk/s3.js';
import { errorName } from '../../aws/errors.js';
import { TEMPLATE_BODY_MAX_BYTES, TEMPLATE_URL_MAX_BYTES } from '../../aws/cloudformation-template.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';

export interface TemplateUploadInput {
  path: string;
  sha256: string;
  bytes: number;
  bucket: string;
  /** The bucket's region. */
  region: string;
  keyPrefix: string;
}

export interface TemplateUploadOutputs {
  /** '' when the template goes inline. */
  templateUrl: string;
  key: string;
}

/** The template as the step that read it saw it; changed since, it is refused. */
export function templateBody(path: string, sha256: string): string {
  const text = readFileSync(path, 'utf8');
  if (createHash('sha256').update(text).digest('hex') !== sha256) throw new Error(`${path} changed since the template step read it: run again (or resume with --from template).`);
  return text;
}

function where(input: TemplateUploadInput): { key: string; url: string } {
  const key = `${input.keyPrefix}${input.sha256.slice(0, 16)}${extname(input.path) || '.json'}`;
  return { key, url: `https://${input.bucket}.s3.${input.region}.amazonaws.com/${key}` };
}

async function uploaded(ctx: StepContext, input: TemplateUploadInput, key: string): Promise<boolean> {
  try {
    const head = await ctx.aws.inRegion(input.region).s3.send(new HeadObjectCommand({ Bucket: input.bucket, Key: key }));
    return head.ContentLength === input.bytes;
  } catch (err) {
    if (errorName(err) === 'NotFound' || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw err;
  }
}

const kind: StepKind<TemplateUploadInput, TemplateUploadOutputs> = {
  async check(ctx, input) {
    if (input.bytes <= TEMPLATE_BODY_MAX_BYTES) return { done: true, outputs: { templateUrl: '', key: '' }, evidence: [`${input.bytes} bytes: sent inline (CloudFormation takes up to ${TEMPLATE_BODY_MAX_BYTES} bytes in TemplateBody).`] };
    if (input.bytes > TEMPLATE_URL_MAX_BYTES) throw new Error(`${input.path} has ${input.bytes} bytes, more than the ${TEMPLATE_URL_MAX_BYTES} bytes CloudFormation reads from S3.`);
    const { key, url } = where(input);
    if (await uploaded(ctx, input, key)) return { done: true, outputs: { templateUrl: url, key }, evidence: [`${input.bytes} bytes, over the inline limit: passed by URL ${url}`] };
    return { done: false, reason: `${input.bytes} bytes is over the ${TEMPLATE_BODY_MAX_BYTES}-byte inline limit and s3://${input.bucket}/${key} is not there yet.` };
  },
  plan: (input) => [{ service: 's3', operation: 'PutObject', input: { Bucket: input.bucket, Key: where(input).key }, note: 'the template, passed to CloudFormation by URL' }],
  async apply(ctx, input) {
    const { key, url } = where(input);
    const body = templateBody(input.path, input.sha256);
    await ctx.aws.inRegion(input.region).s3.send(new PutObjectCommand({ Bucket: input.bucket, Key: key, Body: body, ContentType: input.path.endsWith('.json') ? 'application/json' : 'text/yaml' }));
    return { templateUrl: url, key };
  },
};

export { kind as templateUploadKind };
