/** The state store with no mocks: atomic writes, refusals that leave the file alone, locks. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LockedError, StateFileError } from '../../src/core/errors.js';
import { StateStore } from '../../src/engine/state/state-store.js';
import { tempStateDir } from '../helpers/cli.js';
import { sampleState } from '../helpers/run-state.js';

const sample = sampleState;

function expectRefused(store: StateStore, runId: string, content: string, message: RegExp, runbook?: string) {
  mkdirSync(store.runsDir, { recursive: true });
  const path = store.pathOf(runId);
  writeFileSync(path, content);
  expect(() => store.load(runId, runbook)).toThrow(StateFileError);
  expect(() => store.load(runId, runbook)).toThrow(message);
  expect(readFileSync(path, 'utf8')).toBe(content);
}

describe('StateStore', () => {
  it('round-trips a state, owner-only, with no temporary file left behind', () => {
    const store = new StateStore(tempStateDir());
    const state = sample();
    store.save(state);
    expect(store.load(state.runId)).toMatchObject({ runId: state.runId, steps: [{ id: 's' }] });
    expect(statSync(store.pathOf(state.runId)).mode & 0o777).toBe(0o600);
    expect(statSync(store.runsDir).mode & 0o777).toBe(0o700);
    expect(readdirSync(store.runsDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(store.list()).toMatchObject([{ runId: state.runId, runbook: 'redis-sessions', status: 'running' }]);
  });

  it('lists a run from its summary, and from the run itself when the summary is older than the run (a write lost in a power cut)', () => {
    const store = new StateStore(tempStateDir());
    const state = sample();
    store.save(state);
    const summaryPath = store.summaryPathOf(state.runId);
    // A summary that says something else, written after the run: it is what the listing shows...
    writeFileSync(summaryPath, JSON.stringify({ runId: state.runId, runbook: 'redis-sessions', mode: 'apply', status: 'from-the-summary', updatedAt: state.updatedAt }));
    expect(store.list()).toMatchObject([{ status: 'from-the-summary' }]);
    // ...until it is older than the run's snapshot: then the run is read, and its own status shown.
    const runTime = statSync(store.pathOf(state.runId)).mtime;
    utimesSync(summaryPath, new Date(runTime.getTime() - 60_000), new Date(runTime.getTime() - 60_000));
    expect(store.list()).toMatchObject([{ runId: state.runId, status: 'running' }]);
  });

  it('refuses a truncated file, a non-JSON file, a newer format and another runbook, leaving each unchanged', () => {
    const store = new StateStore(tempStateDir());
    const full = JSON.stringify(sample());
    expectRefused(store, 'demo-20260101t000000-abcd', full.slice(0, full.length / 2), /not valid JSON/);
    expectRefused(store, 'demo-20260101t000000-abcd', 'hello', /not valid JSON/);
    expectRefused(store, 'demo-20260101t000000-abcd', JSON.stringify({ ...sample(), formatVersion: 99 }), /format version 99, newer/);
    expectRefused(store, 'demo-20260101t000000-abcd', JSON.stringify({ ...sample(), steps: 'x' }), /not a runbook state \(steps/);
    expectRefused(store, 'demo-20260101t000000-abcd', full, /belongs to runbook redis-sessions, not lamp-swarm-node/, 'lamp-swarm-node');
  });

  it('refuses a run id that could escape the state dir', () => {
    const store = new StateStore(tempStateDir());
    expect(() => store.pathOf('../../etc/passwd')).toThrow(/not a run id/);
  });

  it('lets one holder lock a run; a second gets LockedError until it is released', async () => {
    const store = new StateStore(tempStateDir());
    const runId = 'demo-20260101t000000-abcd';
    const release = await store.lock(runId);
    await expect(store.lock(runId)).rejects.toBeInstanceOf(LockedError);
    await release();
    const again = await store.lock(runId);
    await again();
  });

  it('takes over a lock left by a dead process once it is stale', async () => {
    const store = new StateStore(tempStateDir());
    const runId = 'demo-20260101t000000-abcd';
    mkdirSync(store.runsDir, { recursive: true });
    // What a killed process leaves: the lock directory, no longer refreshed.
    const lockDir = `${store.pathOf(runId)}.lock`;
    mkdirSync(lockDir);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockDir, old, old);
    const release = await store.lock(runId, { staleMs: 2000 });
    expect(existsSync(lockDir)).toBe(true);
    await release();
  });

  it('tells its holder, instead of throwing, when another process takes the lock over', async () => {
    const store = new StateStore(tempStateDir());
    const runId = 'demo-20260101t000000-beef';
    let lost: Error | undefined;
    const release = await store.lock(runId, { staleMs: 2000, onLost: (err) => (lost = err) });
    // Another process removed it (as a takeover of a stale lock does) and holds its own now.
    rmSync(`${store.pathOf(runId)}.lock`, { recursive: true, force: true });
    await new Promise((r) => setTimeout(r, 1500));
    expect(lost).toBeInstanceOf(LockedError);
    expect(lost!.message).toMatch(/^The lock on run demo-20260101t000000-beef was taken over by another process \(.+\)\.$/);
    await release();
  });

  describe('the journal', () => {
    /** The lines recorded: the journal's text before the zeros allocated ahead. */
    const recorded = (path: string) => readFileSync(path, 'utf8').split('\0')[0]!;

    function journaled() {
      const store = new StateStore(tempStateDir());
      const state = sample();
      store.save(state);
      state.steps[0]!.status = 'changed';
      store.append(state, 's');
      state.steps.push({ id: 't', title: 't', kind: 'k', covers: [], status: 'ok', outputs: { a: 1 }, evidence: [], calls: [] });
      store.append(state, 't');
      state.status = 'succeeded';
      store.append(state, undefined);
      return { store, state };
    }

    it('records each phase by appending, and a load replays it over the snapshot', () => {
      const { store, state } = journaled();
      expect(recorded(store.journalPathOf(state.runId)).trim().split('\n')).toHaveLength(3);
      expect(store.load(state.runId)).toMatchObject({ status: 'succeeded', steps: [{ id: 's', status: 'changed' }, { id: 't', outputs: { a: 1 } }] });
    });

    it('drops a torn last line (a crash mid-append) and refuses a damaged line before it', () => {
      const { store, state } = journaled();
      const path = store.journalPathOf(state.runId);
      // Torn over the zeros allocated ahead, as a crash mid-append leaves it.
      const zeros = readFileSync(path).length - Buffer.byteLength(recorded(path));
      writeFileSync(path, `${recorded(path)}{"step":{"id":"u","tit${'\0'.repeat(zeros)}`);
      expect(store.load(state.runId).steps.map((s) => s.id)).toEqual(['s', 't']);
      writeFileSync(path, `null\n${recorded(path)}`);
      expect(() => store.load(state.runId)).toThrow(/journal .* is damaged at line 1/);
      const damaged = `garbage\n${recorded(path).split('\n').slice(1).join('\n')}`;
      writeFileSync(path, damaged);
      expect(() => store.load(state.runId)).toThrow(/journal .* is damaged at line 1; it was left unchanged/);
      expect(readFileSync(path, 'utf8')).toBe(damaged);
    });

    it('has its space allocated ahead, so an append changes neither its size nor its blocks', () => {
      const { store, state } = journaled();
      const path = store.journalPathOf(state.runId);
      const before = statSync(path).size;
      expect(before).toBeGreaterThan(Buffer.byteLength(recorded(path)));
      state.steps[0]!.evidence.push('one more line');
      store.append(state, 's');
      expect(statSync(path).size).toBe(before);
      expect(store.load(state.runId).steps[0]!.evidence).toEqual(['one more line']);
    });

    it('grows its space when a line does not fit, keeping every line', () => {
      const store = new StateStore(tempStateDir());
      const state = sample();
      store.save(state);
      // Larger than the space first allocated, smaller than the snapshot would fold at.
      state.steps[0]!.evidence.push('z'.repeat(300 * 1024));
      store.append(state, 's');
      state.steps[0]!.status = 'changed';
      store.append(state, 's');
      expect(statSync(store.journalPathOf(state.runId)).size).toBeGreaterThan(300 * 1024);
      expect(store.load(state.runId).steps[0]).toMatchObject({ status: 'changed', evidence: ['z'.repeat(300 * 1024)] });
    });

    it('is folded into the snapshot when the run closes, leaving one JSON file', () => {
      const { store, state } = journaled();
      store.close(state);
      expect(existsSync(store.journalPathOf(state.runId))).toBe(false);
      expect(JSON.parse(readFileSync(store.pathOf(state.runId), 'utf8'))).toMatchObject({ status: 'succeeded', steps: [{ status: 'changed' }, { id: 't' }] });
    });

    it('is folded into the snapshot once it outgrows it, so no save costs more than its own entry for long', () => {
      const store = new StateStore(tempStateDir());
      const state = sample();
      store.save(state);
      for (let i = 0; i < 400; i++) {
        state.steps.push({ id: `x${i}`, title: 'y'.repeat(1000), kind: 'k', covers: [], status: 'ok', outputs: {}, evidence: [], calls: [] });
        store.append(state, `x${i}`);
      }
      const journal = existsSync(store.journalPathOf(state.runId)) ? Buffer.byteLength(recorded(store.journalPathOf(state.runId))) : 0;
      expect(journal).toBeLessThan(statSync(store.pathOf(state.runId)).size + 2000);
      expect(store.load(state.runId).steps).toHaveLength(401);
    });
  });
});
