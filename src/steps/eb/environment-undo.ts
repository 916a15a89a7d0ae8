/**
 * Destroying what `eb.environment` made: TerminateEnvironment, then a wait
 * until it is Terminated with its events as progress; what it launched (its
 * instances, load balancer, Auto Scaling group and security group) goes with
 * it. The version it ran, when this run's deployment made it, is deleted
 * after, with its bundle (it could not go while the environment ran it).
 */
import { DescribeEnvironmentsCommand, paginateDescribeEvents, TerminateEnvironmentCommand } from '../../aws/sdk/elasticbeanstalk.js';
import type { StepContext, Undo } from '../../engine/model/step.js';
import { waitFor } from '../../aws/wait.js';
import { collect } from '../paginate.js';
import { adoptedNote, madeByRun } from '../undo.js';
import { describeVersion, versionDescription } from './deploy.js';
import type { EnvironmentInput, EnvironmentOutputs } from './environment.js';
import { deleteVersion, deleteVersionCall, liveEnvironments, tagsOf } from './removal.js';

const BUSY = new Set(['Launching', 'Updating']);

async function statusOf(ctx: StepContext, environmentId: string): Promise<string> {
  const res = await ctx.aws.elasticBeanstalk.send(new DescribeEnvironmentsCommand({ EnvironmentIds: [environmentId] }));
  return res.Environments?.find((e) => e.EnvironmentId === environmentId)?.Status ?? 'Terminated';
}

/** Waits until the environment's status is one of `done`, showing its events. */
function waitStatus(ctx: StepContext, application: string, environment: string, environmentId: string, what: string, done: (status: string) => boolean): Promise<void> {
  const since = new Date(ctx.clock.now());
  const seen = new Set<string>();
  return waitFor(ctx, {
    what: `environment ${environment} ${what}`,
    minDelay: 10,
    maxDelay: 30,
    maxWait: 3600,
    poll: async () => {
      const events = await collect(paginateDescribeEvents({ client: ctx.aws.elasticBeanstalk }, { ApplicationName: application, EnvironmentName: environment, StartTime: since }), (p) => p.Events);
      for (const e of [...events].reverse()) {
        const key = `${e.EventDate?.toISOString()} ${e.Message}`;
        if (!seen.has(key)) ctx.progress(`${e.Severity ?? 'INFO'}: ${e.Message}`);
        seen.add(key);
      }
      const status = await statusOf(ctx, environmentId);
      return done(status) ? { done: true, value: undefined } : { done: false, status };
    },
  });
}

export const environmentUndo: Undo<EnvironmentInput, EnvironmentOutputs> = {
  async find(ctx, { input, outputs }) {
    const application = input.application;
    const name = outputs.environmentName ?? input.name;
    if (!application || !name) return [];
    const [env] = await liveEnvironments(ctx, application, { names: [name] });
    if (!env) return [];
    const tags = await tagsOf(ctx, env.EnvironmentArn);
    const mine = madeByRun(ctx, tags);
    const label = env.VersionLabel;
    const version = mine && label ? await describeVersion(ctx, application, label) : undefined;
    const versions = version?.Description === versionDescription(ctx) ? [label!] : [];
    return [
      {
        type: 'eb:environment',
        id: env.EnvironmentId!,
        madeByRun: mine,
        note: mine ? `${name}, ${env.Status}: its instances, load balancer and security group go with it${versions.length ? `; then version ${versions.join(', ')} and its bundle` : ''}` : adoptedNote(`environment ${name}`, tags),
        details: { application, name, versions },
      },
    ];
  },
  plan: (resource) => [
    { service: 'elasticbeanstalk', operation: 'TerminateEnvironment', input: { EnvironmentId: resource.id }, note: 'and wait until it is Terminated, showing its events' },
    ...((resource.details?.versions as string[] | undefined) ?? []).map((label) => deleteVersionCall(String(resource.details?.application), label)),
  ],
  async remove(ctx, resource) {
    const application = String(resource.details?.application);
    const name = String(resource.details?.name);
    let status = await statusOf(ctx, resource.id);
    // An environment launching or updating refuses to terminate until it is Ready.
    if (BUSY.has(status)) await waitStatus(ctx, application, name, resource.id, 'to settle', (s) => !BUSY.has(s));
    status = await statusOf(ctx, resource.id);
    if (status !== 'Terminated' && status !== 'Terminating') await ctx.aws.elasticBeanstalk.send(new TerminateEnvironmentCommand({ EnvironmentId: resource.id }));
    if (status !== 'Terminated') await waitStatus(ctx, application, name, resource.id, 'to be Terminated', (s) => s === 'Terminated');
    for (const label of (resource.details?.versions as string[] | undefined) ?? []) await deleteVersion(ctx, application, label);
  },
};
