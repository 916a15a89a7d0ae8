/**
 * What a runbook is: its procedure, parameters and steps, the decisions
 * recorded where it does not do what the procedure says, and how it
 * rehearses in the sandbox. Everything `list`, `show` and `check` need is
 * here, so reading a definition loads no AWS SDK.
 */
import type { ParamSpec, ParamValues } from './params.js';
import type { RefsOf } from './refs.js';
import type { AnyStep } from './step.js';

export interface SourceProcedure {
  /** The procedure document, e.g. `000_5ca29d32c4f75b96.txt` or `wiki/restore.md`. */
  file: string;
  /** The procedure's heading in that document. */
  procedure: string;
  /** Every numbered step of the source in its order, duplicates disambiguated (`21b`). */
  steps: readonly string[];
}

/** A source step that no runbook step performs, and why. */
export interface Decision {
  covers: string;
  decision: string;
}

/** A run that succeeds in a fresh sandbox account, after the runs it needs. */
export interface Rehearsal {
  params: Record<string, unknown>;
  /** Manual steps the rehearsal acknowledges, as `--ack` would. */
  acks?: readonly string[];
  /** Runs made first in the same account (a node before the runbooks that act on it), by runbook id. */
  before?: readonly { runbook: string; params: Record<string, unknown> }[];
  /**
   * What the sandbox account already holds that no run makes (the backups a
   * production stack has been taking): `() => import('./sandbox-seed.js')`,
   * whose default export comes from `defineAccountSeed`. Loaded only in the
   * sandbox, applied once per account, before the first run.
   */
  seed?: () => Promise<{ default: unknown }>;
}

/** The values of a runbook's `param.count` parameters, by name. */
export type StepCounts<P extends Record<string, ParamSpec> = Record<string, ParamSpec>> = { readonly [K in keyof P]: number };

export interface RunbookDefinition<P extends Record<string, ParamSpec> = Record<string, ParamSpec>> {
  id: string;
  title: string;
  summary: string;
  source: SourceProcedure;
  params: P;
  /**
   * The steps, from refs to the parameters; `counts` holds the value of each
   * `param.count` (a fleet's size), the one thing the step graph may depend on.
   */
  steps: (params: RefsOf<ParamValues<P>>, counts: StepCounts<P>) => AnyStep[];
  decisions?: readonly Decision[];
  /** Rules across parameters; answers with the one sentence to show, or undefined. */
  validate?: (params: Record<string, unknown>) => string | undefined;
  /** Absolute path of the runbook's folder (templates, scripts, README): `runbookDir(import.meta.url)`. */
  dir: string;
  /** How it rehearses in the sandbox: what the reliability suite, the bench and `rehearse()` run. */
  rehearsal?: Rehearsal;
  /**
   * The simulated effect of its host scripts in the sandbox, loaded only
   * there: `() => import('./simulation.js')`, whose default export comes
   * from `defineSimulation`.
   */
  simulation?: () => Promise<{ default: unknown }>;
}

/** Typed while it is written; the engine holds every runbook as the erased type. */
export function defineRunbook<P extends Record<string, ParamSpec>>(def: RunbookDefinition<P>): RunbookDefinition {
  return def as unknown as RunbookDefinition;
}
