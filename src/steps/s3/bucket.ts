/**
 * `s3.bucket`: a bucket exists and this account can reach it (HeadBucket);
 * its region is what later calls on it use. Read-only.
 */
import { HeadBucketCommand } from '../../aws/sdk/s3.js';
import { errorName } from '../../aws/errors.js';
import { type StepKind } from '../../engine/model/step.js';

export interface BucketInput {
  bucket: string;
  what: string;
  /** Where to ask first (the bucket's region when known; S3 names it in its answer). */
  region?: string;
}

export interface BucketOutputs {
  bucket: string;
  region: string;
}

const kind: StepKind<BucketInput, BucketOutputs> = {
  async check(ctx, input) {
    const aws = input.region ? ctx.aws.inRegion(input.region) : ctx.aws;
    try {
      const res = await aws.s3.send(new HeadBucketCommand({ Bucket: input.bucket }));
      const region = res.BucketRegion ?? input.region ?? ctx.aws.region ?? '';
      return { done: true, outputs: { bucket: input.bucket, region }, evidence: [`${input.what}: s3://${input.bucket} is reachable, in ${region}`] };
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || errorName(err) === 'NotFound' || errorName(err) === 'NoSuchBucket') return { done: false, reason: `${input.what}: bucket ${input.bucket} does not exist.` };
      if (status === 403) return { done: false, reason: `${input.what}: bucket ${input.bucket} exists but this account may not read it (403).` };
      throw err;
    }
  },
  plan: () => [],
};

export { kind as bucketKind };
