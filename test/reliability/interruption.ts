/**
 * Interrupted anywhere: stop a run at a moment, resume it, and demand the
 * account of one uninterrupted run, with every output recorded before the
 * stop still in the state. Shared by the two interruption suites (at step
 * boundaries, inside applies), which are two files so that they run side by side.
 */
import { expect } from 'vitest';
import { shippedRunbook } from '../../runbooks/index.js';
import { planRun } from '../../src/engine/plan/planner.js';
import { resolveParams } from '../../src/engine/model/params.js';
import type { RunState } from '../../src/engine/state/state.js';
import { tempStateDir, sandboxAccount } from '../helpers/cli.js';
import { baselineOf, fingerprint, runInProcess } from './harness.js';
import { SCENARIOS, type Scenario } from './scenarios.js';

export { SCENARIOS };

export const baseline = (scenario: Scenario) => baselineOf(scenario, () => tempStateDir('baseline-'));

/** Steps that will run (not skipped) with the scenario's parameters. */
export async function activeSteps(scenario: Scenario): Promise<string[]> {
  const def = await shippedRunbook(scenario.runbook);
  const plan = planRun(def, resolveParams(def.params, scenario.given).values);
  return plan.steps.filter((s) => !s.skip).map((s) => s.step.id);
}

/** Steps that sent an AWS write in an uninterrupted run. */
export function writers(state: RunState): string[] {
  return state.steps.filter((s) => s.calls.some((c) => c.mutating && c.sent)).map((s) => s.id);
}

function doneOutputs(state: RunState): Record<string, Record<string, unknown>> {
  return Object.fromEntries(state.steps.filter((s) => s.status === 'ok' || s.status === 'changed').map((s) => [s.id, s.outputs]));
}

export async function interruptAndResume(scenario: Scenario, when: Parameters<typeof runInProcess>[0]['interruptWhen'], expected: Record<string, number>) {
  const dir = tempStateDir('interrupt-');
  await scenario.setup?.(dir);
  const stopped = await runInProcess({ scenario, stateDir: dir, interruptWhen: when });
  if (stopped.exitCode === 0) {
    // The stop came when every step had finished anyway (steps run side by side): nothing to resume.
    expect(stopped.state.steps.every((s) => ['ok', 'changed', 'skipped'].includes(s.status))).toBe(true);
    expect(fingerprint(sandboxAccount(dir))).toEqual(expected);
    return;
  }
  expect(stopped.exitCode, stopped.message).toBe(130);
  expect(stopped.status).toBe('interrupted');
  const before = doneOutputs(stopped.state);
  const resumed = await runInProcess({ scenario, stateDir: dir, resumeRunId: stopped.runId });
  expect(resumed.exitCode, resumed.message).toBe(0);
  expect(fingerprint(sandboxAccount(dir))).toEqual(expected);
  const after = doneOutputs(resumed.state);
  for (const [id, outputs] of Object.entries(before)) expect(after[id], `outputs of ${id}`).toEqual(outputs);
}

/**
 * Each interruption is a run and its resume: a runbook with more steps is given more time, not fewer stops.
 * A hang detector, not a timing goal: the suites run several runbooks side by side, each slowing the others.
 */
export const BUDGET_MS: Record<string, number> = Object.fromEntries(await Promise.all(SCENARIOS.map(async (s) => [s.runbook, 60_000 + (await activeSteps(s)).length * 4_000] as const)));

/** The scenarios with the most steps first, so the longest do not start last when the suites run them side by side. */
export const LONGEST_FIRST: Scenario[] = [...SCENARIOS].sort((a, b) => BUDGET_MS[b.runbook]! - BUDGET_MS[a.runbook]!);
