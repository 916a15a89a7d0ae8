/**
 * The run state: one JSON document per run, the single source of truth for
 * resume, `status` and every report. Its shape is documented in docs/state.md;
 * bump STATE_FORMAT_VERSION on any incompatible change.
 */
import { z } from 'zod';
import type { CallRecord, PlannedCall } from '../../core/calls.js';
import { HOST_STATUSES, RUN_MODES, RUN_STATUSES, STEP_STATUSES, type HostOutcome, type RunMode, type RunStatus, type StepStatus } from '../../core/status.js';

export type { RunMode, RunStatus };

export const STATE_FORMAT_VERSION = 1;


export interface StepError {
  name: string;
  message: string;
}

export interface StepState {
  id: string;
  title: string;
  kind: string;
  covers: string[];
  status: StepStatus;
  /** Why it was skipped, why it is not done, why it failed: one sentence. */
  reason?: string;
  outputs: Record<string, unknown>;
  /** What verification observed (command output, states, answers). */
  evidence: string[];
  /** The calls apply made or (dry-run) would make. */
  plan?: PlannedCall[];
  calls: CallRecord[];
  /** The phase last completed, for resume: a step that crashed mid-apply is re-checked. */
  phase?: 'checked' | 'applied' | 'verified';
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  error?: StepError;
  /** Set when a step recorded done is found not done on resume. */
  drift?: string;
  /** A step on a fleet: each instance's outcome, by instance id (JUnit reports one case per instance). */
  hosts?: Record<string, HostOutcome>;
}

export interface RunTarget {
  sandbox: boolean;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  /** From STS GetCallerIdentity, for the change record. */
  account?: string;
  callerArn?: string;
}

export interface RunState {
  formatVersion: typeof STATE_FORMAT_VERSION;
  runId: string;
  /** `origin`: `shipped`, or the path of the index file it was loaded from (a resume loads it from there). */
  runbook: { id: string; title: string; definitionHash: string; origin?: string };
  mode: RunMode;
  status: RunStatus;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  target: RunTarget;
  /** Parameter values, secrets replaced by "(secret)". */
  params: Record<string, unknown>;
  /** Manual steps acknowledged with --ack or at the prompt. */
  acks: string[];
  /** Every parameter was given or answered (unset optional ones included): a resume asks only for missing ones. */
  paramsSettled?: boolean;
  steps: StepState[];
  /** Calls made outside any step (caller identity, parameter choices). */
  calls: CallRecord[];
  error?: StepError & { stepId?: string };
  /** What the runbook declares worth showing (an instance id, an address, a URL, a file written), as the run left it. */
  keyOutputs?: KeyOutput[];
  /** `runbook destroy`: what it found of the run's making, and what became of each; saved after every change, so it resumes. */
  destroy?: DestroyRecord;
}

export const DESTROY_STATUSES = ['running', 'destroyed', 'failed', 'interrupted'] as const;
export type DestroyStatus = (typeof DESTROY_STATUSES)[number];

export interface DestroyRecord {
  status: DestroyStatus;
  startedAt: string;
  finishedAt?: string;
  resources: DestroyedResource[];
  /** Every AWS call the destroy made (its reads included). */
  calls: CallRecord[];
  error?: StepError;
}

export interface DestroyedResource {
  step: string;
  type: string;
  id: string;
  /** removed: gone now; kept: left on purpose (not made by this run, or holds data not named by --delete-data); pending: still to do; failed. */
  status: 'pending' | 'removed' | 'kept' | 'failed';
  /** Why kept, why it failed, or what removing it involved. */
  reason?: string;
}

export interface KeyOutput {
  label: string;
  step: string;
  key: string;
  value: unknown;
}

const callSchema = z.looseObject({
  phase: z.string(),
  service: z.string(),
  operation: z.string(),
  mutating: z.boolean(),
  sent: z.boolean(),
  startedAt: z.string(),
  durationMs: z.number(),
  attempts: z.number(),
});

const stepSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  kind: z.string(),
  covers: z.array(z.string()),
  status: z.enum(STEP_STATUSES),
  outputs: z.record(z.string(), z.unknown()),
  evidence: z.array(z.string()),
  calls: z.array(callSchema),
  hosts: z.record(z.string(), z.looseObject({ status: z.enum(HOST_STATUSES), detail: z.string().optional() })).optional(),
});

/** Validates a parsed state file; the version check comes first so its message is the one shown. */
export const runStateSchema = z.looseObject({
  formatVersion: z.literal(STATE_FORMAT_VERSION),
  runId: z.string().min(1),
  runbook: z.looseObject({ id: z.string(), title: z.string(), definitionHash: z.string() }),
  mode: z.enum(RUN_MODES),
  status: z.enum(RUN_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
  target: z.looseObject({ sandbox: z.boolean() }),
  params: z.record(z.string(), z.unknown()),
  acks: z.array(z.string()),
  steps: z.array(stepSchema),
  calls: z.array(callSchema),
  destroy: z
    .looseObject({
      status: z.enum(DESTROY_STATUSES),
      startedAt: z.string(),
      resources: z.array(z.looseObject({ step: z.string(), type: z.string(), id: z.string(), status: z.enum(['pending', 'removed', 'kept', 'failed']) })),
      calls: z.array(callSchema),
    })
    .optional(),
});

export function stepState(state: RunState, id: string): StepState {
  const s = state.steps.find((x) => x.id === id);
  if (!s) throw new Error(`Run ${state.runId} has no step ${id}.`);
  return s;
}

export function allCalls(state: RunState): CallRecord[] {
  return [...state.calls, ...state.steps.flatMap((s) => s.calls)];
}
