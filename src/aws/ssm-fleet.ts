/**
 * One script on many instances as one SSM Run Command: by instance ids or by
 * tag (`Targets`), with SSM's own rate controls (`MaxConcurrency`,
 * `MaxErrors`). SSM decides who runs when and stops sending after too many
 * failures; this module only sends, waits for the command, and reads each
 * instance's result.
 */
import pMap from 'p-map';
import { asProbe } from './call-context.js';
import type { SecretReference, ShellScript } from './shell.js';
import { commandRequest, invocationResult, ssmCommands, withSecretReferences, type HostCommandContext, type RunScriptOptions, type ScriptResult } from './ssm-run.js';
import { waitFor } from './wait.js';

/** Which instances: these ids, or every managed instance with these tags. */
export type HostSelector = { instanceIds: readonly string[] } | { tags: Readonly<Record<string, string>> };

/** SSM's rate controls: a count (`10`) or a share of the targets (`25%`). */
export interface RateControl {
  maxConcurrency?: string;
  maxErrors?: string;
}

export interface HostResult extends ScriptResult {
  instanceId: string;
}

/** SendCommand takes at most 50 instance ids; more go in batches of 50, one after another. */
export const INSTANCE_IDS_PER_COMMAND = 50;
/** How many GetCommandInvocation reads are in flight at once. */
const READS_IN_FLIGHT = 8;
/** Command statuses after which nothing changes. */
const COMMAND_FINISHED = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut']);

/** The patterns SSM's API gives for MaxConcurrency and MaxErrors. */
export const MAX_CONCURRENCY = /^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$/;
export const MAX_ERRORS = /^([1-9][0-9]*|0|[1-9][0-9]%|[0-9]%|100%)$/;

/** A sentence for a rate control SSM would refuse, or undefined. */
export function rateControlProblem(rate: RateControl): string | undefined {
  if (rate.maxConcurrency !== undefined && !MAX_CONCURRENCY.test(rate.maxConcurrency)) return `maxConcurrency must be a count such as 10 or a share such as 25%, not ${JSON.stringify(rate.maxConcurrency)}.`;
  if (rate.maxErrors !== undefined && !MAX_ERRORS.test(rate.maxErrors)) return `maxErrors must be a count such as 0 or a share such as 10%, not ${JSON.stringify(rate.maxErrors)}.`;
  return undefined;
}

/** How a selector reads in messages: `3 instances` or `instances tagged Role=web`. */
export function describeHosts(hosts: HostSelector): string {
  if ('instanceIds' in hosts) return `${hosts.instanceIds.length} instance${hosts.instanceIds.length === 1 ? '' : 's'}`;
  return `instances tagged ${Object.entries(hosts.tags).map(([k, v]) => `${k}=${v}`).join(', ')}`;
}

/** SSM's `Targets` for a tag selector. */
export function targetsOf(tags: Readonly<Record<string, string>>): { Key: string; Values: string[] }[] {
  return Object.entries(tags).map(([key, value]) => ({ Key: `tag:${key}`, Values: [value] }));
}

export async function runOnFleet(ctx: HostCommandContext, hosts: HostSelector, script: ShellScript, options: RunScriptOptions & RateControl = {}): Promise<HostResult[]> {
  return withSecretReferences(ctx, script, options, async (refs) => {
    if (!('instanceIds' in hosts)) return sendOne(ctx, { Targets: targetsOf(hosts.tags) }, script, options, refs);
    const results: HostResult[] = [];
    const ids = [...hosts.instanceIds];
    for (let i = 0; i < ids.length; i += INSTANCE_IDS_PER_COMMAND) {
      const batch = ids.slice(i, i + INSTANCE_IDS_PER_COMMAND);
      const answered = await sendOne(ctx, { InstanceIds: batch }, script, options, refs);
      results.push(...answered);
      // SSM stopped this batch for too many errors: the next batches are not sent either.
      if (answered.some((r) => r.status.startsWith('Cancelled'))) {
        results.push(...ids.slice(i + INSTANCE_IDS_PER_COMMAND).map((instanceId) => ({ instanceId, status: 'NotSent', exitCode: -1, stdout: '', stderr: 'Not sent: an earlier batch of this command reached MaxErrors.', commandId: '' })));
        break;
      }
    }
    return results;
  });
}

