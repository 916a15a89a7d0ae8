/**
 * `ssm.script`: make something true on an instance, or on each instance of a
 * fleet, with a script sent through SSM Run Command. A read-only probe
 * answers "already true?" (exit 0 yes, exit 1 no); the script runs only
 * where the probe says no, and the probe must say yes afterwards. Both are
 * idempotent on the host, so a resume re-runs the script only on the
 * instances that had not succeeded.
 */
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import type { ShellScript } from '../../aws/shell.js';
import { runOnFleet, type HostResult } from '../../aws/ssm-fleet.js';
import { outputTail, runScript, type ScriptResult } from '../../aws/ssm-run.js';
import { addressing, hostDetail, hostsOf, listInstances, probeHosts, ran, type Hosts, type HostsInput } from './hosts.js';

export interface ScriptInput extends HostsInput {
  probe: ShellScript;
  script: ShellScript;
  timeoutSeconds?: number;
}

export type ScriptOutputs = Record<string, never>;

/** The instances of a fleet whose probe said no: the only ones the script goes to. */
export interface ScriptFound {
  instanceIds: string[];
}

export class ScriptFailedError extends Error {
  override name = 'ScriptFailed';
}

/** Run a probe: exit 0 = true, exit 1 = false; anything else is an error on the host. */
export async function probe(ctx: StepContext, instanceId: string, script: ShellScript): Promise<ScriptResult & { holds: boolean }> {
  const result = await runScript(ctx, instanceId, script, { probe: true, timeoutSeconds: 120 });
  if (result.exitCode !== 0 && result.exitCode !== 1)
    throw new ScriptFailedError(`Probe ${script.name} failed on ${instanceId} (exit ${result.exitCode}):\n${outputTail(result)}`);
  return { ...result, holds: result.exitCode === 0 };
}

/** `:` and the output's tail on the next lines, when there is output. */
function withOutput(result: ScriptResult): string {
  const tail = outputTail(result);
  return tail ? `:\n${tail}` : '.';
}

function lastLine(result: ScriptResult): string {
  return outputTail(result, 1) || `${result.status}`;
}

/** A probe on every instance of a fleet; an instance where it could not answer yes or no fails the check. */
async function probeFleet(ctx: StepContext, hosts: Hosts, script: ShellScript): Promise<{ holding: HostResult[]; pending: HostResult[] }> {
  const results = await probeHosts(ctx, hosts, script);
  const broken = results.filter((r) => !ran(r) || (r.exitCode !== 0 && r.exitCode !== 1));
  for (const r of broken) ctx.host(r.instanceId, { status: 'failed', detail: `probe ${hostDetail(r)}` });
  if (broken.length)
    throw new ScriptFailedError(`Probe ${script.name} failed on ${listInstances(broken.map((r) => r.instanceId))} of ${results.length} instances (${hostDetail(broken[0]!)})${withOutput(broken[0]!)}`);
  const holding = results.filter((r) => r.exitCode === 0);
  const pending = results.filter((r) => r.exitCode === 1);
  for (const r of holding) ctx.host(r.instanceId, { status: 'ok', detail: outputTail(r, 1) });
  for (const r of pending) ctx.host(r.instanceId, { status: 'pending', detail: lastLine(r) });
  return { holding, pending };
}

const kind: StepKind<ScriptInput, ScriptOutputs, ScriptFound> = {
  async check(ctx, input) {
    const hosts = hostsOf('ssm.script', input);
    if ('one' in hosts) {
      const p = await probe(ctx, hosts.one, input.probe);
      if (p.holds) return { done: true, outputs: {}, evidence: [outputTail(p, 10)] };
      return { done: false, reason: lastLine(p), evidence: [outputTail(p, 10)] };
    }
    const { holding, pending } = await probeFleet(ctx, hosts, input.probe);
    const total = holding.length + pending.length;
    if (!pending.length) return { done: true, outputs: {}, evidence: [`All ${total} instances: ${input.probe.name} holds.`] };
    return {
      done: false,
      reason: `Not yet on ${pending.length} of ${total} instances (${listInstances(pending.map((r) => r.instanceId))}): ${lastLine(pending[0]!)}`,
      found: { instanceIds: pending.map((r) => r.instanceId) },
      evidence: pending.slice(0, 3).map((r) => `${r.instanceId}:\n${outputTail(r, 10)}`),
    };
  },
  plan(input, found) {
    const hosts = hostsOf('ssm.script', input);
    const secrets = Object.keys(input.script.secrets ?? {});
    const send = {
      service: 'ssm',
      operation: 'SendCommand',
      input: { DocumentName: 'AWS-RunShellScript', ...addressing(hosts, found?.instanceIds), script: input.script.name, vars: input.script.vars, ...(secrets.length ? { secretsByReference: secrets } : {}) },
    };
    if (!secrets.length) return [send];
    // The secret's value is in no plan: only where it waits for the host, and for how long.
    return [
      ...secrets.map((name) => ({ service: 'ssm', operation: 'PutParameter', input: { Name: `/runbook/<run>/<step>/${name.toLowerCase()}`, Type: 'SecureString', Value: '(secret)' }, note: `${name}, for the host to read` })),
      send,
      ...secrets.map((name) => ({ service: 'ssm', operation: 'DeleteParameter', input: { Name: `/runbook/<run>/<step>/${name.toLowerCase()}` }, note: 'once the command has finished' })),
    ];
  },
  async apply(ctx, input, found) {
    const hosts = hostsOf('ssm.script', input);
    const timeoutSeconds = input.timeoutSeconds ?? 900;
    if ('one' in hosts) {
      const result = await runScript(ctx, hosts.one, input.script, { timeoutSeconds });
      if (result.exitCode !== 0) throw new ScriptFailedError(`${input.script.name} failed on ${hosts.one} (${result.status}, exit ${result.exitCode}):\n${outputTail(result)}`);
      return {};
    }
    // Only where the probe said no: SSM's rate controls apply to those.
    const targets = found?.instanceIds ?? [];
    if (!targets.length) throw new Error(`ssm.script ${input.script.name}: the check found no instance to run it on.`);
    const results = await runOnFleet(ctx, { instanceIds: targets }, input.script, { timeoutSeconds, ...hosts.rate });
    const failed = results.filter((r) => r.exitCode !== 0);
    for (const r of results) ctx.host(r.instanceId, r.exitCode === 0 ? { status: 'changed', detail: outputTail(r, 1) } : { status: 'failed', detail: hostDetail(r) });
    if (failed.length)
      throw new ScriptFailedError(
        `${input.script.name} failed on ${failed.length} of ${results.length} instances (${listInstances(failed.map((r) => `${r.instanceId} ${ran(r) ? `exit ${r.exitCode}` : r.status}`))}); a resume runs it again only there${withOutput(failed.find(ran) ?? failed[0]!)}`,
      );
    return {};
  },
};

export { kind as scriptKind };
