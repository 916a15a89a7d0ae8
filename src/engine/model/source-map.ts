/**
 * From the numbered steps of a source procedure to the runbook steps and
 * decisions that cover them: the table in each runbook's README.
 */
import type { AnyStep } from './step.js';
import type { RunbookDefinition } from './runbook.js';

/** `3-9` -> 3..9; anything else (`21b`, `todo-1`) is one label. */
export function expandCovers(covers: readonly string[]): string[] {
  return covers.flatMap((c) => {
    const m = /^(\d+)-(\d+)$/.exec(c);
    if (!m) return [c];
    const [from, to] = [Number(m[1]), Number(m[2])];
    return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
  });
}

export interface SourceRow {
  sourceStep: string;
  steps: string[];
  decisions: string[];
}

export function sourceMap(def: RunbookDefinition, steps: AnyStep[]): SourceRow[] {
  const rows = new Map(def.source.steps.map((s) => [s, { sourceStep: s, steps: [] as string[], decisions: [] as string[] }]));
  const at = (label: string, where: string) => {
    const row = rows.get(label);
    if (!row) throw new Error(`${where} covers source step ${label}, which ${def.source.procedure} does not have.`);
    return row;
  };
  for (const step of steps) for (const label of expandCovers(step.covers)) at(label, `Step ${step.id}`).steps.push(step.id);
  for (const d of def.decisions ?? [])
    for (const label of expandCovers(d.covers.split(',').map((s) => s.trim()))) at(label, `A decision`).decisions.push(d.decision);
  return [...rows.values()];
}

/** Source steps that neither a step nor a decision covers: a runbook defect. */
export function uncoveredSourceSteps(def: RunbookDefinition, steps: AnyStep[]): string[] {
  return sourceMap(def, steps)
    .filter((r) => r.steps.length === 0 && r.decisions.length === 0)
    .map((r) => r.sourceStep);
}
