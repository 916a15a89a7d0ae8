/**
 * Where runs are kept, behind one port: a folder on this machine (the
 * journaled StateStore), or `s3://bucket/prefix` shared by a team
 * (S3RunStore, conditional writes and a lease). `run`, `resume`, `runs`,
 * `status` and `report` see no difference.
 */
import type { LockedError } from '../../core/errors.js';
import type { RunSummary } from './parse.js';
import type { RunState } from './state.js';

export interface LockOptions {
  staleMs?: number;
  /** Another process took the run over after this one held it: the run stops writing. */
  onLost?: (err: LockedError) => void;
}

export interface RunStore {
  /** Where runs are kept, as the operator named it: a folder, or s3://bucket/prefix. */
  readonly location: string;
  /** Where one run's state is, for messages. */
  pathOf(runId: string): string;
  load(runId: string, expectRunbook?: string): RunState | Promise<RunState>;
  list(): RunSummary[] | Promise<RunSummary[]>;
  /** Hold a run for this process; a second process gets LockedError (exit 4). */
  lock(runId: string, options?: LockOptions): Promise<() => Promise<void>>;
  /** The whole state. Writes are taken in order; `flush` waits for them. */
  save(state: RunState, transform?: (text: string) => string): void;
  /** One step's state after a phase (or, with no step, the run's own fields). */
  append(state: RunState, stepId: string | undefined, transform?: (text: string) => string): void;
  close(state: RunState, transform?: (text: string) => string): void;
  /** Every write taken so far is durable; throws the first that was not. */
  flush(runId: string): Promise<void>;
  detach(runId: string): void;
  /** A folder on this machine for files a runbook writes when the operator names none. */
  outputDir(runbookId: string): string;
}

export function isS3Location(location: string): boolean {
  return location.startsWith('s3://');
}
