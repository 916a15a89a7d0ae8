/**
 * Runs a script received through SSM on a simulated host: the script's first
 * lines name it (`# runbook-script: <runbook>/<name>`) and carry its variables;
 * a handler per name applies the effect. A script nobody simulates fails with
 * 127, never a fake success.
 */
import { parseScript } from '../../aws/shell.js';
import type { HostState } from './model.js';
import type { ScriptEnv, ScriptHandler, ScriptOutcome } from './outcome.js';
import { efsSharedDocumentsScripts } from '../../../runbooks/efs-shared-documents/simulation.js';
import { lampStorageScripts } from '../../../runbooks/shared/ebs-simulation.js';
import { lampSwarmScripts } from '../../../runbooks/lamp-swarm-node/simulation.js';
import { redisSessionsScripts } from '../../../runbooks/redis-sessions/simulation.js';

const handlers: Record<string, ScriptHandler> = { ...redisSessionsScripts, ...lampStorageScripts, ...lampSwarmScripts, ...efsSharedDocumentsScripts };

export function simulatedScriptNames(): string[] {
  return Object.keys(handlers).sort();
}

export function runOnHost(host: HostState, text: string, env: ScriptEnv): ScriptOutcome & { name: string } {
  const parsed = parseScript(text);
  const name = parsed?.name ?? '(unnamed)';
  const handler = parsed ? handlers[parsed.name] : undefined;
  if (!parsed || !handler) return { name, exitCode: 127, stdout: '', stderr: `sandbox: no simulation for script ${name}\n`, durationSeconds: 0.5 };
  return { name, ...handler(host, parsed.vars, env) };
}
