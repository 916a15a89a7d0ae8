/**
 * `ssm.script`: make something true on an instance with a script sent through
 * SSM Run Command. A read-only probe answers "already true?" (exit 0 yes,
 * exit 1 no); the script runs only when the probe says no, and the probe must
 * say yes afterwards. Both are idempotent on the host.
 */
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import type { ShellScript } from '../../aws/shell.js';
import { outputTail, runScript, type ScriptResult } from '../../aws/ssm-run.js';

export interface ScriptInput {
  instanceId: string;
  probe: ShellScript;
  script: ShellScript;
  timeoutSeconds?: number;
}

export type ScriptOutputs = Record<string, never>;

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

function lastLine(result: ScriptResult): string {
  return outputTail(result, 1) || `${result.status}`;
}

const kind: StepKind<ScriptInput, ScriptOutputs> = {
  async check(ctx, input) {
    const p = await probe(ctx, input.instanceId, input.probe);
    if (p.holds) return { done: true, outputs: {}, evidence: [outputTail(p, 10)] };
    return { done: false, reason: lastLine(p), evidence: [outputTail(p, 10)] };
  },
  plan(input) {
    const secrets = Object.keys(input.script.secrets ?? {});
    const send = {
      service: 'ssm',
      operation: 'SendCommand',
      input: { DocumentName: 'AWS-RunShellScript', InstanceIds: [input.instanceId], script: input.script.name, vars: input.script.vars, ...(secrets.length ? { secretsByReference: secrets } : {}) },
    };
    if (!secrets.length) return [send];
    // The secret's value is in no plan: only where it waits for the host, and for how long.
    return [
      ...secrets.map((name) => ({ service: 'ssm', operation: 'PutParameter', input: { Name: `/runbook/<run>/<step>/${name.toLowerCase()}`, Type: 'SecureString', Value: '(secret)' }, note: `${name}, for the host to read` })),
      send,
      ...secrets.map((name) => ({ service: 'ssm', operation: 'DeleteParameter', input: { Name: `/runbook/<run>/<step>/${name.toLowerCase()}` }, note: 'once the command has finished' })),
    ];
  },
  async apply(ctx, input) {
    const result = await runScript(ctx, input.instanceId, input.script, { timeoutSeconds: input.timeoutSeconds ?? 900 });
    if (result.exitCode !== 0)
      throw new ScriptFailedError(`${input.script.name} failed on ${input.instanceId} (${result.status}, exit ${result.exitCode}):\n${outputTail(result)}`);
    return {};
  },
};

export { kind as scriptKind };
