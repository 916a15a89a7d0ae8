/**
 * Figure 2: what the engine itself costs per step, on generated runbooks whose
 * steps do nothing (no AWS, no latency), with the state saved after every
 * phase as in a real run. The state's share is timed separately, to show it
 * does not grow with the square of the number of steps.
 */
import { tmpdir } from 'node:os';
import { defineStepKind, type AnyStep, type StepKindSpec } from '../src/engine/model/step.js';
import { defineRunbook } from '../src/engine/model/runbook.js';
import { executeRun } from '../src/engine/run/run.js';
import { StateStore } from '../src/engine/state/state-store.js';
import { rehearsal } from '../src/sandbox/index.js';
import { freshStateDir } from './sandbox-run.js';

/** Not done until applied once: check, apply and verify all run, each saved. */
const flip: StepKindSpec<{ n: number }, { n: number }> = {
  kind: 'bench.flip',
  mutating: true,
  check: async (_ctx, input) => (done.has(input.n) ? { done: true, outputs: { n: input.n } } : { done: false, reason: 'not yet' }),
  plan: () => [],
  apply: async (_ctx, input) => {
    done.add(input.n);
    return { n: input.n };
  },
};
const done = new Set<number>();
const flipStep = defineStepKind({ ...flip, title: (id) => id });

function generated(count: number) {
  return defineRunbook({
    id: `bench-${count}`,
    title: `${count} generated steps`,
    summary: 'benchmark only',
    source: { file: 'none', procedure: 'none', steps: ['1'] },
    dir: tmpdir(),
    params: {},
    steps: () => {
      // A chain with side branches: each step reads the one two before it, so steps pair up side by side.
      const steps: AnyStep[] = [];
      for (let i = 0; i < count; i++) steps.push(flipStep(`s${i}`, { covers: '1', n: i + count * 10_000, ...(i >= 2 ? { after: [steps[i - 2]!] } : {}) }));
      return steps;
    },
  });
}

export interface OverheadFigures {
  steps: number;
  msPerStep: number;
  stateMsPerStep: number;
  stateWrites: number;
}

export async function engineOverhead(count: number): Promise<OverheadFigures> {
  let stateMs = 0;
  let writes = 0;
  const proto = StateStore.prototype as unknown as Record<'append' | 'save', (...a: unknown[]) => void>;
  const original = { append: proto.append, save: proto.save };
  for (const name of ['append', 'save'] as const)
    proto[name] = function (this: StateStore, ...args: unknown[]) {
      const t = performance.now();
      try {
        return original[name].apply(this, args);
      } finally {
        stateMs += performance.now() - t;
        writes += 1;
      }
    };
  try {
    const started = performance.now();
    const result = await executeRun(
      rehearsal(generated(count), freshStateDir(), {
        target: { region: 'us-east-1' },
        sandbox: {
          // Only the caller identity is asked of the account.
          open: async () => ({ backend: { region: 'us-east-1', handle: async () => ({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/bench' }) }, http: { get: async () => ({ status: 599, headers: {}, body: '' }) }, msPerSecond: 1 }),
        },
      }),
    );
    if (result.exitCode !== 0) throw new Error(`The generated runbook failed: ${result.message}`);
    const total = performance.now() - started;
    return { steps: count, msPerStep: total / count, stateMsPerStep: stateMs / count, stateWrites: writes };
  } finally {
    proto.append = original.append;
    proto.save = original.save;
  }
}
