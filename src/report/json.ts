/**
 * The JSON report: a stable, documented view of one run (docs/reports.md).
 * The state file is an internal format that may change with the engine; this
 * shape only changes with `reportVersion`. Every key is always present (null
 * or empty when unknown) so consumers need no existence checks. The Markdown
 * and JUnit renderers read this view, so all three agree on counts and status.
 */
import type { CallRecord, PlannedCall } from '../core/calls.js';
import type { RunState, StepState } from '../engine/state/state.js';
import { STEP_STATUSES, type HostStatus, type RunMode, type RunStatus, type StepStatus } from '../core/status.js';

export const REPORT_VERSION = 1;

/** `running` is not an outcome: a report of a run that never finished says `interrupted`. */
export type ReportStatus = Exclude<RunStatus, 'running'>;

export interface JsonCallReport {
  service: string;
  operation: string;
  /** check, apply, verify, or run (outside a step). */
  phase: string;
  mutating: boolean;
  probe: boolean;
  /** False when the dry-run / read-only guard refused it before it left the process. */
  sent: boolean;
  startedAt: string;
  durationMs: number;
  requestId: string | null;
  errorName: string | null;
  attempts: number;
  retries: number;
}

export interface JsonStepReport {
  id: string;
  title: string;
  kind: string;
  covers: string[];
  status: StepStatus;
  reason: string | null;
  outputs: Record<string, unknown>;
  evidence: string[];
  /** The calls apply made or (dry-run) would make; null when the engine recorded none. */
  plan: PlannedCall[] | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  error: { name: string; message: string } | null;
  drift: string | null;
  /** A step on a fleet: each instance's outcome, by instance id order; null for a step on one host or none. */
  hosts: JsonHostReport[] | null;
  calls: JsonCallReport[];
}

export interface JsonHostReport {
  instanceId: string;
  status: HostStatus;
  detail: string | null;
}

export type StepCounts = Record<StepStatus, number> & { total: number };

export interface JsonReportSummary {
  steps: StepCounts;
  /** Every call, run-level ones included. */
  calls: number;
  mutatingCallsSent: number;
  mutatingCallsRefused: number;
  /** Sent, not mutating, not a probe: the three call counts and refusals add up to `calls`. */
  readCalls: number;
  probes: number;
  retries: number;
  /** Sent calls that ended in an error (refusals are counted apart). */
  errors: number;
}

export interface JsonReport {
  reportVersion: typeof REPORT_VERSION;
  runId: string;
  runbook: { id: string; title: string; definitionHash: string };
  mode: RunMode;
  status: ReportStatus;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  target: {
    sandbox: boolean;
    region: string | null;
    profile: string | null;
    endpointUrl: string | null;
    account: string | null;
    callerArn: string | null;
  };
  params: Record<string, unknown>;
  acks: string[];
  error: { name: string; message: string; stepId: string | null } | null;
  steps: JsonStepReport[];
  /** Calls made outside any step (caller identity, parameter choices). */
  runCalls: JsonCallReport[];
  /** What the runbook declares worth showing: an instance id, an address, a URL, a file written. */
  outputs: { label: string; step: string; key: string; value: unknown }[];
  summary: JsonReportSummary;
  /** The last `runbook destroy` of the run: null when none was made. */
  destroy: {
    status: string;
    startedAt: string;
    finishedAt: string | null;
    resources: { step: string; type: string; id: string; status: string; reason: string | null }[];
    calls: JsonCallReport[];
  } | null;
}

export function reportStatus(state: RunState): ReportStatus {
  return state.status === 'running' ? 'interrupted' : state.status;
}

