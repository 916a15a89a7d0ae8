/**
 * `runbook check`: is a definition sound, before anyone runs it? Every
 * problem is found and listed at once: source steps neither covered nor
 * decided, covers that name no source step, duplicate step ids, references
 * to steps or parameters that do not exist, cycles, scripts with no
 * simulation that do not say so, a rehearsal whose parameters do not parse.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { collectRefs } from '../engine/model/refs.js';
import type { RunbookDefinition } from '../engine/model/runbook.js';
import { expandCovers } from '../engine/model/source-map.js';
import { scriptsOfSteps } from '../engine/model/scripts.js';
import { dependenciesOf, type AnyStep } from '../engine/model/step.js';
import { declaredSteps, orderSteps } from '../engine/plan/planner.js';
import { resolveParams } from '../engine/model/params.js';
import { simulationOf } from '../sandbox/host/load.js';
import { isAccountSeed } from '../sandbox/account/fixtures.js';

export interface CheckReport {
  problems: string[];
  steps: number;
  sourceSteps: number;
  scripts: number;
}

function firstLine(err: unknown): string {
  return ((err as Error)?.message ?? String(err)).split('\n')[0]!;
}

export async function checkRunbook(def: RunbookDefinition): Promise<CheckReport> {
  const problems: string[] = [];
  let steps: AnyStep[] = [];
  try {
    steps = declaredSteps(def);
  } catch (err) {
    return { problems: [`Its steps cannot be built: ${firstLine(err)}`], steps: 0, sourceSteps: def.source.steps.length, scripts: 0 };
  }

  const ids = new Set<string>();
  for (const s of steps) {
    if (ids.has(s.id)) problems.push(`Step id ${s.id} is declared twice.`);
    ids.add(s.id);
  }
  for (const s of steps) {
    for (const d of dependenciesOf(s)) if (!ids.has(d)) problems.push(`Step ${s.id} reads step ${d}, which the runbook does not declare.`);
    if (s.settledBy && !ids.has(s.settledBy)) problems.push(`Step ${s.id} is settled by step ${s.settledBy}, which the runbook does not declare.`);
    for (const r of collectRefs(s.input)) if (r.source === 'params' && !(r.key in def.params)) problems.push(`Step ${s.id} reads parameter ${r.key}, which the runbook does not declare.`);
  }
  if (problems.length === 0) {
    try {
      orderSteps(steps);
    } catch (err) {
      problems.push(firstLine(err));
    }
  }

  // The source map: every numbered step covered by a step or decided, every cover a real source step.
  const source = new Set(def.source.steps);
  const covered = new Set<string>();
  if (source.size !== def.source.steps.length) problems.push('The source lists a step number twice; disambiguate repeats (21, 21b).');
  const cover = (label: string, where: string) => {
    if (!source.has(label)) problems.push(`${where} covers source step ${label}, which ${def.source.procedure} does not have.`);
    covered.add(label);
  };
  for (const s of steps) for (const label of expandCovers(s.covers)) cover(label, `Step ${s.id}`);
  for (const d of def.decisions ?? []) for (const label of expandCovers(d.covers.split(',').map((c) => c.trim()))) cover(label, 'A decision');
  const uncovered = def.source.steps.filter((l) => !covered.has(l));
  if (uncovered.length) problems.push(`Source steps ${uncovered.join(', ')} are covered by no step and no decision.`);

  // Host scripts: each simulated, or declared unsimulated with a reason.
  const scripts = scriptsOfSteps(steps);
  try {
    const simulation = await simulationOf(def);
    for (const script of scripts)
      if (!simulation.handlers.has(script.name))
        problems.push(`Script ${script.name} (${script.file}) has no sandbox simulation: add simulate(...) for it to the runbook's simulation, or declare it with unsimulated: '<why>'.`);
  } catch (err) {
    problems.push(`Its simulation cannot be loaded: ${firstLine(err)}`);
  }

  if (!existsSync(def.dir)) problems.push(`Its folder ${def.dir} does not exist.`);
  else if (!existsSync(join(def.dir, 'README.md'))) problems.push(`Its folder has no README.md (the source-step table belongs there: runbook show ${def.id} --format markdown).`);

  if (def.rehearsal) {
    try {
      resolveParams(def.params, def.rehearsal.params);
    } catch (err) {
      problems.push(`Its rehearsal's parameters are refused: ${firstLine(err)}`);
    }
    if (def.rehearsal.seed) {
      try {
        if (!isAccountSeed((await def.rehearsal.seed()).default)) problems.push("Its rehearsal's seed does not export defineAccountSeed(...) as its default.");
      } catch (err) {
        problems.push(`Its rehearsal's seed cannot be loaded: ${firstLine(err)}`);
      }
    }
  }
  return { problems, steps: steps.length, sourceSteps: def.source.steps.length, scripts: scripts.length };
}
