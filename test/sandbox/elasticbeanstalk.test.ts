import {
  CreateApplicationVersionCommand,
  CreateStorageLocationCommand,
  DescribeApplicationVersionsCommand,
  DescribeEnvironmentsCommand,
  DescribeEventsCommand,
  UpdateEnvironmentCommand,
} from '../../src/aws/sdk/elasticbeanstalk.js';
import { HeadObjectCommand, PutObjectCommand } from '../../src/aws/sdk/s3.js';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newSandbox, simulatedWait } from './helpers.js';

describe('sandbox Elastic Beanstalk and S3', () => {
  it('uploads a bundle, creates a version and deploys it: Updating, then Ready on the new version', async () => {
    const { aws, sandbox } = newSandbox();
    sandbox.seedElasticBeanstalkEnvironment('openemr', 'OpenEMR');
    const { S3Bucket } = await aws.elasticBeanstalk.send(new CreateStorageLocationCommand({}));
    expect(S3Bucket).toBe('elasticbeanstalk-us-east-1-123456789012');

    const key = 'openemr/redis-sessions-1.zip';
    await expect(aws.s3.send(new HeadObjectCommand({ Bucket: S3Bucket, Key: key }))).rejects.toMatchObject({ name: 'NotFound', $metadata: expect.objectContaining({ httpStatusCode: 404 }) });
    const put = await aws.s3.send(new PutObjectCommand({ Bucket: S3Bucket, Key: key, Body: 'zip bytes' }));
    expect(put.ETag).toBe(`"${createHash('md5').update('zip bytes').digest('hex')}"`);
    const head = await aws.s3.send(new HeadObjectCommand({ Bucket: S3Bucket, Key: key }));
    expect(head).toMatchObject({ ContentLength: 9, ETag: put.ETag });
    expect(Buffer.from(sandbox.snapshot().s3.buckets[S3Bucket!]!.objects[key]!.bodyBase64!, 'base64').toString()).toBe('zip bytes');

    const version = { ApplicationName: 'openemr', VersionLabel: 'redis-sessions-1', SourceBundle: { S3Bucket, S3Key: key } };
    await aws.elasticBeanstalk.send(new CreateApplicationVersionCommand(version));
    await expect(aws.elasticBeanstalk.send(new CreateApplicationVersionCommand(version))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: 'Application Version redis-sessions-1 already exists.',
    });
    const { ApplicationVersions } = await aws.elasticBeanstalk.send(new DescribeApplicationVersionsCommand({ ApplicationName: 'openemr', VersionLabels: ['redis-sessions-1'] }));
    expect(ApplicationVersions).toHaveLength(1);

    const started = new Date();
    const update = await aws.elasticBeanstalk.send(new UpdateEnvironmentCommand({ EnvironmentName: 'OpenEMR', VersionLabel: 'redis-sessions-1' }));
    expect(update).toMatchObject({ Status: 'Updating', VersionLabel: 'Sample Application' });
    await expect(aws.elasticBeanstalk.send(new UpdateEnvironmentCommand({ EnvironmentName: 'OpenEMR', VersionLabel: 'redis-sessions-1' }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });

    await simulatedWait(91);
    const { Environments } = await aws.elasticBeanstalk.send(new DescribeEnvironmentsCommand({ ApplicationName: 'openemr', EnvironmentNames: ['OpenEMR'] }));
    expect(Environments![0]).toMatchObject({ Status: 'Ready', Health: 'Green', VersionLabel: 'redis-sessions-1' });
    expect(Environments![0]!.CNAME).toMatch(/\.us-east-1\.elasticbeanstalk\.com$/);

    const { Events } = await aws.elasticBeanstalk.send(new DescribeEventsCommand({ ApplicationName: 'openemr', EnvironmentName: 'OpenEMR', StartTime: started }));
    expect(Events![0]!.Message).toBe('Environment update completed successfully.');
    expect(Events!.at(-1)!.Message).toBe('Environment update is starting.');
  });

  it('refuses a version whose bundle is not in S3, and an unknown version on deploy', async () => {
    const { aws, sandbox } = newSandbox();
    sandbox.seedElasticBeanstalkEnvironment('openemr', 'OpenEMR');
    await expect(
      aws.elasticBeanstalk.send(new CreateApplicationVersionCommand({ ApplicationName: 'openemr', VersionLabel: 'v2', SourceBundle: { S3Bucket: 'elasticbeanstalk-us-east-1-123456789012', S3Key: 'missing.zip' } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterCombination' });
    await expect(aws.elasticBeanstalk.send(new UpdateEnvironmentCommand({ EnvironmentName: 'OpenEMR', VersionLabel: 'v2' }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });
});
