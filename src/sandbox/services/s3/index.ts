/** S3: buckets and objects, enough to upload an application bundle and check it is there. */
import type { HeadObjectCommandInput, PutObjectCommandInput } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { inputOf, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import type { Bucket, SandboxAccountState } from '../../account/state.js';

/** Bodies smaller than this are kept, so a test can read back what was uploaded. */
const KEEP_BODY_BELOW = 1024 * 1024;

async function bodyBytes(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array();
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (typeof Blob !== 'undefined' && body instanceof Blob) return new Uint8Array(await body.arrayBuffer());
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
    return new Uint8Array(Buffer.concat(chunks));
  }
  throw awsError('InvalidArgument', 'The sandbox cannot read this PutObject Body type.');
}

/** Creates the bucket if it does not exist (used by Elastic Beanstalk's storage location). */
export function ensureBucket(account: SandboxAccountState, name: string, region: string, now: number): Bucket {
  return (account.s3.buckets[name] ??= { Name: name, region, objects: {}, createdAt: now });
}

export const s3: ServiceHandlers = {
  PutObject: async (ctx) => {
    const input = inputOf<PutObjectCommandInput>(ctx);
    const bytes = await bodyBytes(input.Body);
    const bucket = ctx.account.s3.buckets[input.Bucket ?? ''];
    if (!bucket) throw awsError('NoSuchBucket', 'The specified bucket does not exist', 404);
    const ETag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    bucket.objects[input.Key ?? ''] = {
      Size: bytes.byteLength,
      ETag,
      ContentType: input.ContentType,
      bodyBase64: bytes.byteLength < KEEP_BODY_BELOW ? Buffer.from(bytes).toString('base64') : undefined,
      lastModified: ctx.now,
    };
    return { ETag, ServerSideEncryption: 'AES256' };
  },

  HeadObject: (ctx) => {
    const input = inputOf<HeadObjectCommandInput>(ctx);
    const object = ctx.account.s3.buckets[input.Bucket ?? '']?.objects[input.Key ?? ''];
    // A HEAD answer has no body, so the SDK can only name it by its status.
    if (!object || !ctx.visible(object.lastModified)) throw awsError('NotFound', 'Not Found', 404);
    return {
      ContentLength: object.Size,
      ETag: object.ETag,
      ContentType: object.ContentType ?? 'binary/octet-stream',
      LastModified: new Date(object.lastModified),
      ServerSideEncryption: 'AES256',
      AcceptRanges: 'bytes',
    };
  },
};
