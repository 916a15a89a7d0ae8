/**
 * Run state on disk: `<stateDir>/runs/<runId>.json`, owner-only.
 *
 * The JSON file is written atomically (temporary file, fsync, rename, fsync of
 * the folder), so a crash leaves the old file or the new one, never half of
 * one. Between those snapshots every phase of a step is appended to
 * `<runId>.journal` (one JSON line): a save costs the size of one step, not
 * of the whole run. A line that records a change (a write sent, a step
 * applied or changed) is made durable (fdatasync) before the step goes on; a
 * line of reads only (a check, a skip, a step found done) is written and
 * left for the next flush, since losing it in a power cut costs a resume one
 * more read-only check. A crashed process loses neither. The journal's space
 * is allocated ahead, in zeros, so an append writes into blocks the file
 * already has and its fdatasync flushes that data alone, not the file's size
 * and block map too: the cost of a save follows the bytes it records. The
 * journal is folded into the snapshot when it grows past it and when the run
 * ends, so a finished run is one JSON file. On load the journal ends at its
 * first zero byte; a torn last line (a crash mid-append) is ignored.
 */
import { closeSync, existsSync, fdatasyncSync, fsyncSync, lstatSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { ensurePrivateDir, replaceFile, writeFileAtomic } from '../../io/files.js';
import { isPlainObject } from '../model/refs.js';
import { LockedError, StateFileError } from '../../core/errors.js';
import type { CallRecord } from '../../core/calls.js';
import { checkRunOf, parseRunState, summaryOf, type RunSummary } from './parse.js';
import type { LockOptions, RunStore } from './run-store.js';
import { runStateSchema, type RunState, type StepState } from './state.js';

export type { RunSummary };

/** Give the journal zeros up to at least `needed` bytes, durably (its size and blocks), so appends inside them change neither. */
function allocate(journal: OpenJournal, needed: number): void {
  let size = Math.max(journal.allocated * 2, JOURNAL_CHUNK_BYTES);
  while (size < needed) size *= 2;
  const zeros = Buffer.alloc(size - journal.allocated);
  writeSync(journal.fd, zeros, 0, zeros.length, journal.allocated);
  fsyncSync(journal.fd);
  journal.allocated = size;
}

/**
 * A step's fields after a phase, or the run's own fields, each with only the
 * calls recorded since its last entry: a line costs what changed, never the
 * whole history of a step that made a hundred calls. (Lines written before
 * deltas carry a step's whole `calls`; replay accepts both.)
 */
type JournalEntry = { step: Omit<StepState, 'calls'> & { calls?: CallRecord[] }; newCalls?: CallRecord[] } | { run: Omit<RunState, 'steps' | 'calls'> & { calls?: CallRecord[] }; newCalls?: CallRecord[] };

/** A write was sent, or a step applied or changed: what a resume must not have to find out again. */
function recordsChange(entry: JournalEntry): boolean {
  if (entry.newCalls?.some((c) => c.mutating && c.sent)) return true;
  return 'step' in entry && (entry.step.phase === 'applied' || entry.step.status === 'changed');
}

interface OpenJournal {
  fd: number;
  /** Where the next line goes: the bytes recorded so far. */
  bytes: number;
  /** The bytes the file has (recorded, then zeros). */
  allocated: number;
  snapshotBytes: number;
  /** Calls already on disk, per step id ('' for the run's own), so each line carries only new ones. */
  written: Map<string, number>;
  /** The run's steps by id, rebuilt when steps are added. */
  steps: Map<string, StepState>;
}

/** The journal is folded into the snapshot once it is larger than this, or than the snapshot. */
const MIN_JOURNAL_BYTES = 256 * 1024;
/** Space the journal is given at a time; it doubles as the journal grows. */
const JOURNAL_CHUNK_BYTES = 16 * 1024;

const RUN_ID = /^[a-z0-9][a-z0-9-]{2,100}$/;

export class StateStore implements RunStore {
  readonly runsDir: string;
  private readonly journals = new Map<string, OpenJournal>();

  constructor(readonly stateDir: string) {
    this.runsDir = join(stateDir, 'runs');
  }

  get location(): string {
    return this.stateDir;
  }

  /** Every write was fsync'd as it was made. */
  async flush(): Promise<void> {}

  pathOf(runId: string): string {
    if (!RUN_ID.test(runId)) throw new StateFileError(`"${runId}" is not a run id (see "runbook runs").`);
    return join(this.runsDir, `${runId}.json`);
  }

  /** Files a runbook writes when the operator names no folder: one per runbook, so a re-run finds them. */
  outputDir(runbookId: string): string {
    return join(this.stateDir, 'output', runbookId);
  }

  exists(runId: string): boolean {
    return existsSync(this.pathOf(runId));
  }

  journalPathOf(runId: string): string {
    return this.pathOf(runId).replace(/\.json$/, '.journal');
  }

  /** Write the whole state as the snapshot and empty the journal. `transform` sees the text last (the redactor). */
  save(state: RunState, transform: (text: string) => string = (t) => t): void {
    ensurePrivateDir(this.runsDir);
    state.updatedAt = new Date().toISOString();
    const text = transform(JSON.stringify(state));
    writeFileAtomic(this.pathOf(state.runId), text);
    // The snapshot now holds everything the journal said; replaying it again would be harmless.
    this.closeJournal(state.runId);
    rmSync(this.journalPathOf(state.runId), { force: true });
    const written = new Map<string, number>([['', state.calls.length], ...state.steps.map((st) => [st.id, st.calls.length] as [string, number])]);
    this.journals.set(state.runId, { fd: -1, bytes: 0, allocated: 0, snapshotBytes: Buffer.byteLength(text), written, steps: new Map(state.steps.map((st) => [st.id, st])) });
    this.writeSummary(state);
  }

  /** Record one step's state (or, without a step, the run's own fields) durably, at the cost of what changed. */
  append(state: RunState, stepId: string | undefined, transform: (text: string) => string = (t) => t): void {
    state.updatedAt = new Date().toISOString();
    const journal = this.journals.get(state.runId);
    if (!journal) return this.save(state, transform);
    if (journal.steps.size !== state.steps.length) journal.steps = new Map(state.steps.map((st) => [st.id, st]));
    const key = stepId ?? '';
    const calls = stepId ? journal.steps.get(stepId)!.calls : state.calls;
    const newCalls = calls.slice(journal.written.get(key) ?? 0);
    journal.written.set(key, calls.length);
    let entry: JournalEntry;
    if (stepId) {
      const { calls: _calls, ...step } = journal.steps.get(stepId)!;
      entry = { step, newCalls };
    } else {
      const { steps: _steps, calls: _calls, ...run } = state;
      entry = { run, newCalls };
    }
    const line = Buffer.from(`${transform(JSON.stringify(entry))}\n`);
    if (journal.fd < 0) journal.fd = openSync(this.journalPathOf(state.runId), 'w', 0o600);
    if (journal.bytes + line.length > journal.allocated) allocate(journal, journal.bytes + line.length);
    writeSync(journal.fd, line, 0, line.length, journal.bytes);
    // The flush also carries every line before it: the journal on disk is always a prefix of what was written.
    if (recordsChange(entry)) fdatasyncSync(journal.fd);
    journal.bytes += line.length;
    if (!stepId) this.writeSummary(state);
    if (journal.bytes > Math.max(MIN_JOURNAL_BYTES, journal.snapshotBytes)) this.save(state, transform);
  }

  /**
   * What `runbook runs` lists, beside the run: reading it costs a few bytes, not the whole state.
   * It can be rebuilt from the run, so it is not flushed to disk (see summaryFor).
   */
  private writeSummary(state: RunState): void {
    replaceFile(this.summaryPathOf(state.runId), JSON.stringify(summaryOf(state)));
  }

  summaryPathOf(runId: string): string {
    return this.pathOf(runId).replace(/\.json$/, '.summary');
  }

  /** Let go of a run's journal without folding it (its entries stay on disk for the next load). */
  detach(runId: string): void {
    this.closeJournal(runId);
  }

  private closeJournal(runId: string): void {
    const journal = this.journals.get(runId);
    if (journal && journal.fd >= 0) closeSync(journal.fd);
    this.journals.delete(runId);
  }

  /** Fold the journal into the snapshot and let go of the run's files. */
  close(state: RunState, transform?: (text: string) => string): void {
    this.save(state, transform); // closes and empties the journal
    this.journals.delete(state.runId);
  }

  /** Load and validate; a file that cannot be used is refused and left untouched. */
  load(runId: string, expectRunbook?: string): RunState {
    const path = this.pathOf(runId);
    let text: string;
    try {
      // A run file someone else could have put there, or could change, is not trusted.
      const link = lstatSync(path);
      if (link.isSymbolicLink()) throw new StateFileError(`The state file ${path} is a symbolic link; runbook reads only its own files, so it was refused.`);
      if (link.mode & 0o022) throw new StateFileError(`The state file ${path} is writable by other users (mode ${(link.mode & 0o777).toString(8)}); make it owner-only (chmod 600) to use it.`);
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if (err instanceof StateFileError) throw err;
      throw new StateFileError(`No run ${runId} in ${this.runsDir} (see "runbook runs --state-dir ${this.stateDir}").`);
    }
    const state = this.replayJournal(parseRunState(text, path));
    return checkRunOf(state, path, runId, expectRunbook);
  }

  /** Apply the journal's entries to the snapshot; a torn last line is a crash mid-append and is dropped. */
  private replayJournal(state: RunState): RunState {
    const path = this.journalPathOf(state.runId);
    if (!existsSync(path)) return state;
    const text = readFileSync(path, 'utf8');
    const recorded = text.indexOf('\0');
    // The zeros after the last line are space allocated ahead, never written.
    const lines = (recorded < 0 ? text : text.slice(0, recorded)).split('\n');
    const complete = lines.slice(0, -1); // the text after the last newline was never finished
    const byId = new Map(state.steps.map((s) => [s.id, s]));
    for (const [n, line] of complete.entries()) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = undefined;
      }
      if (!isPlainObject(parsed) || !(isPlainObject(parsed.step) || isPlainObject(parsed.run)))
        throw new StateFileError(`The journal ${path} is damaged at line ${n + 1}; it was left unchanged.`);
      const entry = parsed as JournalEntry;
      if ('step' in entry) {
        const at = byId.get(entry.step.id);
        const calls = entry.step.calls ?? [...(at?.calls ?? []), ...(entry.newCalls ?? [])];
        const step = { ...entry.step, calls } as StepState;
        if (at) state.steps[state.steps.indexOf(at)] = step;
        else state.steps.push(step);
        byId.set(step.id, step);
      } else {
        const calls = entry.run.calls ?? [...state.calls, ...(entry.newCalls ?? [])];
        Object.assign(state, entry.run, { calls });
      }
    }
    const parsed = runStateSchema.safeParse(state);
    if (!parsed.success) throw new StateFileError(`The journal ${path} does not fit the run's state; it was left unchanged.`);
    return state;
  }

  /** Every run, from the summaries beside the runs (a run without one, written by an older version, is read whole). */
  list(): RunSummary[] {
    if (!existsSync(this.runsDir)) return [];
    const out: RunSummary[] = [];
    for (const f of readdirSync(this.runsDir)) {
      if (!f.endsWith('.json')) continue;
      const runId = f.slice(0, -5);
      try {
        out.push(this.summaryFor(runId));
      } catch {
        out.push({ runId, runbook: '?', mode: '?', status: 'unreadable', updatedAt: '' });
      }
    }
    return out.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  }

  private summaryFor(runId: string): RunSummary {
    try {
      // The summary is written after its run, without waiting for the disk: one older than the run's
      // snapshot missed the last write (a power cut), and the run itself is read instead.
      const summaryPath = this.summaryPathOf(runId);
      if (statSync(summaryPath).mtimeMs >= statSync(this.pathOf(runId)).mtimeMs) {
        const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as RunSummary;
        if (summary.runId === runId && typeof summary.status === 'string') return summary;
      }
    } catch {
      // no summary yet, or a damaged one: read the run
    }
    return summaryOf(this.load(runId));
  }

  /**
   * Hold the run for this process. A second process gets LockedError (exit 4).
   * The lock is refreshed while held. One left by a dead process is taken over:
   * at once when its owner (pid and host, recorded beside the lock) is gone
   * from this machine, otherwise once it has not been refreshed for `staleMs`.
   */
  async lock(runId: string, options: LockOptions = {}): Promise<() => Promise<void>> {
    const staleMs = options.staleMs ?? Number(process.env.RUNBOOK_LOCK_STALE_MS ?? 10_000);
    ensurePrivateDir(this.runsDir);
    const target = this.pathOf(runId);
    const lockPath = `${target}.lock`;
    const ownerPath = `${target}.owner`;
    const acquire = () =>
      lockfile.lock(target, {
        realpath: false,
        lockfilePath: lockPath,
        stale: Math.max(2000, staleMs),
        update: Math.max(1000, Math.floor(staleMs / 2)),
        retries: 0,
        // Another process took the lock over (or removed it) after we stalled: tell the run, which stops
        // writing rather than write over the other's state. Thrown here, it would only crash the process.
        onCompromised: (err: Error) => {
          const lost = new LockedError(`The lock on run ${runId} was taken over by another process (${err.message.replace(/\.$/, '')}).`);
          if (options.onLost) options.onLost(lost);
          else throw lost;
        },
      });
    let release: () => Promise<void>;
    try {
      release = await acquire();
    } catch (err) {
      if ((err as { code?: string }).code !== 'ELOCKED') throw err;
      const owner = readOwner(ownerPath);
      if (!owner || owner.host !== hostname() || isAlive(owner.pid))
        throw new LockedError(
          `Run ${runId} is in use by another runbook process${owner ? ` (pid ${owner.pid} on ${owner.host} since ${owner.since})` : ''}; wait for it to finish.`,
        );
      // Its owner died without releasing it: safe to take over.
      rmSync(lockPath, { recursive: true, force: true });
      release = await acquire();
    }
    // Not flushed to disk: it names a live process, and after a power cut none is (the lock goes stale).
    replaceFile(ownerPath, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
    return async () => {
      rmSync(ownerPath, { force: true });
      try {
        await release();
      } catch {
        // already released or taken over: nothing of ours to clean up
      }
    };
  }
}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}
