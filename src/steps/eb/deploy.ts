/**
 * `eb.deployFolder`: deploy a local application folder to an existing Elastic
 * Beanstalk environment: bundle it, upload it to the environment's storage
 * bucket, create the application version, update the environment and wait
 * until it is Ready on that version. The label comes from the bundle's
 * content, so an unchanged folder is already deployed.
 */
import { CreateApplicationVersionCommand, CreateStorageLocationCommand, DescribeApplicationVersionsCommand, UpdateEnvironmentCommand } from '@aws-sdk/client-elastic-beanstalk';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { defineStepKind, type StepKind } from '../../engine/model.js';
import { isNotFound } from '../../aws/errors.js';
import { bundleFolder, contentLabel } from './bundle.js';
import { describeEnvironment, waitForEnvironment } from './environment.js';

export interface DeployInput {
  application: string;
  environment: string;
  sourceDir: string;
  labelPrefix: string;
}

export interface DeployOutputs {
  versionLabel: string;
  url: string;
}

interface Found {
  versionLabel: string;
  status: string;
}

const kind: StepKind<DeployInput, DeployOutputs, Found> = {
  kind: 'eb.deployFolder',
  mutating: true,
  async check(ctx, input) {
    const versionLabel = contentLabel(input.labelPrefix, bundleFolder(input.sourceDir));
    const env = await describeEnvironment(ctx, input.application, input.environment);
    if (!env) throw new Error(`Elastic Beanstalk environment ${input.environment} of application ${input.application} was not found in ${ctx.aws.region}.`);
    if (env.VersionLabel === versionLabel && env.Status === 'Ready')
      return { done: true, outputs: { versionLabel, url: env.CNAME ? `http://${env.CNAME}` : '' }, evidence: [`${input.environment} is Ready on ${versionLabel}`] };
    return { done: false, reason: `${input.environment} runs ${env.VersionLabel ?? 'no version'} (${env.Status}), not ${versionLabel}.`, found: { versionLabel, status: env.Status ?? '' } };
  },
  plan(input, found) {
    const label = found?.versionLabel ?? `<${input.labelPrefix}-content-hash>`;
    return [
      { service: 'elasticbeanstalk', operation: 'CreateStorageLocation', input: {} },
      { service: 's3', operation: 'PutObject', input: { Bucket: '<storage-location>', Key: `runbook/${input.application}/${label}.zip` }, note: 'unless that bundle is already uploaded' },
      { service: 'elasticbeanstalk', operation: 'CreateApplicationVersion', input: { ApplicationName: input.application, VersionLabel: label }, note: 'unless it exists' },
      { service: 'elasticbeanstalk', operation: 'UpdateEnvironment', input: { EnvironmentName: input.environment, VersionLabel: label } },
    ];
  },
  async apply(ctx, input) {
    const bundle = bundleFolder(input.sourceDir);
    const versionLabel = contentLabel(input.labelPrefix, bundle);
    const since = new Date();
    const eb = ctx.aws.elasticBeanstalk;
    const bucket = (await eb.send(new CreateStorageLocationCommand({}))).S3Bucket;
    if (!bucket) throw new Error('Elastic Beanstalk returned no storage bucket.');
    const key = `runbook/${input.application}/${versionLabel}.zip`;
    try {
      await ctx.aws.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      const md5 = createHash('md5').update(bundle).digest('base64');
      await ctx.aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bundle, ContentMD5: md5, ContentType: 'application/zip' }));
    }
    const versions = await eb.send(new DescribeApplicationVersionsCommand({ ApplicationName: input.application, VersionLabels: [versionLabel] }));
    if (!versions.ApplicationVersions?.length)
      await eb.send(
        new CreateApplicationVersionCommand({
          ApplicationName: input.application,
          VersionLabel: versionLabel,
          Description: `runbook ${ctx.runbookId} run ${ctx.runId}`,
          SourceBundle: { S3Bucket: bucket, S3Key: key },
          Process: true,
        }),
      );
    // An environment busy with another update refuses a new one: wait for it first.
    await waitForEnvironment(ctx, input.application, input.environment, { since });
    await eb.send(new UpdateEnvironmentCommand({ ApplicationName: input.application, EnvironmentName: input.environment, VersionLabel: versionLabel }));
    const env = await waitForEnvironment(ctx, input.application, input.environment, { versionLabel, since });
    return { versionLabel, url: env.CNAME ? `http://${env.CNAME}` : '' };
  },
};

export const deployFolder = defineStepKind(kind, { title: (id, input) => (typeof input.environment === 'string' ? `Deploy to ${input.environment}` : `Deploy (${id})`) });
export { kind as deployFolderKind };
