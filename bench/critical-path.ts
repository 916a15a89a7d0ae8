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
 * contention that slows the parallel run cannot flatter it. Each is a median
 * (see pathFigures).
 */
import { dependenciesOf } from '../src/engine/model/step.js';
import type { RunbookDefinition } from '../src/engine/model/runbook.js';
import { instantiateSteps } from '../src/engine/plan/planner.js';
import type { RunState } from '../src/engine/state/state.js';
import { median, medianBy } from './median.js';
import { freshStateDir, prepareAccount, sandboxRun } from './sandbox-run.js';

export interface PathFigures {
  /** The ordinary run, from call to return. */
  parallelWallMs: number;
  /** The one-after-another run, from call to return. */
  serialWallMs: number;
  criticalPathMs: number;
  /** How many serial and parallel pairs the medians are of. */
  pairs: number;
  /** The shortest and longest critical path and parallel wall time over the pairs: how much the runbook's own work varies. */
  range: { criticalPathMs: [number, number]; parallelWallMs: [number, number] };
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

/** Longest over shortest critical path beyond which a runbook's own work is said to vary. */
export const VARIES = 1.25;

function extent(values: number[]): [number, number] {
  return [Math.min(...values), Math.max(...values)];
}

/**
 * Interleaved pairs of runs, and the median of each figure: a step whose own
 * work varies from run to run (a new RSA key takes a varying search for its
 * primes) does not decide the ratio by the luck of one draw. Five pairs for a
 * runbook that rehearses in under two seconds, three for the longer ones; a
 * short runbook whose critical path still varies by more than a quarter gets
 * eleven, so the median is not one draw either.
 */
export async function pathFigures(def: RunbookDefinition): Promise<PathFigures> {
  // Once untimed: loading the step kinds and SDK clients is a cost of the process, not of either run.
  const short = (await timedRun(def)).wallMs < 2000;
  const serials: { wallMs: number; critical: { ms: number; path: string[] } }[] = [];
  const parallels: number[] = [];
  const pair = async () => {
    const serial = await timedRun(def, 1);
    serials.push({ wallMs: serial.wallMs, critical: criticalPath(def, serial.state) });
    parallels.push((await timedRun(def)).wallMs);
  };
  for (let i = 0; i < (short ? 5 : 3); i++) await pair();
  const [shortest, longest] = extent(serials.map((s) => s.critical.ms));
  if (short && longest / shortest > VARIES) while (serials.length < 11) await pair();
  const critical = medianBy(serials, (s) => s.critical.ms).critical;
  const serialWallMs = median(serials.map((s) => s.wallMs));
  const parallelWallMs = median(parallels);
  return {
    parallelWallMs,
    serialWallMs,
    criticalPathMs: critical.ms,
    pairs: serials.length,
    range: { criticalPathMs: extent(serials.map((s) => s.critical.ms)), parallelWallMs: extent(parallels) },
    ratio: parallelWallMs / critical.ms,
    speedup: serialWallMs / parallelWallMs,
    path: critical.path,
  };
}
