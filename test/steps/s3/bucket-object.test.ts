import { HeadBucketCommand, HeadObjectCommand } from '../../../src/aws/sdk/s3.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { bucketKind } from '../../../src/steps/s3/bucket.js';
import { objectKind } from '../../../src/steps/s3/object.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

describe('s3.bucket', () => {
  beforeEach(resetMocks);

  it('is done when HeadBucket answers, with the bucket\'s region', async () => {
    mocks.s3.on(HeadBucketCommand).resolves({ BucketRegion: 'eu-west-1' });
    expect(await bucketKind.check(stepContext(), { bucket: 'openemr-backups', what: 'the bucket' })).toMatchObject({ done: true, outputs: { bucket: 'openemr-backups', region: 'eu-west-1' } });
    expect(mocks.s3).toHaveReceivedCommandWith(HeadBucketCommand, { Bucket: 'openemr-backups' });
  });

  it('fails on a bucket that does not exist or may not be read', async () => {
    mocks.s3.on(HeadBucketCommand).rejectsOnce(awsError('NotFound', 'Not Found', 404)).rejectsOnce(awsError('Forbidden', 'Forbidden', 403));
    expect(await bucketKind.check(stepContext(), { bucket: 'b', what: 'the bucket' })).toMatchObject({ done: false, reason: 'the bucket: bucket b does not exist.' });
    expect(await bucketKind.check(stepContext(), { bucket: 'b', what: 'the bucket' })).toMatchObject({ done: false, reason: expect.stringContaining('(403)') });
  });

  it('lets another error through', async () => {
    mocks.s3.on(HeadBucketCommand).rejects(awsError('SlowDown', 'slow', 503));
    await expect(bucketKind.check(stepContext(), { bucket: 'b', what: 'x' })).rejects.toMatchObject({ name: 'SlowDown' });
  });
});

describe('s3.object', () => {
  beforeEach(resetMocks);
  const input = { bucket: 'openemr-cfn-useast1', key: 'openemr-custom.zip', what: 'the archive', hint: 'upload it' };

  it('is done when HeadObject answers', async () => {
    mocks.s3.on(HeadObjectCommand).resolves({ ContentLength: 48, LastModified: new Date('2026-11-30T00:00:00Z') });
    expect(await objectKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { size: 48, lastModified: '2026-11-30T00:00:00.000Z' } });
    expect(mocks.s3).toHaveReceivedCommandWith(HeadObjectCommand, { Bucket: input.bucket, Key: input.key });
  });

  it('fails on a missing object with what to do, and lets other errors through', async () => {
    mocks.s3.on(HeadObjectCommand).rejectsOnce(awsError('NotFound', 'Not Found', 404)).rejectsOnce(awsError('InternalError', 'oops', 500));
    expect(await objectKind.check(stepContext(), input)).toMatchObject({ done: false, reason: 'the archive: s3://openemr-cfn-useast1/openemr-custom.zip does not exist; upload it.' });
    await expect(objectKind.check(stepContext(), input)).rejects.toMatchObject({ name: 'InternalError' });
  });
});
