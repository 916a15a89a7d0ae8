/**
 * Run a script on an instance through SSM Run Command and wait for its result.
 * This replaces every ssh session of the source procedures: port 22 stays shut.
 */
import type { GetCommandInvocationCommandOutput } from '@aws-sdk/client-ssm';
import { asProbe } from './call-context.js';
import { hasErrorName } from './errors.js';
import { renderScript, scriptOutput, wrapForRunShellScript, type SecretReference, type ShellScript } from './shell.js';
import type { AwsSession } from './session.js';
import { waitFor, type WaitContext } from './wait.js';

/** What sending a command needs to know of the step that sends it. */
export interface HostCommandContext extends WaitContext {
  readonly aws: AwsSession;
  readonly runId: string;
  readonly runbookId: string;
  readonly stepId: string;
}

/** Where a step's secret waits for its host: under the run, so an operator sees whose it is. */
export function secretParameterName(ctx: HostCommandContext, name: string): string {
  return `/runbook/${ctx.runId}/${ctx.stepId}/${name.toLowerCase().replace(/_/g, '-')}`;
}

export interface ScriptResult {
  status: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  commandId: string;
}

const TERMINAL = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut', 'Undeliverable', 'Terminated', 'DeliveryTimedOut', 'ExecutionTimedOut', 'InvalidPlatform', 'AccessDenied']);

/** The command came back finished, but the script never ran on the host. */
export class ScriptNotRunError extends Error {
  override name = 'ScriptNotRun';
}

/** Statuses with which the agent ran the script: its output must begin with the start line. */
const RAN = new Set(['Success', 'Failed']);

export interface RunScriptOptions {
  /** A read-only probe: recorded as a read and allowed in a dry-run. */
  probe?: boolean;
  timeoutSeconds?: number;
}

export async function runScript(ctx: HostCommandContext, instanceId: string, script: ShellScript, options: RunScriptOptions = {}): Promise<ScriptResult> {
  return withSecretReferences(ctx, script, options, (refs) => sendAndWait(ctx, instanceId, script, options, refs));
}

/**
 * A script's secrets go to its hosts by reference: each is a SecureString
 * under the run for as long as the command runs, deleted whether it
 * succeeded or not, so no value is in the command SSM records.
 */
export async function withSecretReferences<T>(ctx: HostCommandContext, script: ShellScript, options: RunScriptOptions, send: (refs: Record<string, SecretReference>) => Promise<T>): Promise<T> {
  const secrets = Object.entries(script.secrets ?? {});
  if (!secrets.length) return send({});
  if (options.probe) throw new Error(`Probe ${script.name} may not take secrets: a probe only reads.`);
  const { DeleteParameterCommand, PutParameterCommand } = await ssmCommands();
  const refs: Record<string, SecretReference> = {};
  for (const [name, value] of secrets) {
    const parameter = secretParameterName(ctx, name);
    await ctx.aws.ssm.send(new PutParameterCommand({ Name: parameter, Type: 'SecureString', Value: value, Overwrite: true, Description: `runbook ${ctx.runbookId} ${ctx.stepId}: read once by the host, then deleted` }));
    refs[name] = { parameter, region: ctx.aws.region ?? '' };
  }
  try {
    return await send(refs);
  } finally {
    for (const ref of Object.values(refs))
      await ctx.aws.ssm.send(new DeleteParameterCommand({ Name: ref.parameter })).catch((err: unknown) => {
        if (!hasErrorName(err, 'ParameterNotFound')) throw err;
      });
  }
}

/** SSM's SDK loads when a command is first sent, not when a step that might send one is defined or planned. */
export const ssmCommands = () => import('./sdk/ssm.js');

/** The AWS-RunShellScript parameters and comment every command of a step carries. */
export function commandRequest(ctx: HostCommandContext, script: ShellScript, options: RunScriptOptions, refs: Record<string, SecretReference>) {
  const timeout = options.timeoutSeconds ?? 600;
  return {
    DocumentName: 'AWS-RunShellScript',
    Parameters: { commands: [wrapForRunShellScript(renderScript(script, refs))], executionTimeout: [String(timeout)] },
    Comment: `runbook ${ctx.runbookId} ${ctx.stepId}${options.probe ? ' probe' : ''}`.slice(0, 100),
    TimeoutSeconds: 600,
  };
}

async function sendAndWait(ctx: HostCommandContext, instanceId: string, script: ShellScript, options: RunScriptOptions, refs: Record<string, SecretReference>): Promise<ScriptResult> {
  const { GetCommandInvocationCommand, SendCommandCommand } = await ssmCommands();
  const timeout = options.timeoutSeconds ?? 600;
  const send = () => ctx.aws.ssm.send(new SendCommandCommand({ ...commandRequest(ctx, script, options, refs), InstanceIds: [instanceId] }));
  const sent = options.probe ? await asProbe(send) : await send();
  const commandId = sent.Command?.CommandId;
  if (!commandId) throw new Error(`SSM accepted ${script.name} on ${instanceId} but returned no command id.`);
  return waitFor(ctx, {
    what: `${script.name} on ${instanceId}`,
    // An invocation is not visible the instant SendCommand answers, and no script finishes that fast.
    initialDelay: 1,
    minDelay: 1,
    maxDelay: 5,
    maxWait: timeout + 60,
    poll: async () => {
      try {
        const inv = await ctx.aws.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }));
        const status = inv.Status ?? 'Pending';
        if (!TERMINAL.has(status)) return { done: false, status };
        return { done: true, value: invocationResult(ctx, script, instanceId, commandId, inv) };
      } catch (err) {
        // The invocation becomes visible a moment after SendCommand answers.
        if (hasErrorName(err, 'InvocationDoesNotExist')) return { done: false, status: 'not visible yet' };
        throw err;
      }
    },
  });
}

/** A finished invocation as a result; one that says it ran but lacks the start line did not run the script. */
export function invocationResult(ctx: HostCommandContext, script: ShellScript, instanceId: string, commandId: string, inv: Pick<GetCommandInvocationCommandOutput, 'Status' | 'ResponseCode' | 'StandardOutputContent' | 'StandardErrorContent' | 'StatusDetails'>): ScriptResult {
  const status = inv.Status ?? 'Pending';
  const stdout = scriptOutput(inv.StandardOutputContent ?? '');
  if (stdout === undefined && RAN.has(status))
    throw new ScriptNotRunError(
      `SSM answered ${status} for ${script.name} on ${instanceId} (command ${commandId}), but the output lacks the line the script prints before anything else: the script did not run there${ctx.aws.endpointUrl ? ` (${ctx.aws.endpointUrl} answers commands without running them)` : ''}.`,
    );
  return {
    status: inv.StatusDetails && inv.StatusDetails !== status && !RAN.has(status) ? `${status} (${inv.StatusDetails})` : status,
    exitCode: inv.ResponseCode ?? (status === 'Success' ? 0 : -1),
    stdout: stdout ?? '',
    stderr: inv.StandardErrorContent ?? '',
    commandId,
  };
}

/** Whether an invocation's status is final. */
export function isFinished(status: string): boolean {
  return TERMINAL.has(status);
}

/** The last lines of a command's output, for an error message or evidence. */
export function outputTail(result: ScriptResult, lines = 20): string {
  const text = [result.stdout.trimEnd(), result.stderr.trimEnd()].filter(Boolean).join('\n');
  return text.split('\n').slice(-lines).join('\n');
}