type Addressing = { InstanceIds: string[] } | { Targets: { Key: string; Values: string[] }[] };

async function sendOne(ctx: HostCommandContext, to: Addressing, script: ShellScript, options: RunScriptOptions & RateControl, refs: Record<string, SecretReference>): Promise<HostResult[]> {
  const { GetCommandInvocationCommand, ListCommandInvocationsCommand, ListCommandsCommand, SendCommandCommand } = await ssmCommands();
  const rate = {
    ...(options.maxConcurrency ? { MaxConcurrency: options.maxConcurrency } : {}),
    ...(options.maxErrors ? { MaxErrors: options.maxErrors } : {}),
  };
  const send = () => ctx.aws.ssm.send(new SendCommandCommand({ ...commandRequest(ctx, script, options, refs), ...to, ...rate }));
  const sent = options.probe ? await asProbe(send) : await send();
  const commandId = sent.Command?.CommandId;
  if (!commandId) throw new Error(`SSM accepted ${script.name} but returned no command id.`);
  const timeout = options.timeoutSeconds ?? 600;

  await waitFor(ctx, {
    what: `${script.name} on ${'InstanceIds' in to ? `${to.InstanceIds.length} instances` : 'the tagged instances'}`,
    initialDelay: 1,
    minDelay: 1,
    maxDelay: 10,
    // Each wave of MaxConcurrency instances may take the execution timeout; SSM times invocations out itself.
    maxWait: (timeout + 600) * Math.max(1, Math.ceil(('InstanceIds' in to ? to.InstanceIds.length : INSTANCE_IDS_PER_COMMAND) / concurrencyOf(options.maxConcurrency))),
    poll: async () => {
      const { Commands } = await ctx.aws.ssm.send(new ListCommandsCommand({ CommandId: commandId }));
      const command = Commands?.[0];
      const status = command?.Status ?? 'Pending';
      if (COMMAND_FINISHED.has(status)) return { done: true, value: undefined };
      return { done: false, status: `${status}, ${command?.CompletedCount ?? 0} of ${command?.TargetCount ?? '?'} instances finished` };
    },
  });

  const ids = 'InstanceIds' in to ? to.InstanceIds : await invokedInstances(ctx, commandId, ListCommandInvocationsCommand);
  return pMap(
    ids,
    async (instanceId) => {
      const inv = await ctx.aws.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }));
      return { instanceId, ...invocationResult(ctx, script, instanceId, commandId, inv) };
    },
    { concurrency: READS_IN_FLIGHT },
  );
}

/** The instances SSM resolved a tag target to, from the command's invocations. */
async function invokedInstances(ctx: HostCommandContext, commandId: string, List: Awaited<ReturnType<typeof ssmCommands>>['ListCommandInvocationsCommand']): Promise<string[]> {
  const ids: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ctx.aws.ssm.send(new List({ CommandId: commandId, MaxResults: 50, ...(NextToken ? { NextToken } : {}) }));
    ids.push(...(page.CommandInvocations ?? []).flatMap((i) => (i.InstanceId ? [i.InstanceId] : [])));
    NextToken = page.NextToken;
  } while (NextToken);
  return ids.sort();
}

/** SSM's default MaxConcurrency is 50; a share counts as 1 wave per that share. */
function concurrencyOf(maxConcurrency: string | undefined): number {
  if (!maxConcurrency) return 50;
  if (maxConcurrency.endsWith('%')) return Math.max(1, Math.floor((Number(maxConcurrency.slice(0, -1)) / 100) * INSTANCE_IDS_PER_COMMAND));
  return Number(maxConcurrency);
}
