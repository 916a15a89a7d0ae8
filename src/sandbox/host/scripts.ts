/**
 * Runs a script received through SSM (or a deployment hook) on a simulated
 * host: the script's first lines name it (`# runbook-script: <name>`) and
 * carry its values; the run's simulation applies the effect. A script nobody
 * simulates fails with exit 127 and says so, never a fake success.
 */
import { parseScript } from '../../aws/shell.js';
import type { HostState } from './model.js';
import type { RunbookSimulation, ScriptEnv, ScriptOutcome } from './simulation.js';

export function runOnHost(host: HostState, text: string, env: ScriptEnv, simulation: RunbookSimulation): ScriptOutcome & { name: string } {
  const parsed = parseScript(text);
  const name = parsed?.name ?? '(unnamed)';
  const handler = parsed ? simulation.handlers.get(parsed.name) : undefined;
  if (!parsed || !handler)
    return { name, exitCode: 127, stdout: '', stderr: `sandbox: script ${name} has no simulation, so it cannot be rehearsed here\n`, durationSeconds: 0.5 };
  // Secrets passed by reference: read from Parameter Store, as the script's first lines do on a real host.
  const vars = { ...parsed.vars };
  for (const [key, ref] of Object.entries(parsed.secretRefs)) {
    const value = env.parameter?.(ref.parameter);
    if (value === undefined)
      return { name, exitCode: 254, stdout: '', stderr: `An error occurred (ParameterNotFound) when calling the GetParameter operation: Parameter ${ref.parameter} not found.\n`, durationSeconds: 1 };
    vars[key] = value;
  }
  return { name, ...handler(host, vars, env) };
}
