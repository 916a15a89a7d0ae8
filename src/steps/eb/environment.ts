/**
 * Elastic Beanstalk environments: look one up, and wait for it while showing
 * its own event stream, failing with its own error events.
 */
import { DescribeEnvironmentsCommand, DescribeEventsCommand, type EnvironmentDescription } from '@aws-sdk/client-elastic-beanstalk';
import type { StepContext } from '../../engine/model.js';
import { waitFor } from '../../aws/wait.js';

export async function describeEnvironment(ctx: StepContext, application: string, environment: string): Promise<EnvironmentDescription | undefined> {
  const res = await ctx.aws.elasticBeanstalk.send(
    new DescribeEnvironmentsCommand({ ApplicationName: application, EnvironmentNames: [environment], IncludeDeleted: false }),
  );
  return res.Environments?.find((e) => e.Status !== 'Terminated' && e.Status !== 'Terminating');
}

export class EnvironmentFailedError extends Error {
  override name = 'EnvironmentFailed';
}

/** Wait until the environment is Ready (and on `versionLabel`, when given). */
export async function waitForEnvironment(
  ctx: StepContext,
  application: string,
  environment: string,
  options: { versionLabel?: string; since: Date; maxWait?: number },
): Promise<EnvironmentDescription> {
  const seen = new Set<string>();
  const errors: string[] = [];
  return waitFor(ctx, {
    what: `environment ${environment} to be Ready${options.versionLabel ? ` on ${options.versionLabel}` : ''}`,
    minDelay: 10,
    maxDelay: 30,
    maxWait: options.maxWait ?? 3600,
    poll: async () => {
      const events = await ctx.aws.elasticBeanstalk.send(
        new DescribeEventsCommand({ ApplicationName: application, EnvironmentName: environment, StartTime: options.since }),
      );
      for (const e of [...(events.Events ?? [])].reverse()) {
        const key = `${e.EventDate?.toISOString()} ${e.Message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ctx.progress(`${e.Severity ?? 'INFO'}: ${e.Message}`);
        if (e.Severity === 'ERROR' || e.Severity === 'FATAL') errors.push(e.Message ?? '');
      }
      const env = await describeEnvironment(ctx, application, environment);
      if (!env) return { failed: `environment ${environment} no longer exists` };
      if (env.Status !== 'Ready') return { done: false, status: `${env.Status} (health ${env.Health ?? 'unknown'})` };
      if (errors.length || env.Health === 'Red') return { failed: errors.length ? errors.join(' | ') : `health is Red` };
      if (options.versionLabel && env.VersionLabel !== options.versionLabel) {
        // Ready on the old version after an update means the deployment was rolled back.
        return { failed: `the environment is Ready on ${env.VersionLabel}, not ${options.versionLabel}` };
      }
      return { done: true, value: env };
    },
  });
}
