/** A small valid run state for store and report tests. */
import { STATE_FORMAT_VERSION, type RunState } from '../../src/engine/state/state.js';

export function sampleState(runId = 'demo-20260101t000000-abcd', runbook = 'redis-sessions'): RunState {
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
