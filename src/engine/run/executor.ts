/**
 * The listr2 task tree of a run. Every step is a task; all tasks start at once
 * and each waits for the steps it reads from, so independent steps run side
 * by side. listr2 renders and hosts prompts; the step runner does the work and
 * the journal, not listr2, is the record of what happened.
 */
import { Writable } from 'node:stream';
import { figures, Listr, ListrDefaultRendererLogLevels, ListrLogger, ListrTaskEventType, ProcessOutput, type ListrTaskWrapper } from 'listr2';
import { titleOf } from '../model/step.js';
import type { StepState } from '../state/state.js';
import type { ExecEnv } from './exec-env.js';
import type { ExecutionPlan } from '../plan/planner.js';
import { runStep, type StepUi } from './step-runner.js';

export type RendererChoice = 'default' | 'simple' | 'silent';

export interface ExecuteOptions {
  renderer: RendererChoice;
  /** At most this many steps at once (default: every step whose inputs are ready); 1 is a one-after-another executor. */
  concurrency?: number;
  /** Progress goes to stderr so stdout stays clean for --json. */
  output?: NodeJS.WriteStream;
  /** Called when a step reaches its final status in this run. */
  onStepDone?: (stepId: string) => void;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** The line a finished step leaves on screen; it says what the state file says. */
export function stepLine(st: StepState): { done: boolean; text: string } {
  const took = st.durationMs !== undefined ? ` in ${(st.durationMs / 1000).toFixed(1)}s` : '';
  const reason = (st.reason ?? '').replace(/^(Skipped|Not attempted): /, '');
  switch (st.status) {
    case 'ok':
      return { done: true, text: `ok${took}` };
    case 'changed':
      return { done: true, text: `changed${took}` };
    case 'planned': {
      const writes = (st.plan ?? []).map((c) => `${c.service}:${c.operation}`);
      return { done: true, text: `planned (dry-run)${writes.length ? `: would call ${[...new Set(writes)].join(', ')}` : ''}` };
    }
    case 'skipped':
      return { done: false, text: reason };
    case 'manual-pending':
      return { done: false, text: `waiting for an operator (resume with --ack ${st.id})` };
    default:
      return { done: false, text: `not run: ${reason || 'not reached'}` };
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- listr2's task wrapper is generic over its renderers
type AnyTask = ListrTaskWrapper<unknown, any, any>;

function uiFor(task: AnyTask): StepUi {
  return {
    progress: (message) => {
      task.output = message;
    },
    show: (text) => {
      task.output = text;
    },
    confirm: async (message) => {
      const [{ ListrInquirerPromptAdapter }, { confirm }] = await Promise.all([import('@listr2/prompt-adapter-inquirer'), import('@inquirer/prompts')]);
      // listr2's renderer starts listening to a prompt on its next frame; a first
      // frame written before that is lost until a key is pressed. Repeat the last
      // frame until the answer comes, so the question is always on screen.
      const sink = task.stdout(ListrTaskEventType.PROMPT);
      let last: string | undefined;
      const output = new Writable({
        write(chunk, _encoding, done) {
          last = String(chunk);
          sink.write(chunk);
          done();
        },
      });
      const refresh = setInterval(() => last && sink.write(last), 200);
      const adapter = task.prompt(ListrInquirerPromptAdapter);
      try {
        return await adapter.run(confirm, { message, default: false }, { output });
      } finally {
        clearInterval(refresh);
        // The adapter cancels its prompt when the task is later skipped, and a cancelled
        // prompt shows as a success mark: forget the answered prompt, so a declined step shows as not run.
        (adapter as unknown as { prompt?: unknown }).prompt = undefined;
      }
    },
  };
}

export async function execute(plan: ExecutionPlan, env: ExecEnv, options: ExecuteOptions): Promise<void> {
  const finished = new Map(plan.steps.map((ps) => [ps.step.id, deferred()]));
  const tasks = plan.steps.map((ps) => ({
    title: `${titleOf(ps.step, env.params)} [${ps.step.id}]`,
    task: async (_ctx: unknown, task: AnyTask) => {
      const title = titleOf(ps.step, env.params);
      try {
        await Promise.all(ps.deps.map((d) => finished.get(d)!.promise));
        await runStep(ps, env, uiFor(task));
      } finally {
        finished.get(ps.step.id)!.resolve();
        options.onStepDone?.(ps.step.id);
      }
      const st = env.journal.step(ps.step.id);
      if (st.status === 'failed') throw new Error(st.error?.message ?? 'failed');
      const line = stepLine(st);
      if (!line.done) return task.skip(line.text);
      task.title = `${title} [${ps.step.id}]: ${line.text}`;
    },
  }));
  // Both of listr2's streams go to stderr: stdout is for data (--json events, reports) only.
  const out = options.output ?? process.stderr;
  const logger = () => new ListrLogger({ processOutput: new ProcessOutput(out, out) });
  const list = new Listr(tasks, {
    concurrent: options.concurrency ?? true,
    exitOnError: false,
    registerSignalListeners: false,
    renderer: options.renderer,
    fallbackRenderer: 'simple',
    // A step not run is not a warning: it shows ↓, as listr2 shows skips when it collapses them.
    rendererOptions: { collapseErrors: false, collapseSkips: false, showErrorMessage: true, logger: logger(), icon: { [ListrDefaultRendererLogLevels.SKIPPED_WITHOUT_COLLAPSE]: figures.arrowDown } },
    fallbackRendererOptions: { logger: logger() },
  });
  await list.run();
}
