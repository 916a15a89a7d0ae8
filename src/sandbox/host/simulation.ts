/**
 * How a runbook's host scripts act on a simulated host. A runbook's
 * `simulation.ts` pairs each script declaration with its effect
 * (`simulate(scripts.installDocker, (host, vars) => ...)`); the sandbox runs
 * the effect when the script's text arrives through SSM or a deployment hook.
 * Scripts are matched by the name their declaration gives them, never by a
 * string written twice.
 */
import type { HostScript } from '../../engine/model/scripts.js';
import type { HostFile, HostState } from './model.js';

export interface ScriptOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Simulated seconds the script runs before its result shows. */
  durationSeconds: number;
}

/** EFS as the host's network reaches it (mount targets, DNS, security groups). */
export interface NfsNetwork {
  /** Why this host cannot mount `source`, in mount.nfs4's words; undefined when it can. */
  unreachable(source: string): string | undefined;
  /** A file system's files by path inside it; undefined when it does not exist. */
  files(fileSystemId: string): Record<string, HostFile> | undefined;
}

export interface ScriptEnv {
  /** Epoch ms when the command arrived. */
  now: number;
  /** The host of a running instance at this private address, as the network would reach it. */
  peer?: (privateIp: string) => HostState | undefined;
  nfs?: NfsNetwork;
  /** Parameter Store as the host's instance role reads it (`aws ssm get-parameter --with-decryption`). */
  parameter?: (name: string) => string | undefined;
}

export type ScriptHandler = (host: HostState, vars: Record<string, string>, env: ScriptEnv) => ScriptOutcome;

/** Output lines end with a newline, like a shell's. */
export function outcome(exitCode: number, stdout: string[], stderr: string[] = [], durationSeconds = 1): ScriptOutcome {
  const text = (lines: string[]) => (lines.length ? `${lines.join('\n')}\n` : '');
  return { exitCode, stdout: text(stdout), stderr: text(stderr), durationSeconds };
}

const SIMULATION = Symbol.for('runbook.simulation');

/** The simulated effects of one runbook's scripts, by script name. */
export interface RunbookSimulation {
  readonly [SIMULATION]: true;
  readonly handlers: ReadonlyMap<string, ScriptHandler>;
}

export type SimulatedScript = readonly [name: string, handler: ScriptHandler];

/** The effect of one declared script. */
export function simulate(script: HostScript, handler: ScriptHandler): SimulatedScript {
  return [script.name, handler];
}

/** A runbook's simulation: its scripts' effects, and other simulations it shares (scripts of `runbooks/shared`). */
export function defineSimulation(...parts: readonly (SimulatedScript | RunbookSimulation)[]): RunbookSimulation {
  const handlers = new Map<string, ScriptHandler>();
  const add = (name: string, handler: ScriptHandler) => {
    const earlier = handlers.get(name);
    if (earlier && earlier !== handler) throw new Error(`Script ${name} is simulated twice.`);
    handlers.set(name, handler);
  };
  for (const part of parts) {
    if (isRunbookSimulation(part)) for (const [name, handler] of part.handlers) add(name, handler);
    else add(part[0], part[1]);
  }
  return { [SIMULATION]: true, handlers };
}

export function isRunbookSimulation(value: unknown): value is RunbookSimulation {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SIMULATION] === true;
}

export const NO_SIMULATION: RunbookSimulation = defineSimulation();
