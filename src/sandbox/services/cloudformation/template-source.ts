/**
 * Where CloudFormation reads a template from: the request's TemplateBody (at
 * most 51,200 bytes) or an S3 object named by TemplateURL (at most 1 MB), in
 * the path-style or virtual-hosted form, https only.
 */
import { TEMPLATE_BODY_MAX_BYTES, TEMPLATE_URL_MAX_BYTES } from '../../../aws/cloudformation-template.js';
import type { OperationContext } from '../lib/context.js';
import { awsError, unsupported } from '../lib/errors.js';

const validation = (message: string) => awsError('ValidationError', message);

/** `https://bucket.s3.region.amazonaws.com/key`, `https://s3.region.amazonaws.com/bucket/key`, and the forms without a region. */
export function s3Location(url: string): { bucket: string; key: string } | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:') return undefined;
  const path = decodeURIComponent(u.pathname.slice(1));
  const hosted = /^(.+)\.s3(?:[.-]([a-z0-9-]+))?\.amazonaws\.com$/.exec(u.hostname);
  if (hosted) return path ? { bucket: hosted[1]!, key: path } : undefined;
  if (/^s3(?:[.-]([a-z0-9-]+))?\.amazonaws\.com$/.test(u.hostname)) {
    const slash = path.indexOf('/');
    return slash > 0 ? { bucket: path.slice(0, slash), key: path.slice(slash + 1) } : undefined;
  }
  return undefined;
}

export function templateText(ctx: OperationContext, input: { TemplateBody?: string; TemplateURL?: string }): string {
  if (input.TemplateBody !== undefined) {
    if (Buffer.byteLength(input.TemplateBody) > TEMPLATE_BODY_MAX_BYTES)
      throw validation(`1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to ${TEMPLATE_BODY_MAX_BYTES}`);
    return input.TemplateBody;
  }
  if (!input.TemplateURL) throw validation('Either Template URL or Template Body must be specified.');
  const where = s3Location(input.TemplateURL);
  if (!where) throw validation('TemplateURL must be a supported URL.');
  const object = ctx.account.s3.buckets[where.bucket]?.objects[where.key];
  if (!object || !ctx.visible(object.lastModified)) throw validation(`S3 error: The specified key does not exist.`);
  if (object.Size > TEMPLATE_URL_MAX_BYTES) throw validation(`Template may not exceed ${TEMPLATE_URL_MAX_BYTES} bytes in size.`);
  if (object.bodyBase64 === undefined) throw unsupported('cloudformation', 'ValidateTemplate', ' of an S3 object whose body the sandbox did not keep');
  return Buffer.from(object.bodyBase64, 'base64').toString('utf8');
}
