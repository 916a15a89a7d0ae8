/**
 * Polling with backoff, for everything AWS does slowly. Unlike the SDK's
 * waiters, an error the poll does not expect (AccessDenied, a typo'd id) stops
 * the wait at once instead of surfacing minutes later as a timeout.
 */
import type { Clock } from '../core/clock.js';
import { isNotFound } from './errors.js';

export type PollResult<T> = { done: true; value: T } | { done: false; status: string } | { failed: string };

export interface WaitSpec<T> {
  /** What is awaited, for the progress line: "instance i-0abc to be running". */
  what: string;
  poll: () => Promise<PollResult<T>>;
  /** Seconds on the run's clock. */
  minDelay: number;
  maxDelay: number;
  maxWait: number;
  /** Sleep once before the first poll, when the first answer is known to be "not yet". */
  initialDelay?: number;
  /**
   * A not-found error from the poll means this status, not a failure: what is
   * awaited was just created, and AWS is eventually consistent.
   */
  notFound?: string;
}

export interface WaitContext {
  clock: Clock;
  signal: AbortSignal;
  progress(message: string): void;
}

export class WaitFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WaitFailed';
  }
}

/** The status of a resource a read cannot see yet. */
export const NOT_VISIBLE = 'not visible yet';

export function formatElapsed(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export async function waitFor<T>(ctx: WaitContext, spec: WaitSpec<T>): Promise<T> {
  const started = ctx.clock.now();
  const elapsed = () => (ctx.clock.now() - started) / ctx.clock.msPerSecond;
  let delay = spec.minDelay;
  if (spec.initialDelay) await ctx.clock.sleep(spec.initialDelay, ctx.signal);
  const poll = async (): Promise<PollResult<T>> => {
    try {
      return await spec.poll();
    } catch (err) {
      if (spec.notFound !== undefined && isNotFound(err)) return { done: false, status: spec.notFound };
      throw err;
    }
  };
  for (;;) {
    const result = await poll();
    if ('failed' in result) throw new WaitFailedError(`Gave up waiting for ${spec.what}: ${result.failed}`);
    if (result.done) return result.value;
    if (elapsed() >= spec.maxWait)
      throw new WaitFailedError(`Timed out after ${formatElapsed(elapsed())} waiting for ${spec.what} (last seen: ${result.status}).`);
    ctx.progress(`Waiting for ${spec.what}: ${result.status} (${formatElapsed(elapsed())})`);
    await ctx.clock.sleep(Math.min(delay, Math.max(0, spec.maxWait - elapsed())), ctx.signal);
    delay = Math.min(spec.maxDelay, delay * 1.5);
  }
}

/**
 * A read right after a write: AWS is eventually consistent, so "not found"
 * (or no answer) means "not yet" for a while.
 */
export function untilVisible<T>(ctx: WaitContext, what: string, read: () => Promise<T | undefined>, maxWait = 120): Promise<T> {
  return waitFor(ctx, {
    what: `${what} to be visible`,
    minDelay: 1,
    maxDelay: 5,
    maxWait,
    notFound: NOT_VISIBLE,
    poll: async () => {
      const value = await read();
      return value === undefined ? { done: false, status: NOT_VISIBLE } : { done: true, value };
    },
  });
}
