/**
 * Figure 2: what the engine itself costs per step, on generated runbooks whose
 * steps do nothing but their own calls (an in-process account answers at
 * once), with the state saved after every phase as in a real run. Timed at
 * 100, 1,000 and 10,000 steps (the cost must not grow with the count), and
 * with 0, 10 and 100 recorded calls per step (a step's save must cost what
 * changed, not its whole history).
 */
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { defineStepKind, type AnyStep } from '../src/engine/model/step.js';
import { defineRunbook } from '../src/engine/model/runbook.js';
import { executeRun } from '../src/engine/run/run.js';
import { StateStore } from '../src/engine/state/state-store.js';
import { GetCallerIdentityCommand } from '../src/aws/sdk/sts.js';
import { rehearsal } from '../src/sandbox/index.js';
import { freshStateDir } from './sandbox-run.js';

/** Not done until applied once: check, apply and verify all run, each saved; each check makes `calls` reads. */
const done = new Set<number>();
const flip = defineStepKind<{ n: number; calls: number }, { n: number }>({
  kind: 'bench.flip',
  mutating: true,
  title: (id) => id,
  check: async (ctx, input) => {
    for (let i = 0; i < input.calls; i++) await ctx.aws.sts.send(new GetCallerIdentityCommand({}));
    return done.has(input.n) ? { done: true, outputs: { n: input.n } } : { done: false, reason: 'not yet' };
  },
  plan: () => [],
  apply: async (_ctx, input) => {
    done.add(input.n);
    return { n: input.n };
  },
});

let generation = 0;

function generated(count: number, calls: number) {
  const base = ++generation * 1_000_000;
  return defineRunbook({
    id: `bench-${count}-${calls}`,
    title: `${count} generated steps`,
    summary: 'benchmark only',
    source: { file: 'none', procedure: 'none', steps: ['1'] },
    dir: tmpdir(),
    params: {},
    steps: () => {
      // A chain with side branches: each step waits for the one two before it, so steps pair up side by side.
      const steps: AnyStep[] = [];
      for (let i = 0; i < count; i++) steps.push(flip(`s${i}`, { covers: '1', n: base + i, calls, ...(i >= 2 ? { after: [steps[i - 2]!] } : {}) }));
      return steps;
    },
  });
}

export interface OverheadFigures {
  steps: number;
  callsPerStep: number;
  /** The run from call to return, its own fixed cost (lock, caller identity, first and last save) included. */
  totalMs: number;
  msPerStep: number;
  stateMsPerStep: number;
  stateWrites: number;
  /** The finished run's state file, and its bytes per recorded call. */
  stateBytes: number;
}

const ACCOUNT = { Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/bench', UserId: 'AIDABENCH' };

export async function engineOverhead(count: number, callsPerStep = 0): Promise<OverheadFigures> {
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
    const dir = freshStateDir();
    const started = performance.now();
    const result = await executeRun(
      rehearsal(generated(count, callsPerStep), dir, {
        target: { region: 'us-east-1' },
        sandbox: { open: async () => ({ backend: { region: 'us-east-1', handle: async () => ACCOUNT }, http: { get: async () => ({ status: 599, headers: {}, body: '' }) }, msPerSecond: 1 }) },
      }),
    );
    if (result.exitCode !== 0) throw new Error(`The generated runbook failed: ${result.message}`);
    const total = performance.now() - started;
    const stateBytes = statSync(new StateStore(dir).pathOf(result.runId)).size;
    return { steps: count, callsPerStep, totalMs: total, msPerStep: total / count, stateMsPerStep: stateMs / count, stateWrites: writes, stateBytes };
  } finally {
    proto.append = original.append;
    proto.save = original.save;
  }
}
