/**
 * Which journal lines wait for the disk: a line that records a change is
 * flushed before the run goes on; a line of reads only is written, and made
 * durable by the next flush or the fold.
 */
import * as fs from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '../../src/core/calls.js';
import { StateStore } from '../../src/engine/state/state-store.js';
import { tempStateDir } from '../helpers/cli.js';
import { sampleState } from '../helpers/run-state.js';

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  return { ...real, fdatasyncSync: vi.fn(real.fdatasyncSync) };
});

const call = (operation: string, mutating: boolean): CallRecord => ({
  stepId: 's',
  phase: mutating ? 'apply' : 'check',
  service: 'ec2',
  operation,
  mutating,
  sent: true,
  startedAt: '2026-01-01T00:00:00Z',
  durationMs: 1,
  attempts: 1,
});

function opened() {
  const store = new StateStore(tempStateDir());
  const state = sampleState();
  store.save(state);
  return { store, state, step: state.steps[0]! };
}

describe('journal lines and the disk', () => {
  // Counted from each test's start.
  let before = 0;
  beforeEach(() => {
    before = vi.mocked(fs.fdatasyncSync).mock.calls.length;
  });
  const flushes = () => vi.mocked(fs.fdatasyncSync).mock.calls.length - before;

  it('writes a line of reads only (a check that found the step not done) without waiting for the disk', () => {
    const { store, state, step } = opened();
    step.calls.push(call('DescribeVolumes', false));
    step.phase = 'checked';
    step.reason = 'not there yet';
    store.append(state, 's');
    expect(flushes()).toBe(0);
    // Written all the same: a crashed process loses nothing.
    expect(store.load(state.runId).steps[0]).toMatchObject({ phase: 'checked', reason: 'not there yet', calls: [{ operation: 'DescribeVolumes' }] });
  });

  it('flushes a line that records a write sent, a step applied or a step changed, and with it every line before', () => {
    const { store, state, step } = opened();
    step.calls.push(call('DescribeVolumes', false));
    store.append(state, 's');
    step.calls.push(call('CreateVolume', true));
    store.append(state, 's');
    expect(flushes()).toBe(1);
    step.phase = 'applied';
    store.append(state, 's');
    step.phase = 'verified';
    step.status = 'changed';
    store.append(state, 's');
    expect(flushes()).toBe(3);
    expect(store.load(state.runId).steps[0]!.calls.map((c) => c.operation)).toEqual(['DescribeVolumes', 'CreateVolume']);
  });

  it("leaves the run's own read-only line (who the caller is) to the next flush", () => {
    const { store, state } = opened();
    state.calls.push({ ...call('GetCallerIdentity', false), stepId: undefined, service: 'sts' });
    state.target.account = '123456789012';
    store.append(state, undefined);
    expect(flushes()).toBe(0);
    expect(store.load(state.runId).target.account).toBe('123456789012');
  });
});
