/**
 * What the eb undos share: whether this run made an application or an
 * environment (its `runbook:run-id` tag, read with ListTagsForResource), the
 * environments that still run a version, and deleting a version with its
 * source bundle in S3.
 */
import { DeleteApplicationVersionCommand, DescribeEnvironmentsCommand, ListTagsForResourceCommand, type EnvironmentDescription, type Tag } from '../../aws/sdk/elasticbeanstalk.js';
import type { PlannedCall } from '../../core/calls.js';
import type { StepContext } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import { describeVersion } from './deploy.js';

export async function tagsOf(ctx: StepContext, arn: string | undefined): Promise<Tag[]> {
  if (!arn) return [];
  try {
    return (await ctx.aws.elasticBeanstalk.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).ResourceTags ?? [];
  } catch (err) {
    if (hasErrorName(err, 'ResourceNotFoundException')) return [];
    throw err;
  }
}

/** Environments of the application that are not Terminated, optionally only those running `versionLabel`. */
export async function liveEnvironments(ctx: StepContext, application: string, filter: { names?: string[]; versionLabel?: string } = {}): Promise<EnvironmentDescription[]> {
  const res = await ctx.aws.elasticBeanstalk.send(
    new DescribeEnvironmentsCommand({ ApplicationName: application, ...(filter.names ? { EnvironmentNames: filter.names } : {}), ...(filter.versionLabel ? { VersionLabel: filter.versionLabel } : {}), IncludeDeleted: false }),
  );
  // Only those asked for: an endpoint that ignores the filters (moto) answers with every environment.
  return (res.Environments ?? []).filter(
    (e) => e.Status !== 'Terminated' && (!filter.names || filter.names.includes(e.EnvironmentName ?? '')) && (!filter.versionLabel || e.VersionLabel === filter.versionLabel),
  );
}

export const deleteVersionCall = (application: string, label: string): PlannedCall => ({
  service: 'elasticbeanstalk',
  operation: 'DeleteApplicationVersion',
  input: { ApplicationName: application, VersionLabel: label, DeleteSourceBundle: true },
  note: 'with its source bundle in S3',
});

/** Deletes the version and its bundle; one already gone is done. */
export async function deleteVersion(ctx: StepContext, application: string, label: string): Promise<void> {
  if (!(await describeVersion(ctx, application, label))) return;
  await ctx.aws.elasticBeanstalk.send(new DeleteApplicationVersionCommand({ ApplicationName: application, VersionLabel: label, DeleteSourceBundle: true }));
}
