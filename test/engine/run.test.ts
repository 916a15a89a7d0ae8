/**
 * The run orchestration on a fixture runbook in the sandbox: parameters,
 * missing values, manual steps, secrets and definition drift.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeRun, type RunRequest } from '../../src/engine/run/run.js';
import { UsageError } from '../../src/core/errors.js';
import type { RunbookDefinition } from '../../src/engine/model/runbook.js';
import { rehearsal } from '../../src/sandbox/index.js';
import { tempStateDir } from '../helpers/cli.js';
import { fixtureRunbook } from '../helpers/fixture-runbook.js';

function request(stateDir: string, overrides: Partial<RunRequest> = {}): RunRequest {
  return rehearsal(fixtureRunbook, stateDir, overrides);
}

describe('executeRun', () => {
  it('reports every missing parameter at once, exits 3 before any AWS call, and the resume continues', async () => {
    const dir = tempStateDir();
    const first = await executeRun(request(dir));
    expect(first.exitCode).toBe(3);
    expect(first.status).toBe('needs-operator');
    expect(first.message).toMatch(/Missing parameters: owner .*size /);
    expect(first.state.calls).toEqual([]);
    expect(first.state.steps.flatMap((s) => s.calls)).toEqual([]);

    const resumed = await executeRun(request(dir, { resumeRunId: first.runId, given: { owner: 'ops', size: '3' }, acks: ['sign-off'] }));
    expect(resumed.exitCode).toBe(0);
    expect(resumed.state.params).toMatchObject({ owner: 'ops', size: 3 });
  });

  it('refuses a bad value with a UsageError naming the parameter, before creating any state', async () => {
    const dir = tempStateDir();
    await expect(executeRun(request(dir, { given: { owner: 'ops', size: '11' } }))).rejects.toThrow(/Parameter size: expected a whole number from 1 to 10, got '11'/);
    await expect(executeRun(request(dir, { given: { ownr: 'ops' } }))).rejects.toThrow(/Unknown parameter ownr: did you mean owner\?/);
    await expect(executeRun(request(dir, { given: { owner: 'a;rm -rf /', size: '1' } }))).rejects.toBeInstanceOf(UsageError);
  });

  it('never writes a secret parameter to the state file', async () => {
    const dir = tempStateDir();
    const secret = 'hunter2-very-secret';
    const result = await executeRun(request(dir, { given: { owner: 'ops', size: '2', token: secret }, acks: ['sign-off'] }));
    expect(result.exitCode).toBe(0);
    const text = readFileSync(join(dir, 'runs', `${result.runId}.json`), 'utf8');
    expect(text).not.toContain(secret);
    expect(result.state.params.token).toBe('(secret)');
  });

  it('shows the manual instructions with parameter values and stops at the step', async () => {
    const dir = tempStateDir();
    const result = await executeRun(request(dir, { given: { owner: 'ops-team', size: '2' } }));
    expect(result.exitCode).toBe(3);
    const step = result.state.steps.find((s) => s.id === 'sign-off')!;
    expect(step.status).toBe('manual-pending');
    expect(step.evidence.join('')).toContain('Ask ops-team to sign off.');
  });

  it('refuses to resume a run whose runbook changed, unless forced', async () => {
    const dir = tempStateDir();
    const first = await executeRun(request(dir, { given: { owner: 'ops', size: '2' } }));
    const changed: RunbookDefinition = { ...fixtureRunbook, steps: (p, counts) => fixtureRunbook.steps(p, counts).slice(0, 1) };
    await expect(executeRun(request(dir, { runbook: changed, resumeRunId: first.runId }))).rejects.toThrow(/has changed since run .* began.*--force/);
    const forced = await executeRun(request(dir, { runbook: changed, resumeRunId: first.runId, force: true }));
    expect(forced.exitCode).toBe(0);
  });

  it('ends with exit 4 and one sentence when another process takes the lock over mid-run, and writes nothing more', async () => {
    const dir = tempStateDir();
    const before = process.env.RUNBOOK_LOCK_STALE_MS;
    process.env.RUNBOOK_LOCK_STALE_MS = '2000';
    let stateAtLoss = '';
    let path = '';
    try {
      const result = await executeRun(
        request(dir, {
          given: { owner: 'ops', size: '2' },
          operator: {
            interactive: false,
            confirmStep: async () => true,
            askParams: async () => ({}),
            // While the operator reads the instructions, another process takes the run over.
            manualStep: async () => {
              path = readdirSync(join(dir, 'runs')).find((f) => f.endsWith('.json'))!;
              rmSync(join(dir, 'runs', `${path}.lock`), { recursive: true, force: true });
              await new Promise((r) => setTimeout(r, 1500));
              stateAtLoss = readFileSync(join(dir, 'runs', path), 'utf8') + readFileSync(join(dir, 'runs', path.replace(/\.json$/, '.journal')), 'utf8');
              return true;
            },
          },
        }),
      );
      expect(result.exitCode).toBe(4);
      expect(result.message).toMatch(/^The lock on run .* was taken over by another process \(.+\)\. This process stopped and wrote nothing more; see what the other one did with "runbook status .*"\.$/);
      expect(readFileSync(join(dir, 'runs', path), 'utf8') + readFileSync(join(dir, 'runs', path.replace(/\.json$/, '.journal')), 'utf8')).toBe(stateAtLoss);
    } finally {
      if (before === undefined) delete process.env.RUNBOOK_LOCK_STALE_MS;
      else process.env.RUNBOOK_LOCK_STALE_MS = before;
    }
  });

  it('exits 130 when Ctrl-C leaves steps to resume, and 0 when it comes after every step is done', async () => {
    const dir = tempStateDir();
    const early = new AbortController();
    const stopped = await executeRun(request(dir, { given: { owner: 'ops', size: '2' }, acks: ['sign-off'], signal: early.signal, onEvent: (e) => e.event === 'step' && e.id === 'network' && early.abort() }));
    expect(stopped.exitCode).toBe(130);
    expect(stopped.state.steps.find((s) => s.id === 'sign-off')?.status).toBe('pending');

    const late = new AbortController();
    const done = await executeRun(request(tempStateDir(), { given: { owner: 'ops', size: '2' }, acks: ['sign-off'], signal: late.signal, onEvent: (e) => e.event === 'step' && e.id === 'sign-off' && late.abort() }));
    expect(done.exitCode).toBe(0);
    expect(done.status).toBe('succeeded');
  });
});
