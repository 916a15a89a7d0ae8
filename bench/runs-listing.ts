/**
 * Figure 6: `runbook runs` with 1,000 saved runs against 1, as whole
 * processes. Each run is a real state file of a rehearsal (copied under new
 * run ids, with the summary the store keeps beside it).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shippedRunbook } from '../runbooks/index.js';
import { freshStateDir, prepareAccount, sandboxRun } from './sandbox-run.js';
import { median } from './median.js';
import { timeOnce } from './startup.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'runbook.js');

function copies(source: string, runId: string, count: number): string {
  const dir = freshStateDir();
  mkdirSync(join(dir, 'runs'));
  const state = readFileSync(join(source, 'runs', `${runId}.json`), 'utf8');
  const summary = readFileSync(join(source, 'runs', `${runId}.summary`), 'utf8');
  for (let i = 0; i < count; i++) {
    const id = `${runId}-${String(i).padStart(4, '0')}`;
    writeFileSync(join(dir, 'runs', `${id}.json`), state.replaceAll(runId, id), { mode: 0o600 });
    writeFileSync(join(dir, 'runs', `${id}.summary`), summary.replaceAll(runId, id), { mode: 0o600 });
  }
  return dir;
}

export async function runsListing(): Promise<{ oneMs: number; thousandMs: number; ratio: number; runBytes: number }> {
  const def = await shippedRunbook('lamp-swarm-node');
  const source = freshStateDir();
  await prepareAccount(def, source);
  const run = await sandboxRun(def, source, { given: def.rehearsal?.params ?? {} });
  const [one, thousand] = [copies(source, run.runId, 1), copies(source, run.runId, 1000)];
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 7; i++) {
    a.push(timeOnce([BIN, 'runs', '--state-dir', one]));
    b.push(timeOnce([BIN, 'runs', '--state-dir', thousand]));
  }
  const runBytes = readFileSync(join(source, 'runs', `${run.runId}.json`)).length;
  return { oneMs: median(a), thousandMs: median(b), ratio: median(b) / median(a), runBytes };
}
