/** What every operation handler receives, and how handlers find named resources. */
import type { BackendCall } from '../../../aws/session.js';
import type { RegionState, SandboxAccountState } from '../../account/state.js';
import type { RunbookSimulation } from '../../host/simulation.js';

export interface OperationContext {
  readonly account: SandboxAccountState;
  /** The state of the sandbox's region. */
  readonly region: RegionState;
  readonly regionName: string;
  /** Epoch ms when the call is answered (after its latency). */
  readonly now: number;
  readonly call: BackendCall;
  /** A read (Describe*, Get*, ...): it must not change the account. */
  readonly read: boolean;
  /** What the run's runbook scripts do on a simulated host. */
  readonly simulation: RunbookSimulation;
  /** False while the eventual-consistency fault hides a resource created at `createdAt` from reads. */
  visible(createdAt: number): boolean;
  /** With the `smallPages` fault: at most this many items per page of every paginated answer. */
  readonly pageSize?: number;
  /** With the `unhealthyGroups` fault: the groups whose instances fail their health checks. */
  readonly unhealthyGroups?: readonly string[];
}

export type OperationHandler = (ctx: OperationContext) => object | Promise<object>;
export type ServiceHandlers = Readonly<Record<string, OperationHandler>>;

/** The call's input as the SDK command's input type (the SDK has already typed it for the caller). */
export function inputOf<T>(ctx: OperationContext): T {
  return ctx.call.input as T;
}

/** A resource a call names by id or name; undefined when absent or not yet visible. */
export function named<T extends { createdAt: number }>(ctx: OperationContext, items: Record<string, T>, key: string | undefined): T | undefined {
  const item = key === undefined ? undefined : items[key];
  return item && ctx.visible(item.createdAt) ? item : undefined;
}

/**
 * Every resource a call names (all of them, when it names none). Missing ones
 * fail the whole call, as EC2's Describe* do.
 */
export function namedOrAll<T extends { createdAt: number }>(ctx: OperationContext, items: Record<string, T>, keys: string[] | undefined, notFound: (missing: string[]) => Error): T[] {
  if (!keys?.length) return Object.values(items);
  const missing = keys.filter((k) => !named(ctx, items, k));
  if (missing.length) throw notFound(missing);
  return [...new Set(keys)].map((k) => items[k]!);
}
