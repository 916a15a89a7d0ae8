/**
 * Elastic Beanstalk environments: look one up, wait for it while showing its
 * own event stream (failing with its own error events), and `eb.environment`:
 * a load-balanced web environment in a VPC, created once and found again by
 * name (CreateEnvironment has no idempotency token; names are unique). An
 * existing one whose settings differ is updated where an environment can
 * change, and refused where it cannot (its VPC and subnets). The platform
 * version is not compared: managed updates move it, and that is no drift.
 */
import {
  CreateEnvironmentCommand,
  DescribeConfigurationSettingsCommand,
  DescribeEnvironmentsCommand,
  paginateDescribeEvents,
  UpdateEnvironmentCommand,
  type EnvironmentDescription,
} from '../../aws/sdk/elasticbeanstalk.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import { waitFor } from '../../aws/wait.js';
import { plannedTags } from '../../aws/tags.js';
import { collect } from '../paginate.js';
import { changedSettings, optionSettings, settingsDrift, type Drift, type EnvironmentSettings } from './option-settings.js';

export async function describeEnvironment(ctx: StepContext, application: string, environment: string): Promise<EnvironmentDescription | undefined> {
  const res = await ctx.aws.elasticBeanstalk.send(
    new DescribeEnvironmentsCommand({ ApplicationName: application, EnvironmentNames: [environment], IncludeDeleted: false }),
  );
  // Only the one asked for: an endpoint that ignores EnvironmentNames (moto) answers with every environment.
  return res.Environments?.find((e) => e.EnvironmentName === environment && e.Status !== 'Terminated' && e.Status !== 'Terminating');
}

export class EnvironmentFailedError extends Error {
  override name = 'EnvironmentFailed';
}

/**
 * Wait until the environment is Ready (and on `versionLabel`, when given),
 * healthy and without error events since `since`. With `settleOnly`, only
 * until it is no longer busy: before an update, an earlier failure is not
 * this step's to judge (the update may be its fix).
 */
