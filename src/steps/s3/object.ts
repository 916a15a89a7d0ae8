/**
 * `s3.object`: an object exists (HeadObject), e.g. the application archive a
 * template deploys. Read-only: a missing object fails the step with what to
 * upload where.
 */
import { HeadObjectCommand } from '../../aws/sdk/s3.js';
import { errorName } from '../../aws/errors.js';
import { type StepKind } from '../../engine/model/step.js';

export interface ObjectInput {
  bucket: string;
  key: string;
  what: string;
  region?: string;
  /** What to do when it is missing, appended to the failure. */
  hint?: string;
}

export interface ObjectOutputs {
  bucket: string;
  key: string;
  size: number;
  lastModified: string;
}

const kind: StepKind<ObjectInput, ObjectOutputs> = {
  async check(ctx, input) {
    const aws = input.region ? ctx.aws.inRegion(input.region) : ctx.aws;
    try {
      const res = await aws.s3.send(new HeadObjectCommand({ Bucket: input.bucket, Key: input.key }));
      const shown = `${input.what}: s3://${input.bucket}/${input.key}, ${res.ContentLength ?? 0} bytes, ${res.LastModified?.toISOString() ?? 'no date'}`;
      return { done: true, outputs: { bucket: input.bucket, key: input.key, size: res.ContentLength ?? 0, lastModified: res.LastModified?.toISOString() ?? '' }, evidence: [shown] };
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || errorName(err) === 'NotFound' || errorName(err) === 'NoSuchKey' || errorName(err) === 'NoSuchBucket')
        return { done: false, reason: `${input.what}: s3://${input.bucket}/${input.key} does not exist${input.hint ? `; ${input.hint}` : ''}.` };
      throw err;
    }
  },
  plan: () => [],
};

export { kind as objectKind };
