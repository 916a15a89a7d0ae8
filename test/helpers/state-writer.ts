/** Saves a growing run state in a loop until killed: the crash-while-writing test kills it mid-write. */
import { StateStore } from '../../src/engine/state/state-store.js';
import { STATE_FORMAT_VERSION, type RunState } from '../../src/engine/state/state.js';

const [stateDir, runId] = process.argv.slice(2) as [string, string];
const store = new StateStore(stateDir);
const state: RunState = {
  formatVersion: STATE_FORMAT_VERSION,
  runId,
  runbook: { id: 'redis-sessions', title: 't', definitionHash: 'h' },
  mode: 'apply',
  status: 'running',
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  target: { sandbox: true },
  params: {},
  acks: [],
  steps: [],
  calls: [],
};
store.save(state);
process.stdout.write('ready\n');
// Steps are journaled one by one; the store folds the journal into the snapshot as it grows.
for (let i = 0; ; i++) {
  state.steps.push({ id: `s${i}`, title: 'x'.repeat(2000), kind: 'k', covers: [], status: 'ok', outputs: { i }, evidence: [], calls: [] });
  store.append(state, `s${i}`);
}
