/**
 * Real processes: a SIGKILL right after AWS accepted a create, before the run
 * state could record its answer (the resume must find the resource by its
 * token or tags, not make a twin), and a real Ctrl-C (SIGINT).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readState, tempStateDir, sandboxAccount } from '../helpers/cli.js';
import { baselineOf, fingerprint, inPool, runChild, runInProcess } from './harness.js';
import { SCENARIOS } from './scenarios.js';

const paramArgs = (given: Record<string, unknown>) => Object.entries(given).flatMap(([k, v]) => ['--param', `${k}=${String(v)}`]);
const runIdIn = (stateDir: string, runbook: string, text: string) => /runs\/([^/\s]+)\.json/.exec(text)?.[1] ?? latestRun(stateDir, runbook);

/** A killed process prints nothing: its run is the newest state of its runbook (a setup may have made others). */
function latestRun(stateDir: string, runbook: string): string {
  return readdirSync(`${stateDir}/runs`).filter((f) => f.startsWith(`${runbook}-`) && f.endsWith('.json')).sort().at(-1)!.slice(0, -5);
}

describe.concurrent.each(SCENARIOS.filter((s) => s.crashSteps?.length))('$runbook killed right after AWS accepted a create', (scenario) => {
  // Runbooks run side by side here, each killing a process per step: the budget grows with the steps.
  it(`the resume adopts what the dead process created (${scenario.crashSteps!.join(', ')})`, { timeout: 60_000 + scenario.crashSteps!.length * 20_000 }, async () => {
    const { fingerprint: expected } = await baselineOf(scenario, () => tempStateDir('crash-baseline-'));
    await inPool(scenario.crashSteps!, 4, async (stepId) => {
      const dir = tempStateDir('crash-');
      await scenario.setup?.(dir);
      const acks = scenario.acks.flatMap((a) => ['--ack', a]);
      const killed = await runChild(['run', scenario.runbook, '--sandbox', '--non-interactive', '--state-dir', dir, ...paramArgs(scenario.given), ...acks], {
        env: { RUNBOOK_SANDBOX_FAULTS: JSON.stringify({ crashAfter: { stepId } }) },
      });
      expect(killed.signal, `${stepId}: ${killed.stderr}`).toBe('SIGKILL');
      const runId = runIdIn(dir, scenario.runbook, killed.stderr);
      const recorded = readState(dir, runId);
      // The state never heard the answer: the step is not recorded as done.
      expect(['pending', 'failed'], stepId).toContain(recorded.steps.find((s) => s.id === stepId)?.status);

      const resumed = await runInProcess({ scenario, stateDir: dir, resumeRunId: runId });
      expect(resumed.exitCode, `${stepId}: ${resumed.message}`).toBe(0);
      expect(fingerprint(sandboxAccount(dir)), stepId).toEqual(expected);
    });
  });
});

describe('a real Ctrl-C', () => {
  it('finishes the current call, saves the state, exits 130, and the resume completes', async () => {
    const scenario = SCENARIOS[0]!;
    const dir = tempStateDir('sigint-');
    // Ctrl-C once the run is under way (its instance launched), not after a fixed time the run may beat.
    const interrupted = await runChild(['run', scenario.runbook, '--sandbox', '--non-interactive', '--state-dir', dir, ...paramArgs(scenario.given)], {
      onStart: (pid) => {
        const poll = setInterval(() => {
          const runs = existsSync(join(dir, 'runs')) ? readdirSync(join(dir, 'runs')).filter((f) => f.endsWith('.json')) : [];
          const started = runs.some((f) => {
            const steps = (() => {
              try {
                return readState(dir, f.slice(0, -5)).steps;
              } catch {
                return [];
              }
            })();
            return steps.some((s) => s.id === 'launch-instance' && s.status === 'changed');
          });
          if (started) {
            clearInterval(poll);
            process.kill(pid, 'SIGINT');
          }
        }, 20);
        setTimeout(() => clearInterval(poll), 60_000);
      },
    });
    expect(interrupted.code, interrupted.stderr).toBe(130);
    expect(interrupted.stderr).toMatch(/Interrupted/);
    const runId = runIdIn(dir, scenario.runbook, interrupted.stderr);
    const state = readState(dir, runId);
    expect(state.status).toBe('interrupted');
    const resumed = await runInProcess({ scenario, stateDir: dir, resumeRunId: runId });
    expect(resumed.exitCode, resumed.message).toBe(0);
  });
});
