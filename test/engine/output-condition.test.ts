/**
 * A step whose condition reads an earlier step's output is decided when the
 * run reaches it: false skips it and every step that reads its outputs,
 * while a step that is only ordered after it still runs.
 */
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { executeRun } from '../../src/engine/run/run.js';
import { defineRunbook } from '../../src/engine/model/runbook.js';
import { param } from '../../src/engine/model/params.js';
import { defineStepKind } from '../../src/engine/model/step.js';
import { planRun } from '../../src/engine/plan/planner.js';
import { rehearsal } from '../../src/sandbox/index.js';
import { tempStateDir } from '../helpers/cli.js';

const applied: string[] = [];

const lookup = defineStepKind<{ exists: boolean }, { exists: boolean }>({
  kind: 'test.lookup',
  mutating: false,
  check: async (_ctx, input) => ({ done: true, outputs: { exists: input.exists } }),
  plan: () => [],
});

const make = defineStepKind<{ from?: string }, { made: string }>({
  kind: 'test.make',
  mutating: true,
  check: async () => ({ done: false, reason: 'not made yet' }),
  plan: () => [{ service: 'test', operation: 'Make', input: {} }],
  apply: async (ctx) => {
    applied.push(ctx.stepId);
    return { made: ctx.stepId };
  },
  verify: async () => ({ ok: true, evidence: [] }),
});

const runbook = defineRunbook({
  id: 'output-condition-fixture',
  title: 'Output condition fixture',
  summary: 'Used by the engine tests.',
  source: { file: 'none', procedure: 'none', steps: ['1'] },
  dir: tmpdir(),
  params: { exists: param.boolean('Whether the lookup finds it', { default: false }) },
  steps: (p) => {
    const found = lookup('lookup', { covers: '1', exists: p.exists });
    const build = make('build', { covers: '1', when: { describe: 'nothing is found', output: found.out.exists, holds: (v) => v !== true } });
    const use = make('use-build', { covers: '1', from: build.out.made });
    const ordered = make('after-build', { covers: '1', after: [build] });
    return [found, build, use, ordered];
  },
});

describe('a condition on an earlier output', () => {
  it('is a data dependency, and the planner skips nothing for it', () => {
    const plan = planRun(runbook, { exists: true });
    expect(plan.steps.find((s) => s.step.id === 'build')).toMatchObject({ deps: ['lookup'] });
    expect(plan.steps.every((s) => s.skip === undefined)).toBe(true);
  });

  it('runs the step when it holds', async () => {
    applied.length = 0;
    const result = await executeRun(rehearsal(runbook, tempStateDir(), { given: { exists: 'false' } }));
    expect(result.exitCode).toBe(0);
    expect(applied.sort()).toEqual(['after-build', 'build', 'use-build']);
  });

  it('skips the step and what reads its outputs when it does not hold; a step only ordered after it runs', async () => {
    applied.length = 0;
    const result = await executeRun(rehearsal(runbook, tempStateDir(), { given: { exists: 'true' } }));
    expect(result.exitCode).toBe(0);
    const status = Object.fromEntries(result.state.steps.map((s) => [s.id, [s.status, s.reason]]));
    expect(status.build).toEqual(['skipped', 'Skipped: runs only when nothing is found.']);
    expect(status['use-build']).toEqual(['skipped', 'Skipped: needs step build, which is skipped.']);
    expect(applied).toEqual(['after-build']);
  });
});
