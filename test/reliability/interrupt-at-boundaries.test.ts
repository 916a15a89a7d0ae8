/**
 * Interrupted at every step boundary: for every runbook, the run stopped
 * after each step (as Ctrl-C does) and resumed ends with the account of one
 * uninterrupted run. Every shipped runbook must have a scenario.
 */
import { describe, expect, it } from 'vitest';
import { SHIPPED, shippedRunbook } from '../../runbooks/index.js';
import { instantiateSteps } from '../../src/engine/plan/planner.js';
import { inPool } from './harness.js';
import { activeSteps, baseline, BUDGET_MS, interruptAndResume, LONGEST_FIRST, SCENARIOS } from './interruption.js';

describe('every shipped runbook has a reliability scenario', () => {
  it.each(SHIPPED.map((r) => r.id))('%s', (id) => {
    expect(SCENARIOS.map((s) => s.runbook)).toContain(id);
  });
});

// The runbooks side by side (each run has its own state dir and account): a run mostly waits on the simulated clock.
describe.concurrent.each(LONGEST_FIRST)('$runbook interrupted at a step boundary', (scenario) => {
  it('resumes after a stop at every step boundary to the account of one uninterrupted run', { timeout: BUDGET_MS[scenario.runbook] }, async () => {
    const { fingerprint: expected } = await baseline(scenario);
    const all = await activeSteps(scenario);
    await inPool(all.slice(0, -1), 4, (stepId) => interruptAndResume(scenario, (e) => e.kind === 'step-done' && e.stepId === stepId, expected));
  });

  it('declares a definition whose step ids the suite can address', async () => {
    const def = await shippedRunbook(scenario.runbook);
    for (const s of scenario.crashSteps ?? []) expect(instantiateSteps(def).map((x) => x.id)).toContain(s);
  });
});
