/**
 * Run a script on an instance through SSM Run Command and wait for its result.
 * This replaces every ssh session of the source procedures: port 22 stays shut.
 */
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
  const secrets = Object.entries(script.secrets ?? {});
  if (!secrets.length) return sendAndWait(ctx, instanceId, script, options);
  const { DeleteParameterCommand, PutParameterCommand } = await ssmCommands();
  if (options.probe) throw new Error(`Probe ${script.name} may not take secrets: a probe only reads.`);
  const refs: Record<string, SecretReference> = {};
  for (const [name, value] of secrets) {
    const parameter = secretParameterName(ctx, name);
    await ctx.aws.ssm.send(new PutParameterCommand({ Name: parameter, Type: 'SecureString', Value: value, Overwrite: true, Description: `runbook ${ctx.runbookId} ${ctx.stepId}: read once by the host, then deleted` }));
    refs[name] = { parameter, region: ctx.aws.region ?? '' };
  }
  try {
    return await sendAndWait(ctx, instanceId, script, options, refs);
  } finally {
    // The secret lives as long as the command: gone whether the script succeeded or not.
    for (const ref of Object.values(refs))
      await ctx.aws.ssm.send(new DeleteParameterCommand({ Name: ref.parameter })).catch((err: unknown) => {
        if (!hasErrorName(err, 'ParameterNotFound')) throw err;
      });
  }
}

/** SSM's SDK loads when a command is first sent, not when a step that might send one is defined or planned. */
const ssmCommands = () => import('./sdk/ssm.js');

async function sendAndWait(ctx: HostCommandContext, instanceId: string, script: ShellScript, options: RunScriptOptions, refs: Record<string, SecretReference> = {}): Promise<ScriptResult> {
  const { GetCommandInvocationCommand, SendCommandCommand } = await ssmCommands();
  const timeout = options.timeoutSeconds ?? 600;
  const send = () =>
    ctx.aws.ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [instanceId],
        Parameters: { commands: [wrapForRunShellScript(renderScript(script, refs))], executionTimeout: [String(timeout)] },
        Comment: `runbook ${ctx.runbookId} ${ctx.stepId}${options.probe ? ' probe' : ''}`.slice(0, 100),
        TimeoutSeconds: 600,
      }),
    );
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
        const stdout = scriptOutput(inv.StandardOutputContent ?? '');
        if (stdout === undefined && RAN.has(status))
          throw new ScriptNotRunError(
            `SSM answered ${status} for ${script.name} on ${instanceId} (command ${commandId}), but the output lacks the line the script prints before anything else: the script did not run there${ctx.aws.endpointUrl ? ` (${ctx.aws.endpointUrl} answers commands without running them)` : ''}.`,
          );
        return {
          done: true,
          value: {
            status,
            exitCode: inv.ResponseCode ?? (status === 'Success' ? 0 : -1),
            stdout: stdout ?? '',
            stderr: inv.StandardErrorContent ?? '',
            commandId,
          },
        };
      } catch (err) {
        // The invocation becomes visible a moment after SendCommand answers.
        if (hasErrorName(err, 'InvocationDoesNotExist')) return { done: false, status: 'not visible yet' };
        throw err;
      }
    },
  });
}

/** The last lines of a command's output, for an error message or evidence. */
export function outputTail(result: ScriptResult, lines = 20): string {
  const text = [result.stdout.trimEnd(), result.stderr.trimEnd()].filter(Boolean).join('\n');
  return text.split('\n').slice(-lines).join('\n');
}
