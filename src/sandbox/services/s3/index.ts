/**
 * S3: buckets and objects, enough to upload an application bundle or a
 * template, check it is there, and list a prefix page by page (ListObjectsV2:
 * keys in UTF-8 binary order, at most MaxKeys (1000) per page). Buckets answer
 * from any region, as moto's do; AWS redirects a request sent to another
 * region than the bucket's (HeadBucket answers the bucket's region).
 */
import type { CreateBucketCommandInput, DeleteObjectCommandInput, GetBucketVersioningCommandInput, GetObjectCommandInput, HeadBucketCommandInput, HeadObjectCommandInput, ListObjectsV2CommandInput, PutBucketVersioningCommandInput, PutObjectCommandInput } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { inputOf, type ServiceHandlers } from '../lib/context.js';
import { awsError, unsupported } from '../lib/errors.js';
import { page } from '../lib/pages.js';
import type { Bucket, SandboxAccountState } from '../../account/state.js';

/** Bodies smaller than this are kept, so a test can read back what was uploaded. */
const KEEP_BODY_BELOW = 16 * 1024 * 1024;

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

const LIST_MAX_KEYS = 1000;

function existingBucket(account: SandboxAccountState, name: string | undefined): Bucket {
  const bucket = account.s3.buckets[name ?? ''];
  if (!bucket) throw awsError('NoSuchBucket', 'The specified bucket does not exist', 404);
  return bucket;
}

export const s3: ServiceHandlers = {
  HeadBucket: (ctx) => {
    const bucket = ctx.account.s3.buckets[inputOf<HeadBucketCommandInput>(ctx).Bucket ?? ''];
    // A HEAD answer has no body, so the SDK can only name it by its status.
    if (!bucket || !ctx.visible(bucket.createdAt)) throw awsError('NotFound', 'Not Found', 404);
    return { BucketRegion: bucket.region, AccessPointAlias: false };
  },

  ListObjectsV2: (ctx) => {
    const input = inputOf<ListObjectsV2CommandInput>(ctx);
    if (input.Delimiter !== undefined) throw unsupported('s3', 'ListObjectsV2', ' with Delimiter');
    const bucket = existingBucket(ctx.account, input.Bucket);
    const prefix = input.Prefix ?? '';
    const keys = Object.keys(bucket.objects)
      .filter((k) => k.startsWith(prefix) && (!input.StartAfter || k > input.StartAfter) && ctx.visible(bucket.objects[k]!.lastModified))
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const maxKeys = Math.min(input.MaxKeys ?? LIST_MAX_KEYS, LIST_MAX_KEYS);
    const { items, nextToken } = page(keys, maxKeys, input.ContinuationToken, (k) => k, {
      min: 0,
      max: LIST_MAX_KEYS,
      badToken: () => awsError('InvalidArgument', 'The continuation token provided is incorrect'),
    });
    const contents = items.map((Key) => {
      const o = bucket.objects[Key]!;
      return { Key, LastModified: new Date(o.lastModified), ETag: o.ETag, Size: o.Size, StorageClass: 'STANDARD' as const };
    });
    return {
      Name: bucket.Name,
      Prefix: prefix,
      MaxKeys: maxKeys,
      KeyCount: contents.length,
      IsTruncated: nextToken !== undefined,
      ...(contents.length ? { Contents: contents } : {}),
      ...(input.ContinuationToken ? { ContinuationToken: input.ContinuationToken } : {}),
      ...(nextToken ? { NextContinuationToken: nextToken } : {}),
      ...(input.StartAfter ? { StartAfter: input.StartAfter } : {}),
    };
  },

  CreateBucket: (ctx) => {
    const input = inputOf<CreateBucketCommandInput>(ctx);
    const name = input.Bucket ?? '';
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) throw awsError('InvalidBucketName', 'The specified bucket is not valid.');
    if (ctx.account.s3.buckets[name]) throw awsError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409);
    ensureBucket(ctx.account, name, input.CreateBucketConfiguration?.LocationConstraint ?? ctx.regionName, ctx.now);
    return { Location: `/${name}` };
  },

  GetBucketVersioning: (ctx) => {
    const bucket = existingBucket(ctx.account, inputOf<GetBucketVersioningCommandInput>(ctx).Bucket);
    // A bucket that was never versioned answers no Status at all.
    return bucket.versioning ? { Status: bucket.versioning } : {};
  },

  PutBucketVersioning: (ctx) => {
    const input = inputOf<PutBucketVersioningCommandInput>(ctx);
    const bucket = existingBucket(ctx.account, input.Bucket);
    const status = input.VersioningConfiguration?.Status;
    if (status !== 'Enabled' && status !== 'Suspended') throw awsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
    bucket.versioning = status;
    return {};
  },

  /**
   * A write, conditional when asked (If-None-Match: * creates only; If-Match
   * replaces only that version), as S3 has answered since 2024: a lost
   * condition is 412 PreconditionFailed, If-Match on a missing key 404.
   */
  PutObject: async (ctx) => {
    const input = inputOf<PutObjectCommandInput>(ctx);
    const bytes = await bodyBytes(input.Body);
    const bucket = existingBucket(ctx.account, input.Bucket);
    const key = input.Key ?? '';
    const current = bucket.objects[key];
    if (input.IfNoneMatch !== undefined && input.IfNoneMatch !== '*') throw awsError('NotImplemented', 'If-None-Match accepts only *.', 501);
    if (input.IfNoneMatch === '*' && current) throw awsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);
    if (input.IfMatch !== undefined) {
      if (!current) throw awsError('NoSuchKey', 'The specified key does not exist.', 404);
      if (current.ETag !== input.IfMatch) throw awsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);
    }
    const ETag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    const encryption = input.ServerSideEncryption === 'aws:kms' ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: input.SSEKMSKeyId } : { ServerSideEncryption: 'AES256' };
    bucket.objects[key] = {
      Size: bytes.byteLength,
      ETag,
      ContentType: input.ContentType,
      bodyBase64: bytes.byteLength < KEEP_BODY_BELOW ? Buffer.from(bytes).toString('base64') : undefined,
      lastModified: ctx.now,
      encryption,
    };
    return { ETag, ...encryption, ...(bucket.versioning === 'Enabled' ? { VersionId: `v${ctx.now.toString(36)}` } : {}) };
  },

  GetObject: (ctx) => {
    const input = inputOf<GetObjectCommandInput>(ctx);
    const bucket = existingBucket(ctx.account, input.Bucket);
    const object = bucket.objects[input.Key ?? ''];
    if (!object || !ctx.visible(object.lastModified)) throw awsError('NoSuchKey', 'The specified key does not exist.', 404);
    if (object.bodyBase64 === undefined) throw unsupported('s3', 'GetObject', ' of an object larger than the sandbox keeps');
    // The sandbox hands bytes back; it wraps them as the SDK's stream (sandbox.ts).
    return { Body: Buffer.from(object.bodyBase64, 'base64'), ETag: object.ETag, ContentLength: object.Size, ContentType: object.ContentType, LastModified: new Date(object.lastModified), ...(object.encryption ?? { ServerSideEncryption: 'AES256' }) };
  },

  DeleteObject: (ctx) => {
    const input = inputOf<DeleteObjectCommandInput>(ctx);
    const bucket = existingBucket(ctx.account, input.Bucket);
    delete bucket.objects[input.Key ?? ''];
    return {};
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
