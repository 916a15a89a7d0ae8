/**
 * Which step and phase an AWS call belongs to. Steps run side by side, so a
 * global "current step" would lie; AsyncLocalStorage follows each step's calls.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type Phase = 'check' | 'plan' | 'apply' | 'verify' | 'run';

export interface CallContext {
  stepId?: string;
  phase: Phase;
  /** A host probe: an SSM command the step declares read-only (see runProbe). */
  probe?: boolean;
}

const storage = new AsyncLocalStorage<CallContext>();

export function withCallContext<T>(ctx: CallContext, fn: () => Promise<T>): Promise<T> {
  return storage.run(ctx, fn);
}

export function currentCallContext(): CallContext | undefined {
  return storage.getStore();
}

/** Run `fn` with its calls marked as a read-only host probe. */
export function asProbe<T>(fn: () => Promise<T>): Promise<T> {
  const outer = storage.getStore() ?? { phase: 'run' as const };
  return storage.run({ ...outer, probe: true }, fn);
}