export function toJsonReport(state: RunState): JsonReport {
  const steps = state.steps.map(stepReport);
  const runCalls = state.calls.map(callReport);
  const t = state.target;
  return {
    reportVersion: REPORT_VERSION,
    runId: state.runId,
    runbook: { id: state.runbook.id, title: state.runbook.title, definitionHash: state.runbook.definitionHash },
    mode: state.mode,
    status: reportStatus(state),
    startedAt: state.createdAt,
    finishedAt: state.finishedAt ?? null,
    durationMs: between(state.createdAt, state.finishedAt),
    target: {
      sandbox: t.sandbox,
      region: t.region ?? null,
      profile: t.profile ?? null,
      endpointUrl: t.endpointUrl ?? null,
      account: t.account ?? null,
      callerArn: t.callerArn ?? null,
    },
    params: { ...state.params },
    acks: [...state.acks],
    error: state.error ? { name: state.error.name, message: state.error.message, stepId: state.error.stepId ?? null } : null,
    steps,
    runCalls,
    outputs: (state.keyOutputs ?? []).map((o) => ({ ...o })),
    summary: summarize(steps, runCalls),
    destroy: state.destroy
      ? {
          status: state.destroy.status,
          startedAt: state.destroy.startedAt,
          finishedAt: state.destroy.finishedAt ?? null,
          resources: state.destroy.resources.map((r) => ({ step: r.step, type: r.type, id: r.id, status: r.status, reason: r.reason ?? null })),
          calls: state.destroy.calls.map(callReport),
        }
      : null,
  };
}

function stepReport(s: StepState): JsonStepReport {
  return {
    id: s.id,
    title: s.title,
    kind: s.kind,
    covers: [...s.covers],
    status: s.status,
    reason: s.reason ?? null,
    outputs: { ...s.outputs },
    evidence: [...s.evidence],
    plan: s.plan ? s.plan.map((p) => ({ ...p })) : null,
    startedAt: s.startedAt ?? null,
    finishedAt: s.finishedAt ?? null,
    durationMs: s.durationMs ?? between(s.startedAt, s.finishedAt),
    error: s.error ? { name: s.error.name, message: s.error.message } : null,
    drift: s.drift ?? null,
    hosts: s.hosts ? Object.entries(s.hosts).sort(([a], [b]) => a.localeCompare(b)).map(([instanceId, h]) => ({ instanceId, status: h.status, detail: h.detail ?? null })) : null,
    calls: s.calls.map(callReport),
  };
}

function callReport(c: CallRecord): JsonCallReport {
  return {
    service: c.service,
    operation: c.operation,
    phase: c.phase,
    mutating: c.mutating,
    probe: c.probe === true,
    sent: c.sent,
    startedAt: c.startedAt,
    durationMs: c.durationMs,
    requestId: c.requestId ?? null,
    errorName: c.errorName ?? null,
    attempts: c.attempts,
    // A refused call has 0 attempts: no retries, not -1.
    retries: c.attempts > 0 ? c.attempts - 1 : 0,
  };
}

export function countSteps(steps: readonly { status: StepStatus }[]): StepCounts {
  const counts = Object.fromEntries(STEP_STATUSES.map((s) => [s, 0])) as Record<StepStatus, number>;
  for (const s of steps) counts[s.status] += 1;
  return { ...counts, total: steps.length };
}

/** Counts for a set of calls; exported so the Markdown table can count per step with the same rules. */
export function countCalls(calls: readonly JsonCallReport[]): Omit<JsonReportSummary, 'steps'> {
  const sum = { calls: 0, mutatingCallsSent: 0, mutatingCallsRefused: 0, readCalls: 0, probes: 0, retries: 0, errors: 0 };
  for (const c of calls) {
    sum.calls += 1;
    sum.retries += c.retries;
    if (!c.sent) {
      // Only writes are ever refused; a refused read would be an engine bug, still counted as refused.
      sum.mutatingCallsRefused += 1;
      continue;
    }
    if (c.errorName !== null) sum.errors += 1;
    if (c.mutating) sum.mutatingCallsSent += 1;
    else if (c.probe) sum.probes += 1;
    else sum.readCalls += 1;
  }
  return sum;
}

function summarize(steps: JsonStepReport[], runCalls: JsonCallReport[]): JsonReportSummary {
  return { steps: countSteps(steps), ...countCalls([...runCalls, ...steps.flatMap((s) => s.calls)]) };
}

/** Milliseconds between two ISO times, or null when either is missing or unreadable. */
function between(start: string | undefined, end: string | undefined): number | null {
  if (!start || !end) return null;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}
