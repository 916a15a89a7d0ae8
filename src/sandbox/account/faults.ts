/** Faults a rehearsal or a test asks for (`--sandbox-fault`, throttling, eventual consistency, denied actions). */
import type { BackendCall } from '../../aws/session.js';
import { accessDenied, awsError, throttled } from '../services/lib/errors.js';
import { secondsBetween } from './time.js';

export interface SandboxFaults {
  /** `--sandbox-fault STEP[:ErrorName]`: the first mutating call made while BackendCall.stepId === step fails with that error (default name 'SimulatedFault', HTTP 400, not retryable). Consumed once per process. */
  step?: { stepId: string; errorName?: string };
  /** Every operation's first attempt of each call fails with ThrottlingException (or RequestLimitExceeded for ec2), HTTP 400 with $retryable {throttling:true}; the retry succeeds. */
  throttle?: boolean;
  /** A Describe* or Get* call that names a resource created less than `notVisibleForSeconds` simulated seconds ago answers not-found (eventual consistency). */
  eventualConsistency?: { notVisibleForSeconds: number };
  /** AccessDenied/UnauthorizedOperation on every call of this `service:Operation` until cleared. */
  deny?: string[];
  /**
   * Kill this process (SIGKILL) right after the account has accepted a write of
   * this step (and this operation, when given): AWS has the resource, the run
   * state has not recorded it. The hardest moment for a resume.
   */
  crashAfter?: { stepId: string; operation?: string };
  /**
   * Every paginated answer holds at most this many items, with a token for the
   * rest, even when no page size was asked for (AWS may do so): a caller that
   * reads only the first page misses what follows.
   */
  smallPages?: number;
  /**
   * The instances these Auto Scaling groups launch fail their load balancer
   * health checks (as a release whose /ping answers 500 would): their
   * targets are unhealthy with Target.ResponseCodeMismatch and get no traffic.
   */
  unhealthyGroups?: readonly string[];
  /** Called after every accepted write, in-process (tests interrupt a step's apply with it). */
  onWrite?: (call: BackendCall) => void;
  /** Called for every read that asks for a next page by the token of the previous one (tests prove tokens are followed). */
  onNextPage?: (call: BackendCall) => void;
}

/** The input fields the APIs the sandbox simulates take a previous page's token in. */
const PAGE_TOKENS = ['NextToken', 'nextToken', 'Marker', 'NextMarker', 'ContinuationToken', 'StartingToken'] as const;

export class FaultInjector {
  private stepFaultFired = false;
  /** Attempts per call: the SDK retries with the same input object, so it identifies the call. */
  private readonly attempts = new WeakMap<object, number>();

  constructor(readonly faults: SandboxFaults) {}

  /** Throws the error this call should fail with, if a fault applies to it. */
  check(call: BackendCall, mutating: boolean): void {
    const { faults } = this;
    if (faults.throttle) {
      const attempt = (this.attempts.get(call.input) ?? 0) + 1;
      this.attempts.set(call.input, attempt);
      if (attempt % 2 === 1) throw throttled(call.service);
    }
    if (faults.deny?.includes(`${call.service}:${call.operation}`)) throw accessDenied(call.service, call.operation);
    const step = faults.step;
    if (step && mutating && !this.stepFaultFired && call.stepId === step.stepId) {
      this.stepFaultFired = true;
      throw awsError(step.errorName ?? 'SimulatedFault', `Simulated fault injected by --sandbox-fault in step ${step.stepId} (${call.service}:${call.operation}).`);
    }
  }

  /** After a read is answered. */
  afterRead(call: BackendCall): void {
    if (this.faults.onNextPage && PAGE_TOKENS.some((k) => typeof call.input[k] === 'string' && call.input[k] !== '')) this.faults.onNextPage(call);
  }

  /** After a write is saved: the crash and interruption hooks. */
  afterWrite(call: BackendCall): void {
    const crash = this.faults.crashAfter;
    if (crash && call.stepId === crash.stepId && (!crash.operation || crash.operation === call.operation)) process.kill(process.pid, 'SIGKILL');
    this.faults.onWrite?.(call);
  }

  /** False while eventual consistency hides from reads a resource created at `createdAt`. */
  visible(createdAt: number, now: number, read: boolean): boolean {
    const ec = this.faults.eventualConsistency;
    return !read || !ec || secondsBetween(createdAt, now) >= ec.notVisibleForSeconds;
  }
}
