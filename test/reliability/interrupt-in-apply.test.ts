/**
 * Interrupted inside every step's apply: for every runbook, the run stopped
 * right after AWS accepted each step's first write and resumed ends with the
 * account of one uninterrupted run: no twin, nothing missing.
 */
import { describe, expect, it } from 'vitest';
import { inPool } from './harness.js';
import { baseline, BUDGET_MS, interruptAndResume, LONGEST_FIRST, writers } from './interruption.js';

// The runbooks side by side (each run has its own state dir and account): a run mostly waits on the simulated clock.
describe.concurrent.each(LONGEST_FIRST)('$runbook interrupted inside an apply', (scenario) => {
  it("resumes after a stop inside every step's apply, right after AWS accepted its first write", { timeout: BUDGET_MS[scenario.runbook] }, async () => {
    const { fingerprint: expected, state } = await baseline(scenario);
    const steps = writers(state);
    expect(steps.length).toBeGreaterThan(0);
    await inPool(steps, 4, (stepId) => interruptAndResume(scenario, (e) => e.kind === 'write' && e.call.stepId === stepId, expected));
  });
});
