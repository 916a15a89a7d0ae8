/**
 * The planner: a pure function from a runbook definition and its parameter
 * values to the steps to run, their dependencies and their order. No AWS, no
 * files: `runbook show`, the executor and the tests all start here.
 */
import { createHash } from 'node:crypto';
import { dataDependenciesOf, dependenciesOf, isOutputCondition, type Step } from '../model/step.js';
import { type RunbookDefinition } from '../model/runbook.js';
import type { ParamSpec } from '../model/params.js';
import { describeValue, refsOf } from '../model/refs.js';
import { UsageError } from '../../core/errors.js';

export interface PlannedStep {
  step: Step;
  /** Steps whose outputs or completion this one waits for. */
  deps: string[];
  /** Why the step will not run (its condition is false, or it needs a skipped step). */
  skip?: string;
  /** Before `--from`: only checked (must already be done), never applied. */
  checkOnly?: boolean;
}

export interface ExecutionPlan {
  runbookId: string;
  definitionHash: string;
  /** In a valid execution order; declaration order breaks ties. */
  steps: PlannedStep[];
}

/**
 * The value of each count parameter (`param.count`): the one given when its
 * own schema accepts it, its default otherwise (`show`, `check`, or a value
 * that validation is about to refuse with its own sentence).
 */
export function stepCounts(def: RunbookDefinition, params: Record<string, unknown> = {}): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [name, spec] of Object.entries(def.params)) {
    if (!spec.countsSteps) continue;
    const parsed = params[name] === undefined ? undefined : spec.schema.safeParse(params[name]);
    counts[name] = (parsed?.success ? parsed.data : spec.default) as number;
  }
  return counts;
}

/** The steps as the definition declares them for these values, unchecked (`check` lists their problems itself). */
export function declaredSteps(def: RunbookDefinition, params: Record<string, unknown> = {}): Step[] {
  return def.steps(refsOf<Record<string, unknown>>('params') as never, stepCounts(def, params) as never);
}

/** The steps of a runbook as declared for these parameter values (parameters stay refs; only counts shape the graph). */
export function instantiateSteps(def: RunbookDefinition, params: Record<string, unknown> = {}): Step[] {
  const steps = declaredSteps(def, params);
  const seen = new Set<string>();
  for (const s of steps) {
    if (seen.has(s.id)) throw new Error(`Runbook ${def.id} declares step ${s.id} twice.`);
    seen.add(s.id);
  }
  for (const s of steps)
    for (const d of dependenciesOf(s))
      if (!seen.has(d)) throw new Error(`Step ${s.id} of runbook ${def.id} reads step ${d}, which the runbook does not declare.`);
  return steps;
}

/**
 * Order steps so each comes after its dependencies; ties keep declaration
 * order. Kahn's algorithm with the ready steps in a heap by declaration
 * index: O((steps + edges) log steps), so ten thousand steps plan in
 * milliseconds.
 */
export function orderSteps(steps: Step[]): Step[] {
  const index = new Map(steps.map((s, i) => [s.id, i]));
  const waitingOn = steps.map(() => 0);
  const dependents: number[][] = steps.map(() => []);
  steps.forEach((s, i) => {
    for (const d of dependenciesOf(s)) {
      waitingOn[i]! += 1;
      dependents[index.get(d)!]!.push(i);
    }
  });
  const ready = new MinHeap();
  waitingOn.forEach((n, i) => n === 0 && ready.push(i));
  const ordered: Step[] = [];
  while (ready.size > 0) {
    const next = ready.pop();
    ordered.push(steps[next]!);
    for (const j of dependents[next]!) if ((waitingOn[j]! -= 1) === 0) ready.push(j);
  }
  if (ordered.length < steps.length)
    throw new Error(`Steps ${steps.filter((_, i) => waitingOn[i]! > 0).map((s) => s.id).join(', ')} depend on each other in a cycle.`);
  return ordered;
}

/** The smallest index first. */
class MinHeap {
  private readonly items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  push(value: number): void {
    const a = this.items;
    a.push(value);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= a[i]!) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }
  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** A hash of everything that defines what the steps do; a resume refuses a changed one. */
export function definitionHash(def: RunbookDefinition, steps: Step[]): string {
  const shape = {
    id: def.id,
    params: Object.keys(def.params).sort(),
    steps: steps.map((s) => ({
      id: s.id,
      kind: s.kind,
      covers: s.covers,
      after: s.after,
      when: s.when?.describe,
      input: describeValue(s.input),
    })),
  };
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 16);
}

export interface PlanOptions {
  /** Start at this step: earlier steps are only checked. */
  from?: string;
}

export function planRun(def: RunbookDefinition, params: Record<string, unknown>, options: PlanOptions = {}): ExecutionPlan {
  const steps = orderSteps(instantiateSteps(def, params));
  if (options.from && !steps.some((s) => s.id === options.from))
    throw new UsageError(`--from ${options.from}: runbook ${def.id} has no such step (see "runbook show ${def.id}").`);

  const skipped = new Set<string>();
  const planned: PlannedStep[] = [];
  let reachedFrom = options.from === undefined;
  for (const step of steps) {
    if (step.id === options.from) reachedFrom = true;
    const deps = dependenciesOf(step);
    let skip: string | undefined;
    if (step.when && !isOutputCondition(step.when) && !step.when.test(params)) skip = `Skipped: runs only when ${step.when.describe}.`;
    else {
      // Only a step whose outputs it reads can take a step down with it; `after` just orders.
      const skippedDep = dataDependenciesOf(step).find((d) => skipped.has(d));
      if (skippedDep) skip = `Skipped: needs step ${skippedDep}, which is skipped.`;
    }
    if (skip) skipped.add(step.id);
    planned.push({ step, deps, ...(skip ? { skip } : {}), ...(!reachedFrom ? { checkOnly: true } : {}) });
  }
  return { runbookId: def.id, definitionHash: definitionHash(def, steps), steps: planned };
}

/** The parameter specs as `runbook show` lists them. */
export function describeParams(specs: Record<string, ParamSpec>): { name: string; description: string; expected: string; default?: unknown; optional: boolean; requiredWhen?: string; secret: boolean }[] {
  return Object.entries(specs).map(([name, s]) => ({
    name,
    description: s.description,
    expected: s.expected,
    ...(s.default !== undefined ? { default: s.default } : {}),
    optional: s.optional === true || s.default !== undefined,
    ...(s.requiredWhen ? { requiredWhen: s.requiredWhen.describe } : {}),
    secret: s.secret === true,
  }));
}