export async function waitForEnvironment(
  ctx: StepContext,
  application: string,
  environment: string,
  options: { versionLabel?: string; since: Date; maxWait?: number; settleOnly?: boolean },
): Promise<EnvironmentDescription> {
  const seen = new Set<string>();
  const errors: string[] = [];
  // A just-created environment can be briefly unknown; once seen, its disappearance is a failure.
  let found = false;
  return waitFor(ctx, {
    what: `environment ${environment} to be Ready${options.versionLabel ? ` with version ${options.versionLabel}` : ''}`,
    minDelay: 10,
    maxDelay: 30,
    maxWait: options.maxWait ?? 3600,
    poll: async () => {
      const events = await collect(paginateDescribeEvents({ client: ctx.aws.elasticBeanstalk }, { ApplicationName: application, EnvironmentName: environment, StartTime: options.since }), (p) => p.Events);
      for (const e of [...events].reverse()) {
        const key = `${e.EventDate?.toISOString()} ${e.Message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ctx.progress(`${e.Severity ?? 'INFO'}: ${e.Message}`);
        if (e.Severity === 'ERROR' || e.Severity === 'FATAL') errors.push(e.Message ?? '');
      }
      const env = await describeEnvironment(ctx, application, environment);
      if (!env) return found ? { failed: `environment ${environment} no longer exists` } : { done: false, status: 'not visible yet' };
      found = true;
      if (env.Status !== 'Ready') return { done: false, status: `${env.Status} (health ${env.Health ?? 'unknown'})` };
      if (options.settleOnly) return { done: true, value: env };
      if (errors.length || env.Health === 'Red') return { failed: errors.length ? errors.join(' | ') : `health is Red` };
      if (options.versionLabel && env.VersionLabel !== options.versionLabel) {
        // Ready on the old version after an update means the deployment was rolled back.
        return { failed: `the environment is Ready on ${env.VersionLabel}, not ${options.versionLabel}` };
      }
      return { done: true, value: env };
    },
  });
}

export interface EnvironmentInput extends EnvironmentSettings {
  application: string;
  name: string;
  platformArn: string;
}

export interface EnvironmentOutputs {
  environmentName: string;
  environmentId: string;
  /** `http://<cname>`: the load balancer's address. */
  url: string;
}

interface Found {
  env: EnvironmentDescription;
  drift: Drift[];
}

const BUSY = new Set(['Launching', 'Updating']);
const WEB_TIER = { Name: 'WebServer', Type: 'Standard' };

function outputsOf(env: EnvironmentDescription): EnvironmentOutputs {
  return { environmentName: env.EnvironmentName!, environmentId: env.EnvironmentId ?? '', url: env.CNAME ? `http://${env.CNAME}` : '' };
}

async function currentSettings(ctx: StepContext, input: EnvironmentInput) {
  const res = await ctx.aws.elasticBeanstalk.send(new DescribeConfigurationSettingsCommand({ ApplicationName: input.application, EnvironmentName: input.name }));
  return res.ConfigurationSettings?.[0]?.OptionSettings ?? [];
}

const environmentKind: StepKind<EnvironmentInput, EnvironmentOutputs, Found> = {
  async check(ctx, input) {
    const env = await describeEnvironment(ctx, input.application, input.name);
    if (!env) return { done: false, reason: `No environment ${input.name} in application ${input.application} yet.` };
    if (BUSY.has(env.Status ?? '')) return { done: false, reason: `Environment ${input.name} is ${env.Status}.`, found: { env, drift: [] } };
    // Its health after that is the deployment's concern: a failed one is fixed by the next, not here.
    const drift = settingsDrift(optionSettings(input), await currentSettings(ctx, input));
    const fixed = drift.filter((d) => d.fixed);
    if (fixed.length)
      throw new EnvironmentFailedError(
        `Environment ${input.name} runs with ${fixed.map((d) => `${d.setting}=${d.actual}`).join(', ')}, not ${fixed.map((d) => d.wanted).join(', ')}; these cannot change on an existing environment: rebuild it or pass matching parameters.`,
      );
    if (drift.length) return { done: false, reason: `Environment ${input.name} runs with ${drift.map((d) => `${d.setting}=${d.actual} (wanted ${d.wanted})`).join(', ')}.`, found: { env, drift } };
    return {
      done: true,
      outputs: outputsOf(env),
      evidence: [`${input.name} (${env.EnvironmentId}): ${env.Status}, health ${env.Health}, ${env.CNAME}`, `platform ${env.PlatformArn ?? env.SolutionStackName}`],
    };
  },
  plan(input, found, ctx) {
    if (found && !found.drift.length) return [];
    if (found)
      return [{ service: 'elasticbeanstalk', operation: 'UpdateEnvironment', input: { EnvironmentName: input.name, OptionSettings: changedSettings(optionSettings(input), found.drift) } }];
    return [
      {
        service: 'elasticbeanstalk',
        operation: 'CreateEnvironment',
        input: { ApplicationName: input.application, EnvironmentName: input.name, PlatformArn: input.platformArn, Tier: WEB_TIER, OptionSettings: optionSettings(input), Tags: plannedTags(ctx) },
        note: 'then waits until it is Ready (minutes), showing its events',
      },
    ];
  },
  async apply(ctx, input, found) {
    const eb = ctx.aws.elasticBeanstalk;
    // An environment found busy (a launch accepted before a crash) shows its events from its last change.
    const since = found?.env.DateUpdated ?? new Date(ctx.clock.now());
    if (!found) {
      try {
        await eb.send(
          new CreateEnvironmentCommand({
            ApplicationName: input.application,
            EnvironmentName: input.name,
            PlatformArn: input.platformArn,
            Tier: WEB_TIER,
            OptionSettings: optionSettings(input),
            Tags: ctx.tags(),
          }),
        );
      } catch (err) {
        if (!(hasErrorName(err, 'InvalidParameterValue') && (await describeEnvironment(ctx, input.application, input.name)))) throw err;
      }
    } else if (found.drift.length) {
      await waitForEnvironment(ctx, input.application, input.name, { since, settleOnly: true });
      await eb.send(new UpdateEnvironmentCommand({ ApplicationName: input.application, EnvironmentName: input.name, OptionSettings: changedSettings(optionSettings(input), found.drift) }));
    }
    return outputsOf(await waitForEnvironment(ctx, input.application, input.name, { since }));
  },
};

export { environmentKind };
