/**
 * Figure 1: a run's wall time against its critical path (the longest chain of
 * dependent steps, each weighted by its own duration) and against the sum of
 * all steps (what a one-after-another executor would take).
 */
import type { RunState } from '../src/engine/state/state.js';
import { dependenciesOf } from '../src/engine/model/step.js';
import { type RunbookDefinition } from '../src/engine/model/runbook.js';
import { instantiateSteps } from '../src/engine/plan/planner.js';

export interface PathFigures {
  wallMs: number;
  criticalPathMs: number;
  sequentialMs: number;
  ratio: number;
  path: string[];
}

export function pathFigures(def: RunbookDefinition, state: RunState): PathFigures {
  const steps = instantiateSteps(def);
  const byId = new Map(state.steps.map((s) => [s.id, s]));
  const duration = (id: string) => byId.get(id)?.durationMs ?? 0;
  const longest = new Map<string, { ms: number; path: string[] }>();
  const walk = (id: string): { ms: number; path: string[] } => {
    const known = longest.get(id);
    if (known) return known;
    const step = steps.find((s) => s.id === id)!;
    const before = dependenciesOf(step).map(walk).sort((a, b) => b.ms - a.ms)[0] ?? { ms: 0, path: [] };
    const result = { ms: before.ms + duration(id), path: [...before.path, id] };
    longest.set(id, result);
    return result;
  };
  const critical = steps.map((s) => walk(s.id)).sort((a, b) => b.ms - a.ms)[0]!;
  const starts = state.steps.filter((s) => s.startedAt).map((s) => Date.parse(s.startedAt!));
  const ends = state.steps.filter((s) => s.finishedAt && s.startedAt).map((s) => Date.parse(s.finishedAt!));
  const wallMs = Math.max(...ends) - Math.min(...starts);
  const sequentialMs = state.steps.reduce((n, s) => n + (s.durationMs ?? 0), 0);
  return { wallMs, criticalPathMs: critical.ms, sequentialMs, ratio: wallMs / critical.ms, path: critical.path };
}
