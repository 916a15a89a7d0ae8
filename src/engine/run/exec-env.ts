/**
 * Everything a run shares between its steps: the state journal, outputs held
 * in memory (secret ones only there), the stop signal, and the operator,
 * whose prompts are serialized so two steps never ask at once.
 */
import type { AwsSession } from '../../aws/session.js';
import type { CallRecord, PlannedCall } from '../../core/calls.js';
import type { HttpClient } from '../../io/http.js';
import type { Operator, PromptHost } from '../../io/operator.js';
import type { Clock } from '../../core/clock.js';
import { titleOf, type Step } from '../model/step.js';
import type { Redactor } from '../state/redactor.js';
import type { RunState, StepState } from '../state/state.js';
import type { RunStore } from '../state/run-store.js';

/** `lost-lock`: another process took the run's lock; nothing more is written. */
export type StopKind = 'failed' | 'needs-operator' | 'interrupted' | 'lost-lock';

/** The run state plus its persistence; every write is redacted. */
export class Journal {
  private readonly byId: Map<string, StepState>;

  /** Set once the run's lock is lost: the state now belongs to another process. */
  private frozen = false;

  constructor(
    readonly state: RunState,
    private readonly store: RunStore,
    private readonly redactor: Redactor,
  ) {
    this.byId = new Map(state.steps.map((s) => [s.id, s]));
  }

  /** Write nothing more: another process holds the run now. */
  freeze(): void {
    this.frozen = true;
  }

  step(id: string): StepState {
    const s = this.byId.get(id);
    if (!s) throw new Error(`Run ${this.state.runId} has no step ${id}.`);
    return s;
  }

  recordCall(record: CallRecord): void {
    const target = record.stepId ? this.byId.get(record.stepId)?.calls : undefined;
    (target ?? this.state.calls).push(record);
  }

  addAck(stepId: string): void {
    if (!this.state.acks.includes(stepId)) this.state.acks.push(stepId);
  }

  /** Record a step's state after a phase (or, with no step, the run's own fields). */
  save(stepId?: string): void {
    if (this.frozen) return;
    this.store.append(this.state, stepId, (text) => this.redactor.redact(text));
  }

  /** The whole state as one file: at the start and at the end of a run. */
  snapshot(): void {
    if (this.frozen) return;
    this.store.save(this.state, (text) => this.redactor.redact(text));
  }

  close(): void {
    if (this.frozen) return;
    this.store.close(this.state, (text) => this.redactor.redact(text));
  }
}

/**
 * A mutex for prompts: listr2 renders one prompt at a time. A prompt started in
 * the same tick the previous one ends is written while listr2 still holds the
 * terminal, and stays invisible: so the next one waits a moment.
 */
class PromptQueue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined).then(() => new Promise((r) => setTimeout(r, 100)));
    return next;
  }
}

export interface ExecEnvOptions {
  journal: Journal;
  session: AwsSession;
  clock: Clock;
  http: HttpClient;
  signal: AbortSignal;
  operator: Operator;
  redactor: Redactor;
  params: Record<string, unknown>;
  dryRun: boolean;
  acks: Iterable<string>;
  files: { runbookDir: string; outputDir: string };
  /** Each step's dependencies, to see what a dry-run has planned upstream. */
  deps: ReadonlyMap<string, readonly string[]>;
}

export class ExecEnv {
  readonly journal: Journal;
  readonly session: AwsSession;
  readonly clock: Clock;
  readonly http: HttpClient;
  readonly signal: AbortSignal;
  readonly params: Record<string, unknown>;
  readonly dryRun: boolean;
  readonly acks: Set<string>;
  readonly files: { runbookDir: string; outputDir: string };
  private readonly outputs = new Map<string, Record<string, unknown>>();
  private readonly prompts = new PromptQueue();
  private readonly promptMs = new Map<string, number>();
  private stop: { kind: StopKind; reason: string } | undefined;

  constructor(private readonly options: ExecEnvOptions) {
    this.journal = options.journal;
    this.session = options.session;
    this.clock = options.clock;
    this.http = options.http;
    this.signal = options.signal;
    this.params = options.params;
    this.dryRun = options.dryRun;
    this.acks = new Set(options.acks);
    this.files = options.files;
    options.signal.addEventListener('abort', () => this.requestStop('interrupted', 'the run was interrupted'), { once: true });
  }

  get runId(): string {
    return this.journal.state.runId;
  }

  /** A person answers prompts at a terminal. */
  get interactive(): boolean {
    return this.options.operator.interactive;
  }

  get runbookId(): string {
    return this.journal.state.runbook.id;
  }

  outputOf(stepId: string, key: string): { found: true; value: unknown } | { found: false } {
    const out = this.outputs.get(stepId);
    return out ? { found: true, value: out[key] } : { found: false };
  }

  setOutputs(stepId: string, outputs: Record<string, unknown>, secretKeys: readonly string[] = []): void {
    this.outputs.set(stepId, outputs);
    for (const k of secretKeys) this.addSecret(outputs[k]);
    this.journal.step(stepId).outputs = Object.fromEntries(Object.entries(outputs).filter(([k]) => !secretKeys.includes(k)));
  }

  redact(text: string): string {
    return this.options.redactor.redact(text);
  }

  addSecret(value: unknown): void {
    this.options.redactor.add(value);
  }

  confirm(step: Step, calls: PlannedCall[], host: PromptHost): Promise<boolean> {
    // What the person reads is what the state would say: titles filled in, secrets redacted.
    const shown = JSON.parse(this.redact(JSON.stringify(calls))) as PlannedCall[];
    return this.timed(step.id, () => this.ask(() => this.options.operator.confirmStep({ id: step.id, title: titleOf(step, this.params) }, shown, host)));
  }

  manual(step: Step, instructions: string, host: PromptHost): Promise<boolean> {
    return this.timed(step.id, () => this.ask(() => this.options.operator.manualStep({ id: step.id, title: titleOf(step, this.params) }, this.redact(instructions), host)));
  }

  /** Milliseconds this step spent waiting for a person, left out of its duration. */
  promptTime(stepId: string): number {
    return this.promptMs.get(stepId) ?? 0;
  }

  private async timed<T>(stepId: string, fn: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await fn();
    } finally {
      this.promptMs.set(stepId, this.promptTime(stepId) + Date.now() - started);
    }
  }

  /** Only a person's questions queue up; an operator that never asks answers at once. */
  private ask(question: () => Promise<boolean>): Promise<boolean> {
    return this.options.operator.interactive ? this.prompts.run(question) : question();
  }

  /**
   * In a dry-run: a step upstream (through skipped steps too) would change the
   * account, so what this step reads or checks does not exist yet.
   */
  plannedUpstream(stepId: string): string | undefined {
    for (const d of this.options.deps.get(stepId) ?? []) {
      const status = this.journal.step(d).status;
      if (status === 'planned') return d;
      if (status === 'skipped') {
        const further = this.plannedUpstream(d);
        if (further) return further;
      }
    }
    return undefined;
  }

  stopReason(): string | undefined {
    return this.stop?.reason;
  }

  stopKind(): StopKind | undefined {
    return this.stop?.kind;
  }

  /** The first reason wins: later steps are not started, running ones finish their call. */
  requestStop(kind: StopKind, reason: string): void {
    if (this.stop?.kind === 'lost-lock') return;
    if (!this.stop || kind === 'lost-lock' || (kind === 'failed' && this.stop.kind !== 'failed')) this.stop = { kind, reason };
  }
}
