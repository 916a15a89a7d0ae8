/**
 * How a runbook's host scripts act on a simulated host. A runbook's
 * `simulation.ts` pairs each script declaration with its effect
 * (`simulate(scripts.installDocker, (host, vars) => ...)`); the sandbox runs
 * the effect when the script's text arrives through SSM or a deployment hook.
 * Scripts are matched by the name their declaration gives them, never by a
 * string written twice.
 */
import type { HostScript } from '../../engine/model/scripts.js';
import type { HttpResponse } from '../../io/http.js';
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

/** S3 as a host's instance role reaches it (a backup uploaded with the AWS CLI). */
export interface ObjectStore {
  /** False when the bucket does not exist. */
  put(bucket: string, key: string, body: string): boolean;
  keys(bucket: string, prefix: string): string[];
}

export interface ScriptEnv {
  /** Epoch ms when the command arrived. */
  now: number;
  /** The host of a running instance at this private address, as the network would reach it. */
  peer?: (privateIp: string) => HostState | undefined;
  nfs?: NfsNetwork;
  /** Parameter Store as the host's instance role reads it (`aws ssm get-parameter --with-decryption`). */
  parameter?: (name: string) => string | undefined;
  objects?: ObjectStore;
}

export type ScriptHandler = (host: HostState, vars: Record<string, string>, env: ScriptEnv) => ScriptOutcome;

/** Output lines end with a newline, like a shell's. */
export function outcome(exitCode: number, stdout: string[], stderr: string[] = [], durationSeconds = 1): ScriptOutcome {
  const text = (lines: string[]) => (lines.length ? `${lines.join('\n')}\n` : '');
  return { exitCode, stdout: text(stdout), stderr: text(stderr), durationSeconds };
}

const SIMULATION = Symbol.for('runbook.simulation');
const WEB = Symbol.for('runbook.simulatedWeb');

/** A request to an application a CloudFormation stack serves (its Elastic Beanstalk environment's load balancer). */
export interface WebRequest {
  url: string;
  /** The URL's path, e.g. `/openemr/interface/login/login.php`. */
  path: string;
  headers: Record<string, string>;
  /** The stack that serves it, and the parameters it was created with (empty behind a load balancer). */
  app: { stackName: string; parameters: Record<string, string> };
  /** Behind a load balancer: the healthy instance's host that answers. */
  host?: HostState;
}

/** What the application answers; undefined: not this handler's page. */
export type WebHandler = (request: WebRequest) => HttpResponse | undefined;

/** The simulated effects of one runbook's scripts, by script name, and the pages of the applications its stacks serve. */
export interface RunbookSimulation {
  readonly [SIMULATION]: true;
  readonly handlers: ReadonlyMap<string, ScriptHandler>;
  readonly web: readonly WebHandler[];
}

export type SimulatedScript = readonly [name: string, handler: ScriptHandler];

export interface SimulatedWeb {
  readonly [WEB]: true;
  readonly handler: WebHandler;
}

/** The pages an application answers, when a stack the run creates serves one (a login page). */
export function simulateWeb(handler: WebHandler): SimulatedWeb {
  return { [WEB]: true, handler };
}

function isSimulatedWeb(value: unknown): value is SimulatedWeb {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[WEB] === true;
}

/** The effect of one declared script. */
export function simulate(script: HostScript, handler: ScriptHandler): SimulatedScript {
  return [script.name, handler];
}

/** A runbook's simulation: its scripts' effects, and other simulations it shares (scripts of `runbooks/shared`). */
export function defineSimulation(...parts: readonly (SimulatedScript | RunbookSimulation | SimulatedWeb)[]): RunbookSimulation {
  const handlers = new Map<string, ScriptHandler>();
  const web: WebHandler[] = [];
  const add = (name: string, handler: ScriptHandler) => {
    const earlier = handlers.get(name);
    if (earlier && earlier !== handler) throw new Error(`Script ${name} is simulated twice.`);
    handlers.set(name, handler);
  };
  for (const part of parts) {
    if (isRunbookSimulation(part)) {
      for (const [name, handler] of part.handlers) add(name, handler);
      web.push(...part.web);
    } else if (isSimulatedWeb(part)) web.push(part.handler);
    else add(part[0], part[1]);
  }
  return { [SIMULATION]: true, handlers, web };
}

export function isRunbookSimulation(value: unknown): value is RunbookSimulation {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SIMULATION] === true;
}

export const NO_SIMULATION: RunbookSimulation = defineSimulation();
