/**
 * The simulation a sandbox run uses: the runbook's own (`simulation.ts`, loaded
 * only here), plus a stand-in for each script the runbook declares
 * unsimulated, which fails the step with the declared reason.
 */
import type { RunbookDefinition } from '../../engine/model/runbook.js';
import { declaredSteps } from '../../engine/plan/planner.js';
import { scriptsOfSteps } from '../../engine/model/scripts.js';
import { defineSimulation, isRunbookSimulation, NO_SIMULATION, outcome, simulate, type RunbookSimulation } from './simulation.js';

export async function simulationOf(def: RunbookDefinition): Promise<RunbookSimulation> {
  const own = def.simulation ? (await def.simulation()).default : NO_SIMULATION;
  if (!isRunbookSimulation(own)) throw new Error(`The simulation of runbook ${def.id} does not export defineSimulation(...) as its default.`);
  const declaredUnsimulated = scriptsOfSteps(declaredSteps(def)).filter((s) => s.unsimulated && !own.handlers.has(s.name));
  if (!declaredUnsimulated.length) return own;
  return defineSimulation(
    own,
    ...declaredUnsimulated.map((s) => simulate(s, () => outcome(127, [], [`sandbox: ${s.name} is not simulated: ${s.unsimulated}`], 0.5))),
  );
}
