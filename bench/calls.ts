/**
 * Figure 4: the AWS calls of a first run, of a second run with the same
 * parameters (no write; at most one read per step is the goal) and of a
 * dry-run (no write); and how promptly a waiter notices a resource is ready.
 */
import type { CallRecord } from '../src/core/calls.js';
import type { RunState } from '../src/engine/state/state.js';
import { SANDBOX_MS_PER_SECOND } from '../src/sandbox/index.js';
import { INSTANCE_PENDING_SECONDS } from '../src/sandbox/services/ec2/lifecycle.js';

/** Calls that open and close a Session Manager session: a port-forward's job on every run, not a change to the account. */
const SESSION_OPERATIONS = new Set(['ssm:StartSession', 'ssm:TerminateSession']);
const isSession = (c: CallRecord) => SESSION_OPERATIONS.has(`${c.service}:${c.operation}`);

export interface CallCounts {
  total: number;
  /** Writes that change the account (sessions apart). */
  writes: number;
  /** StartSession and TerminateSession sent. */
  sessions: number;
  reads: number;
  probes: number;
  /** The most reads any one step made. */
  maxReadsPerStep: number;
  maxReadsStep: string;
}

export function countCalls(state: RunState): CallCounts {
  const all: CallRecord[] = [...state.calls, ...state.steps.flatMap((s) => s.calls)];
  const perStep = state.steps.map((s) => ({ id: s.id, reads: s.calls.filter((c) => !c.mutating && c.sent).length }));
  const busiest = perStep.sort((a, b) => b.reads - a.reads)[0] ?? { id: '-', reads: 0 };
  return {
    total: all.length,
    writes: all.filter((c) => c.mutating && c.sent && !isSession(c)).length,
    sessions: all.filter((c) => c.sent && isSession(c)).length,
    reads: all.filter((c) => !c.mutating && c.sent && !c.probe).length,
    probes: all.filter((c) => c.probe).length,
    maxReadsPerStep: busiest.reads,
    maxReadsStep: busiest.id,
  };
}

export interface WaiterFigures {
  step: string;
  /** From the resource becoming ready to the poll that saw it. */
  lagMs: number;
  /** The waiter's poll interval at that moment. */
  intervalMs: number;
  polls: number;
}

/** The instance launch: ready INSTANCE_PENDING_SECONDS after RunInstances; which DescribeInstances saw it first? */
export function instanceWaiter(state: RunState, stepId = 'launch-instance'): WaiterFigures | undefined {
  const calls = state.steps.find((s) => s.id === stepId)?.calls ?? [];
  const launch = calls.find((c) => c.operation === 'RunInstances' && c.sent);
  if (!launch) return undefined;
  const readyAt = Date.parse(launch.startedAt) + launch.durationMs + INSTANCE_PENDING_SECONDS * SANDBOX_MS_PER_SECOND;
  const polls = calls.filter((c) => c.phase === 'apply' && c.operation === 'DescribeInstances' && Date.parse(c.startedAt) > Date.parse(launch.startedAt));
  const seen = polls.findIndex((c) => Date.parse(c.startedAt) >= readyAt);
  if (seen < 1) return undefined;
  const at = Date.parse(polls[seen]!.startedAt);
  return { step: stepId, lagMs: at - readyAt, intervalMs: at - Date.parse(polls[seen - 1]!.startedAt), polls: seen + 1 };
}

/** The Elastic Beanstalk environment's launch: how many calls the wait made, over how long. */
export function environmentLaunch(state: RunState, stepId = 'environment'): { calls: number; simulatedMinutes: number } | undefined {
  const step = state.steps.find((s) => s.id === stepId && s.kind === 'eb.environment');
  const waits = step?.calls.filter((c) => c.phase === 'apply' && (c.operation === 'DescribeEnvironments' || c.operation === 'DescribeEvents')) ?? [];
  if (!step?.durationMs || waits.length === 0) return undefined;
  return { calls: waits.length, simulatedMinutes: step.durationMs / SANDBOX_MS_PER_SECOND / 60 };
}
