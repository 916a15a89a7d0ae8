/**
 * Run a script on an instance through SSM Run Command and wait for its result.
 * This replaces every ssh session of the source procedures: port 22 stays shut.
 */
import { GetCommandInvocationCommand, SendCommandCommand } from './sdk/ssm.js';
import { asProbe } from './call-context.js';
import { hasErrorName } from './errors.js';
import { renderScript, scriptOutput, wrapForRunShellScript, type ShellScript } from './shell.js';
import type { AwsSession } from './session.js';
import { waitFor, type WaitContext } from './wait.js';

/** What sending a command needs to know of the step that sends it. */
export interface HostCommandContext extends WaitContext {
  readonly aws: AwsSession;
  readonly runbookId: string;
  readonly stepId: string;
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
  const timeout = options.timeoutSeconds ?? 600;
  const send = () =>
    ctx.aws.ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [instanceId],
        Parameters: { commands: [wrapForRunShellScript(renderScript(script))], executionTimeout: [String(timeout)] },
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
