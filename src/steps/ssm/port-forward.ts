/**
 * `ssm.portForward`: a Session Manager port-forwarding session from a local
 * port to a port on the instance (AWS-StartPortForwardingSession), served by
 * the Session Manager plugin until it ends (Ctrl-C). The session's token is
 * a secret: it reaches only the plugin, through its environment. In the
 * sandbox the session is simulated: StartSession is answered, nothing is
 * spawned, no port is opened, and the step says so.
 */
import { StartSessionCommand, TerminateSessionCommand } from '../../aws/sdk/ssm.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { findPlugin, INSTALL_HINT, PLUGIN_COMMAND, pluginArgs, runPlugin } from '../../aws/session-manager-plugin.js';

export interface PortForwardInput {
  instanceId: string;
  remotePort: number;
  localPort: number;
}

/** The session's id is evidence, not an output: each run opens a new session. */
export interface PortForwardOutputs {
  /** True when the sandbox answered and nothing was spawned. */
  simulated: boolean;
}

export const PORT_FORWARDING_DOCUMENT = 'AWS-StartPortForwardingSession';

export class SessionError extends Error {
  override name = 'SessionFailed';
}

function request(input: PortForwardInput) {
  return { Target: input.instanceId, DocumentName: PORT_FORWARDING_DOCUMENT, Parameters: { portNumber: [String(input.remotePort)], localPortNumber: [String(input.localPort)] } };
}

async function terminate(ctx: StepContext, sessionId: string): Promise<void> {
  await ctx.aws.ssm.send(new TerminateSessionCommand({ SessionId: sessionId }));
}

const kind: StepKind<PortForwardInput, PortForwardOutputs> = {
  async check(_ctx, input) {
    return { done: false, reason: `A session forwarding localhost:${input.localPort} to ${input.instanceId}:${input.remotePort} is opened on each run; it lasts until Ctrl-C.` };
  },
  plan: (input) => [
    { service: 'ssm', operation: 'StartSession', input: request(input) },
    {
      service: 'local',
      operation: 'Spawn',
      input: { command: PLUGIN_COMMAND, args: pluginArgs({ request: request(input), region: '<region>' }) },
      note: 'the StartSession answer (with its token) reaches the plugin in its environment, never on the command line',
    },
  ],
  async apply(ctx, input) {
    // Checked before the session opens, so a missing plugin leaves no session behind.
    const plugin = ctx.aws.sandbox ? undefined : findPlugin();
    if (!ctx.aws.sandbox && !plugin) throw new SessionError(`${PLUGIN_COMMAND} was not found on the PATH. ${INSTALL_HINT}`);
    const started = await ctx.aws.ssm.send(new StartSessionCommand(request(input)));
    if (started.TokenValue) ctx.secret(started.TokenValue);
    const sessionId = started.SessionId;
    if (!sessionId) throw new SessionError(`StartSession answered without a session id for ${input.instanceId}.`);
    if (!plugin) {
      ctx.progress(`[sandbox] Session ${sessionId} is simulated: nothing was spawned and localhost:${input.localPort} is not open. With an AWS account, ${PLUGIN_COMMAND} would forward it to ${input.instanceId}:${input.remotePort} until Ctrl-C.`);
      await terminate(ctx, sessionId);
      return { simulated: true };
    }
    ctx.progress(`Forwarding localhost:${input.localPort} to ${input.instanceId}:${input.remotePort} (session ${sessionId}); Ctrl-C ends it.`);
    let code: number;
    try {
      code = await runPlugin(plugin, { response: started, request: request(input), region: ctx.aws.region ?? '', profile: ctx.aws.profile, endpointUrl: ctx.aws.endpointUrl }, { signal: ctx.signal, onLine: (line) => ctx.progress(line) });
    } finally {
      // The plugin ends its session on exit; terminating again is harmless and covers a plugin that died.
      await terminate(ctx, sessionId);
    }
    if (code !== 0 && !ctx.signal.aborted) throw new SessionError(`${PLUGIN_COMMAND} exited with code ${code} (session ${sessionId}).`);
    return { simulated: false };
  },
  async verify(_ctx, input, outputs) {
    const how = outputs.simulated ? 'simulated by the sandbox; nothing was spawned' : 'ended';
    return { ok: true, evidence: [`localhost:${input.localPort} -> ${input.instanceId}:${input.remotePort} (${how})`] };
  },
};

export { kind as portForwardKind };
