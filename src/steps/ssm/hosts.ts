/**
 * Where an SSM step runs: one instance (`instanceId`), or a fleet by ids
 * (`instanceIds`) or by tag (`instanceTags`, e.g. every instance of an Auto
 * Scaling group), with SSM's rate controls. A fleet's probes and scripts go
 * as one command each, and every instance's result is recorded on its own.
 */
import type { StepContext } from '../../engine/model/step.js';
import type { ShellScript } from '../../aws/shell.js';
import { describeHosts, rateControlProblem, runOnFleet, targetsOf, type HostResult, type HostSelector, type RateControl } from '../../aws/ssm-fleet.js';
import { outputTail, runScript } from '../../aws/ssm-run.js';

export interface HostsInput {
  /** The one instance, or */
  instanceId?: string;
  /** each of these instances, or */
  instanceIds?: string[];
  /** every managed instance with these tags (SSM `Targets`). */
  instanceTags?: Record<string, string>;
  /** SSM's MaxConcurrency for a fleet: how many instances at once (`10`, `25%`); SSM's default is 50. */
  maxConcurrency?: string | number;
  /** SSM's MaxErrors for a fleet's script: failures after which SSM sends it to no more instances; default 0. */
  maxErrors?: string | number;
}

export type Hosts = { one: string } | { fleet: HostSelector; rate: RateControl };

/** The hosts an input names; a sentence when it names none, or more than one way. */
export function hostsOf(kind: string, input: HostsInput): Hosts {
  const given = (['instanceId', 'instanceIds', 'instanceTags'] as const).filter((k) => input[k] !== undefined);
  if (given.length !== 1) throw new Error(`${kind} needs one of instanceId, instanceIds or instanceTags, not ${given.length ? given.join(' and ') : 'none'}.`);
  const rate: RateControl = {
    ...(input.maxConcurrency !== undefined ? { maxConcurrency: String(input.maxConcurrency) } : {}),
    ...(input.maxErrors !== undefined ? { maxErrors: String(input.maxErrors) } : {}),
  };
  const problem = rateControlProblem(rate);
  if (problem) throw new Error(`${kind}: ${problem}`);
  if (input.instanceId !== undefined) return { one: input.instanceId };
  if (input.instanceIds !== undefined) {
    if (!input.instanceIds.length) throw new Error(`${kind} was given an empty instanceIds.`);
    return { fleet: { instanceIds: [...new Set(input.instanceIds)] }, rate };
  }
  if (!Object.keys(input.instanceTags!).length) throw new Error(`${kind} was given an empty instanceTags.`);
  return { fleet: { tags: input.instanceTags! }, rate };
}

/** What SendCommand is sent to, for a plan. */
export function addressing(hosts: Hosts, only?: readonly string[]): Record<string, unknown> {
  if ('one' in hosts) return { InstanceIds: [hosts.one] };
  const rate = { ...(hosts.rate.maxConcurrency ? { MaxConcurrency: hosts.rate.maxConcurrency } : {}), ...(hosts.rate.maxErrors ? { MaxErrors: hosts.rate.maxErrors } : {}) };
  if (only) return { InstanceIds: [...only], ...rate };
  return 'instanceIds' in hosts.fleet ? { InstanceIds: [...hosts.fleet.instanceIds], ...rate } : { Targets: targetsOf(hosts.fleet.tags), ...rate };
}

/**
 * A read-only probe on every host. On a fleet it goes as one command with
 * MaxErrors 100%: a probe's "no" (exit 1) is a failed invocation to SSM,
 * and every instance must answer, not only those before the first "no".
 */
export async function probeHosts(ctx: StepContext, hosts: Hosts, probe: ShellScript, timeoutSeconds = 120): Promise<HostResult[]> {
  if ('one' in hosts) return [{ instanceId: hosts.one, ...(await runScript(ctx, hosts.one, probe, { probe: true, timeoutSeconds })) }];
  const results = await runOnFleet(ctx, hosts.fleet, probe, { probe: true, timeoutSeconds, ...(hosts.rate.maxConcurrency ? { maxConcurrency: hosts.rate.maxConcurrency } : {}), maxErrors: '100%' });
  if (!results.length) throw new Error(`SSM found no managed instance among ${describeHosts(hosts.fleet)} for ${probe.name}: none is running with the SSM agent online.`);
  return results;
}

/** Whether the agent ran the script there (a cancelled, undelivered or timed-out invocation did not). */
export function ran(result: HostResult): boolean {
  return result.status === 'Success' || result.status === 'Failed';
}

/** One line for a host's result: its status, and the last line of its output. */
export function hostDetail(result: HostResult): string {
  const tail = outputTail(result, 1);
  return ran(result) ? `exit ${result.exitCode}${tail ? `: ${tail}` : ''}` : `${result.status}${tail ? `: ${tail}` : ''}`;
}

/** `i-1, i-2 and 3 more` for a sentence. */
export function listInstances(ids: readonly string[], shown = 3): string {
  if (ids.length <= shown) return ids.join(', ');
  return `${ids.slice(0, shown).join(', ')} and ${ids.length - shown} more`;
}
