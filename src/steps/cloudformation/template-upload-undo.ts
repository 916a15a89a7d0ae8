/**
 * Destroying what `cloudformation.templateUpload` made: the template object
 * in S3, once the stack made from it is gone (CloudFormation reads it only
 * when the stack is created). The key is the template's hash, shared by every
 * run of the same template, and S3 objects here carry no run tag: the object
 * is this run's only when this run's step uploaded it (the step changed
 * something); one an earlier run uploaded is kept. Inline templates upload nothing.
 */
import { DeleteObjectCommand, HeadObjectCommand } from '../../aws/sdk/s3.js';
import type { StepContext, Undo } from '../../engine/model/step.js';
import { errorName } from '../../aws/errors.js';
import type { TemplateUploadInput, TemplateUploadOutputs } from './template-upload.js';

const s3In = (ctx: StepContext, region: string | undefined) => (region ? ctx.aws.inRegion(region) : ctx.aws).s3;

async function exists(ctx: StepContext, region: string | undefined, Bucket: string, Key: string): Promise<boolean> {
  try {
    await s3In(ctx, region).send(new HeadObjectCommand({ Bucket, Key }));
    return true;
  } catch (err) {
    if (errorName(err) === 'NotFound' || errorName(err) === 'NoSuchKey' || errorName(err) === 'NoSuchBucket' || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw err;
  }
}

export const templateUploadUndo: Undo<TemplateUploadInput, TemplateUploadOutputs> = {
  async find(ctx, { input, outputs, status }) {
    if (!outputs.key || !input.bucket || !(await exists(ctx, input.region, input.bucket, outputs.key))) return [];
    const mine = status === 'changed';
    return [
      {
        type: 's3:object',
        id: `s3://${input.bucket}/${outputs.key}`,
        madeByRun: mine,
        note: mine ? 'the uploaded stack template' : 'the stack template was uploaded before this run, which only used it',
        details: { bucket: input.bucket, key: outputs.key, region: input.region },
      },
    ];
  },
  plan: (resource) => [{ service: 's3', operation: 'DeleteObject', input: { Bucket: resource.details?.bucket, Key: resource.details?.key } }],
  async remove(ctx, resource) {
    const { bucket, key, region } = resource.details as { bucket: string; key: string; region?: string };
    // DeleteObject of a key that is not there succeeds: S3 answers 204 either way.
    if (await exists(ctx, region, bucket, key)) await s3In(ctx, region).send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  },
};
