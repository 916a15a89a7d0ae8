/** What a simulated script returns, and the handler type every runbook's scripts implement. */
import type { Instance, RegionState } from '../account/state.js';
import type { HostState } from './model.js';

export interface ScriptOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Simulated seconds the script runs before its result shows. */
  durationSeconds: number;
}

export interface ScriptEnv {
  /** Epoch ms when the command arrived. */
  now: number;
  /** The host of a running instance at this private address, as the network would reach it. */
  peer?: (privateIp: string) => HostState | undefined;
  /** The region and the instance the host belongs to, for scripts that reach AWS resources (an NFS mount of EFS). */
  network?: { region: RegionState; regionName: string; instance: Instance };
}

export type ScriptHandler = (host: HostState, vars: Record<string, string>, env: ScriptEnv) => ScriptOutcome;

/** Output lines end with a newline, like a shell's. */
export function outcome(exitCode: number, stdout: string[], stderr: string[] = [], durationSeconds = 1): ScriptOutcome {
  const text = (lines: string[]) => (lines.length ? `${lines.join('\n')}\n` : '');
  return { exitCode, stdout: text(stdout), stderr: text(stderr), durationSeconds };
}
