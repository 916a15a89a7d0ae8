/**
 * `eb.deployFolder`: deploy a local application folder to an existing Elastic
 * Beanstalk environment: bundle it, upload it to the environment's storage
 * bucket, create the application version, update the environment and wait
 * until it is Ready on that version. The label comes from the bundle's
 * content (`<prefix>-<hash>`), or is a given label that gets the hash as a
 * suffix only when a version with that label holds other content; either
 * way an unchanged folder is already deployed.
 */
import {
  CreateApplicationVersionCommand,
  CreateStorageLocationCommand,
  DescribeApplicationVersionsCommand,
  UpdateEnvironmentCommand,
  type ApplicationVersionDescription,
} from '../../aws/sdk/elasticbeanstalk.js';
import { HeadObjectCommand, PutObjectCommand } from '../../aws/sdk/s3.js';
import { createHash } from 'node:crypto';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { isNotFound } from '../../aws/errors.js';
import { bundleFolder, contentLabel } from './bundle.js';
import { describeEnvironment, waitForEnvironment } from './environment.js';

export interface DeployInput {
  application: string;
  environment: string;
  sourceDir: string;
  /** The label is `<labelPrefix>-<content hash>`. */
  labelPrefix?: string;
  /** This label; `<versionLabel>-<content hash>` when a version with this label holds other content. */
  versionLabel?: string;
}

export interface DeployOutputs {
  versionLabel: string;
  url: string;
}

interface Found {
  versionLabel: string;
  status: string;
}

interface Version {
  label: string;
  /** Where the bundle goes in the storage bucket: named by its content, so one bundle is uploaded once. */
  key: string;
}

/** What a version this runbook creates says of itself: which run made it (destroy reads it back). */
export function versionDescription(ctx: Pick<StepContext, 'runbookId' | 'runId'>): string {
  return `runbook ${ctx.runbookId} run ${ctx.runId}`;
}

export async function describeVersion(ctx: StepContext, application: string, label: string): Promise<ApplicationVersionDescription | undefined> {
  const res = await ctx.aws.elasticBeanstalk.send(new DescribeApplicationVersionsCommand({ ApplicationName: application, VersionLabels: [label] }));
  return res.ApplicationVersions?.[0];
}

async function chooseVersion(ctx: StepContext, input: DeployInput, bundle: Uint8Array): Promise<Version> {
  const base = input.versionLabel ?? input.labelPrefix;
  if (!base || (input.versionLabel && input.labelPrefix)) throw new Error('eb.deployFolder needs exactly one of labelPrefix and versionLabel.');
  const hashed = contentLabel(base, bundle);
  const key = `runbook/${input.application}/${hashed}.zip`;
  if (!input.versionLabel) return { label: hashed, key };
  const existing = await describeVersion(ctx, input.application, input.versionLabel);
  return { label: !existing || existing.SourceBundle?.S3Key === key ? input.versionLabel : hashed, key };
}

const kind: StepKind<DeployInput, DeployOutputs, Found> = {
  async check(ctx, input) {
    const { label: versionLabel } = await chooseVersion(ctx, input, bundleFolder(input.sourceDir));
    const env = await describeEnvironment(ctx, input.application, input.environment);
    if (!env) throw new Error(`Elastic Beanstalk environment ${input.environment} of application ${input.application} was not found in ${ctx.aws.region}.`);
    if (env.VersionLabel === versionLabel && env.Status === 'Ready')
      return { done: true, outputs: { versionLabel, url: env.CNAME ? `http://${env.CNAME}` : '' }, evidence: [`${input.environment} is Ready on ${versionLabel}`] };
    return { done: false, reason: `${input.environment} runs ${env.VersionLabel ?? 'no version'} (${env.Status}), not ${versionLabel}.`, found: { versionLabel, status: env.Status ?? '' } };
  },
  plan(input, found) {
    const label = found?.versionLabel ?? (input.versionLabel ? `<${input.versionLabel}, or ${input.versionLabel}-content-hash>` : `<${input.labelPrefix}-content-hash>`);
    return [
      { service: 'elasticbeanstalk', operation: 'CreateStorageLocation', input: {} },
      { service: 's3', operation: 'PutObject', input: { Bucket: '<storage-location>', Key: `runbook/${input.application}/<label-content-hash>.zip` }, note: 'unless that bundle is already uploaded' },
      { service: 'elasticbeanstalk', operation: 'CreateApplicationVersion', input: { ApplicationName: input.application, VersionLabel: label }, note: 'unless it exists' },
      { service: 'elasticbeanstalk', operation: 'UpdateEnvironment', input: { EnvironmentName: input.environment, VersionLabel: label } },
    ];
  },
  async apply(ctx, input) {
    const bundle = bundleFolder(input.sourceDir);
    const { label: versionLabel, key } = await chooseVersion(ctx, input, bundle);
    const since = new Date();
    const eb = ctx.aws.elasticBeanstalk;
    const bucket = (await eb.send(new CreateStorageLocationCommand({}))).S3Bucket;
    if (!bucket) throw new Error('Elastic Beanstalk returned no storage bucket.');
    try {
      await ctx.aws.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      const md5 = createHash('md5').update(bundle).digest('base64');
      await ctx.aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bundle, ContentMD5: md5, ContentType: 'application/zip' }));
    }
    if (!(await describeVersion(ctx, input.application, versionLabel)))
      await eb.send(
        new CreateApplicationVersionCommand({
          ApplicationName: input.application,
          VersionLabel: versionLabel,
          Description: versionDescription(ctx),
          SourceBundle: { S3Bucket: bucket, S3Key: key },
          Process: true,
        }),
      );
    // An environment busy with another update refuses a new one: wait for it first. That update may be
    // this very deployment, accepted just before a crash: then it is done.
    const settled = await waitForEnvironment(ctx, input.application, input.environment, { since, settleOnly: true });
    if (settled.VersionLabel === versionLabel) return { versionLabel, url: settled.CNAME ? `http://${settled.CNAME}` : '' };
    await eb.send(new UpdateEnvironmentCommand({ ApplicationName: input.application, EnvironmentName: input.environment, VersionLabel: versionLabel }));
    const env = await waitForEnvironment(ctx, input.application, input.environment, { versionLabel, since });
    return { versionLabel, url: env.CNAME ? `http://${env.CNAME}` : '' };
  },
};

export { kind as deployFolderKind };
