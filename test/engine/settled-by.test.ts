/**
 * A step settled by a later one (a builder's steps by its image): once the
 * run has recorded both done, a resume keeps the step's record and outputs
 * without checking it again.
 */
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { checkRunbook } from '../../src/authoring/check.js';
import { executeRun } from '../../src/engine/run/run.js';
import { defineRunbook } from '../../src/engine/model/runbook.js';
import { defineStepKind } from '../../src/engine/model/step.js';
import { rehearsal } from '../../src/sandbox/index.js';
import { tempStateDir } from '../helpers/cli.js';

const checked: string[] = [];
let builderGone = false;

const builder = defineStepKind<object, { id: string }>({
  kind: 'test.builder',
  mutating: true,
  check: async (ctx) => {
    checked.push(ctx.stepId);
    return builderGone ? { done: false, reason: 'the builder is gone' } : { done: true, outputs: { id: 'b-1' } };
  },
  plan: () => [],
});

const imageKind = defineStepKind<object, Record<string, never>>({
  kind: 'test.image',
  mutating: true,
  check: async (ctx) => {
    checked.push(ctx.stepId);
    return { done: true, outputs: {} };
  },
  plan: () => [],
});

const fails = defineStepKind<{ from: string }, Record<string, never>>({
  kind: 'test.last',
  mutating: false,
  check: async () => (builderGone ? { done: true, outputs: {} } : { done: false, reason: 'not yet' }),
  plan: () => [],
});

const runbook = defineRunbook({
  id: 'settled-by-fixture',
  title: 'Settled-by fixture',
  summary: 'Used by the engine tests.',
  source: { file: 'none', procedure: 'none', steps: ['1'] },
  dir: tmpdir(),
  params: {},
  steps: () => {
    const made = builder('builder', { covers: '1', settledBy: 'image' });
    const image = imageKind('image', { covers: '1', after: [made] });
    const last = fails('last', { covers: '1', from: made.out.id, after: [image] });
    return [made, image, last];
  },
});

describe('settledBy', () => {
  it('keeps the record and outputs of a step whose settling step the run recorded done, without checking it again', async () => {
    const dir = tempStateDir();
    builderGone = false;
    const first = await executeRun(rehearsal(runbook, dir));
    expect(first.exitCode).toBe(1);
    checked.length = 0;
    // The image step is recorded done; the builder is gone by design: its record stands, and 'last' reads its output.
    builderGone = true;
    const resumed = await executeRun(rehearsal(runbook, dir, { resumeRunId: first.runId }));
    expect(resumed.exitCode, resumed.message).toBe(0);
    expect(checked).toEqual(['image']);
    expect(resumed.state.steps.find((s) => s.id === 'builder')).toMatchObject({ status: 'ok', outputs: { id: 'b-1' } });
  });

  it('must name a step of the runbook: check says so', async () => {
    const typo = { ...runbook, steps: () => [builder('builder', { covers: '1', settledBy: 'imgae' })] };
    expect((await checkRunbook(typo)).problems).toContain('Step builder is settled by step imgae, which the runbook does not declare.');
  });
});
