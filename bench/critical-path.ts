/**
 * Figure 1: does the engine run independent steps side by side, and at what
 * cost? Two runs of each runbook in fresh sandbox accounts:
 *
 * - a one-after-another run (concurrency 1): nothing competes, so each step's
 *   duration there is its own cost, and the longest chain of dependent steps
 *   weighted by those durations is the critical path;
 * - the ordinary run, timed from the call to its return (setup, state, the
 *   caller-identity check included).
 *
 * The ratio compares the second's wall time to the first's critical path, so
 * contention that slows the parallel run cannot flatter it.
 */
import { dependenciesOf } from '../src/engine/model/step.js';
import type { RunbookDefinition } from '../src/engine/model/runbook.js';
import { instantiateSteps } from '../src/engine/plan/planner.js';
import type { RunState } from '../src/engine/state/state.js';
import { freshStateDir, prepareAccount, sandboxRun } from './sandbox-run.js';

export interface PathFigures {
  /** The ordinary run, from call to return. */
  parallelWallMs: number;
  /** The one-after-another run, from call to return. */
  serialWallMs: number;
  criticalPathMs: number;
  ratio: number;
  speedup: number;
  path: string[];
}

/** The longest chain of dependent steps, each weighted by its duration in `state`. */
export function criticalPath(def: RunbookDefinition, state: RunState): { ms: number; path: string[] } {
  const steps = new Map(instantiateSteps(def).map((s) => [s.id, s]));
  const duration = new Map(state.steps.map((s) => [s.id, s.durationMs ?? 0]));
  const longest = new Map<string, { ms: number; path: string[] }>();
  const walk = (id: string): { ms: number; path: string[] } => {
    const known = longest.get(id);
    if (known) return known;
    const before = dependenciesOf(steps.get(id)!).map(walk).sort((a, b) => b.ms - a.ms)[0] ?? { ms: 0, path: [] };
    const result = { ms: before.ms + (duration.get(id) ?? 0), path: [...before.path, id] };
    longest.set(id, result);
    return result;
  };
  return [...steps.keys()].map(walk).sort((a, b) => b.ms - a.ms)[0]!;
}

async function timedRun(def: RunbookDefinition, concurrency?: number): Promise<{ wallMs: number; state: RunState }> {
  const dir = freshStateDir();
  await prepareAccount(def, dir);
  const started = performance.now();
  const result = await sandboxRun(def, dir, { given: def.rehearsal?.params ?? {}, ...(concurrency ? { concurrency } : {}) });
  const wallMs = performance.now() - started;
  if (result.exitCode !== 0) throw new Error(`${def.id}: ${result.message}`);
  return { wallMs, state: result.state };
}

export async function pathFigures(def: RunbookDefinition): Promise<PathFigures> {
  // Once untimed: loading the step kinds and SDK clients is a cost of the process, not of either run.
  await timedRun(def);
  const serial = await timedRun(def, 1);
  const parallel = await timedRun(def);
  const critical = criticalPath(def, serial.state);
  return {
    parallelWallMs: parallel.wallMs,
    serialWallMs: serial.wallMs,
    criticalPathMs: critical.ms,
    ratio: parallel.wallMs / critical.ms,
    speedup: serial.wallMs / parallel.wallMs,
    path: critical.path,
  };
}
