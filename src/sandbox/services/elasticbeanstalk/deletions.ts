/**
 * Removing Elastic Beanstalk resources, as `runbook destroy` sends it.
 * TerminateEnvironment: Terminating for a while, with the events the console
 * shows, then Terminated (described by id, and by name unless IncludeDeleted
 * is false). What the environment launched is released when the call is
 * accepted: its instances are terminated through the EC2 simulation and the
 * instances' security group Elastic Beanstalk made is deleted (the sandbox
 * models the load balancer and Auto Scaling group by name only, so they go
 * with the environment). DeleteApplication is refused while an environment
 * runs unless TerminateEnvByForce; it deletes the versions, not their
 * bundles in S3 (DeleteApplication API reference). DeleteApplicationVersion
 * is refused for a version a running environment uses, and deletes the
 * bundle only with DeleteSourceBundle. ListTagsForResource reads the tags of
 * an application or an environment by ARN.
 */
import type { DeleteApplicationMessage, DeleteApplicationVersionMessage, ListTagsForResourceMessage, TerminateEnvironmentMessage } from '@aws-sdk/client-elastic-beanstalk';
import type { Environment } from '../../account/state.js';
import { after } from '../../account/time.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { tagList } from '../lib/filters.js';
import { termination } from '../ec2/termination.js';
import { addEvent, current, environmentView, findEnvironment, invalid, TERMINATE_SECONDS } from './applications.js';

const ARN = /^arn:aws[a-z-]*:elasticbeanstalk:([a-z0-9-]+):(\d{12}):(application|environment)\/([^/]+)(?:\/(.+))?$/;

/** Environments of the application that are not Terminated (Terminating ones still run). */
const running = (ctx: OperationContext, application: string): Environment[] =>
  Object.values(ctx.region.environments).filter((e) => e.ApplicationName === application && current(e, ctx.now).status !== 'Terminated');

function terminate(ctx: OperationContext, env: Environment): void {
  env.terminatedAt = ctx.now;
  const live = (env.instanceIds ?? []).filter((id) => ctx.region.instances[id]?.terminatedAt === undefined);
  if (live.length) termination.TerminateInstances!({ ...ctx, call: { ...ctx.call, input: { InstanceIds: live } } });
  const group = env.securityGroupId ? ctx.region.securityGroups[env.securityGroupId] : undefined;
  if (group) delete ctx.region.securityGroups[group.GroupId];
  const event = (seconds: number, Message: string) => addEvent(ctx.region, { at: after(ctx.now, seconds), Message, Severity: 'INFO', ApplicationName: env.ApplicationName, EnvironmentName: env.EnvironmentName });
  event(0, 'terminateEnvironment is starting.');
  if (live.length) event(10, `Waiting for EC2 instances to terminate. This may take a few minutes.`);
  if (group) event(TERMINATE_SECONDS - 20, `Deleted security group named: ${group.GroupName}`);
  event(TERMINATE_SECONDS, 'terminateEnvironment completed successfully.');
}

export const ebDeletions: ServiceHandlers = {
  TerminateEnvironment: (ctx) => {
    const input = inputOf<TerminateEnvironmentMessage>(ctx);
    if (input.ForceTerminate !== undefined || input.TerminateResources === false) throw awsError('UnsupportedOperation', 'The sandbox terminates environments with their resources only.');
    const env = findEnvironment(ctx, input);
    const status = current(env, ctx.now).status;
    if (status === 'Terminated' || status === 'Terminating') throw invalid(`No Environment found for EnvironmentId = '${env.EnvironmentId}'.`);
    if (status !== 'Ready') throw invalid(`Environment named ${env.EnvironmentName} is in an invalid state for this operation. Must be Ready.`);
    terminate(ctx, env);
    return environmentView(ctx, env);
  },

  DeleteApplication: (ctx) => {
    const input = inputOf<DeleteApplicationMessage>(ctx);
    const name = input.ApplicationName ?? '';
    if (!ctx.region.applications[name]) throw invalid(`No Application named '${name}' found.`);
    const envs = running(ctx, name);
    if (envs.length && !input.TerminateEnvByForce)
      throw invalid(`Unable to delete application ${name} because it has running environments: ${envs.map((e) => e.EnvironmentName).join(', ')}. Terminate them first.`);
    for (const env of envs) if (current(env, ctx.now).status !== 'Terminating') terminate(ctx, env);
    delete ctx.region.applications[name];
    return {};
  },

  DeleteApplicationVersion: (ctx) => {
    const input = inputOf<DeleteApplicationVersionMessage>(ctx);
    const app = ctx.region.applications[input.ApplicationName ?? ''];
    if (!app) throw invalid(`No Application named '${input.ApplicationName}' found.`);
    const version = app.versions[input.VersionLabel ?? ''];
    if (!version) throw awsError('SourceBundleDeletionFailure', `Application Version ${input.VersionLabel} does not exist.`);
    const users = running(ctx, app.ApplicationName).filter((e) => current(e, ctx.now).versionLabel === version.VersionLabel);
    if (users.length) throw invalid(`Unable to delete application version ${version.VersionLabel} because it is being used by environment(s): ${users.map((e) => e.EnvironmentName).join(', ')}.`);
    if (input.DeleteSourceBundle && version.SourceBundle) delete ctx.account.s3.buckets[version.SourceBundle.S3Bucket]?.objects[version.SourceBundle.S3Key];
    delete app.versions[version.VersionLabel];
    return {};
  },

  ListTagsForResource: (ctx) => {
    const arn = inputOf<ListTagsForResourceMessage>(ctx).ResourceArn ?? '';
    const m = ARN.exec(arn);
    const notFound = () => awsError('ResourceNotFoundException', `Resource not found for ARN '${arn}'.`);
    if (!m || m[1] !== ctx.regionName || m[2] !== ctx.account.accountId) throw notFound();
    const resource = m[3] === 'application' ? ctx.region.applications[m[4]!] : Object.values(ctx.region.environments).find((e) => e.ApplicationName === m[4] && e.EnvironmentName === m[5] && current(e, ctx.now).status !== 'Terminated');
    if (!resource) throw notFound();
    return { ResourceArn: arn, ResourceTags: tagList(resource.Tags ?? {}) ?? [] };
  },
};
