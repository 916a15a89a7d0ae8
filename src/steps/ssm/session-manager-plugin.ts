/**
 * `ssm.sessionManagerPlugin`: the Session Manager plugin is installed on this
 * machine (every SSM session and the SSH ProxyCommand need it). Read-only.
 * When it is missing the step fails with what to install; in the sandbox,
 * whose sessions are simulated, it says so and passes.
 */
import { type StepKind } from '../../engine/model/step.js';
import { findPlugin, INSTALL_HINT, PLUGIN_COMMAND, pluginVersion } from '../../aws/session-manager-plugin.js';

export type SessionManagerPluginInput = Record<never, never>;

export interface SessionManagerPluginOutputs {
  /** The plugin's path, or '' in the sandbox when it is not installed. */
  path: string;
}

const kind: StepKind<SessionManagerPluginInput, SessionManagerPluginOutputs> = {
  async check(ctx) {
    const path = findPlugin();
    if (path) return { done: true, outputs: { path }, evidence: [`${PLUGIN_COMMAND} ${await pluginVersion(path)} at ${path}`] };
    if (ctx.aws.sandbox)
      return {
        done: true,
        outputs: { path: '' },
        evidence: [`[sandbox] ${PLUGIN_COMMAND} is not on the PATH. The sandbox simulates sessions, so this rehearsal does not need it; a real account does. ${INSTALL_HINT}`],
      };
    return { done: false, reason: `${PLUGIN_COMMAND} was not found on the PATH. ${INSTALL_HINT}` };
  },
  plan: () => [],
};

export { kind as sessionManagerPluginKind };
