/** The state store with no mocks: atomic writes, refusals that leave the file alone, locks. */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LockedError, StateFileError } from '../../src/engine/errors.js';
import { STATE_FORMAT_VERSION, type RunState } from '../../src/engine/state.js';
import { StateStore } from '../../src/engine/state-store.js';
import { tempStateDir } from '../helpers/cli.js';

function sample(runId = 'demo-20260101t000000-abcd', runbook = 'redis-sessions'): RunState {
  return {
    formatVersion: STATE_FORMAT_VERSION,
    runId,
    runbook: { id: runbook, title: 't', definitionHash: 'h' },
    mode: 'apply',
    status: 'running',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    target: { sandbox: true },
    params: {},
    acks: [],
    steps: [{ id: 's', title: 's', kind: 'k', covers: ['1'], status: 'pending', outputs: {}, evidence: [], calls: [] }],
    calls: [],
  };
}

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
    const release = await store.lock(runId, 2000);
    expect(existsSync(lockDir)).toBe(true);
    await release();
  });
});
