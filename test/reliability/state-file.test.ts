/**
 * The state file: every unusable file is refused with exit 2 and left byte for
 * byte; a crash in the middle of a write never leaves half a file; a second
 * process on a run exits 4; a lock left by a dead process is taken over.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateStore } from '../../src/engine/state/state-store.js';
import { runCli, tempStateDir } from '../helpers/cli.js';
import { runChild } from './harness.js';

const RUN = 'redis-sessions-20260101t000000-abcd';

function validState(runbook = 'redis-sessions', formatVersion = 1) {
  return JSON.stringify({
    formatVersion,
    runId: RUN,
    runbook: { id: runbook, title: 't', definitionHash: 'h' },
    mode: 'apply',
    status: 'failed',
    createdAt: 'x',
    updatedAt: 'x',
    target: { sandbox: true },
    params: {},
    acks: [],
    steps: [],
    calls: [],
  });
}

const corrupt: [string, string, RegExp][] = [
  ['truncated', validState().slice(0, 60), /not valid JSON/],
  ['not JSON', 'this is not json', /not valid JSON/],
  ['from a newer format version', validState('redis-sessions', 7), /format version 7, newer than this runbook's 1/],
  ['not a run state', JSON.stringify({ formatVersion: 1, hello: 'world' }), /not a runbook state/],
  ['belonging to an unknown runbook', validState('no-such-runbook'), /Unknown runbook no-such-runbook/],
  ['copied from another run', validState().replace(RUN, 'lamp-swarm-node-20260101t000000-ffff'), /belongs to run lamp-swarm-node-20260101t000000-ffff, not redis-sessions/],
];

describe('an unusable state file', () => {
  it.each(corrupt)('%s: resume, status and report refuse it with exit 2 and leave it unchanged', async (_name, content, message) => {
    const dir = tempStateDir();
    mkdirSync(join(dir, 'runs'), { recursive: true });
    const path = join(dir, 'runs', `${RUN}.json`);
    writeFileSync(path, content);
    for (const args of [
      ['resume', RUN, '--sandbox', '--non-interactive', '--state-dir', dir],
      ['status', RUN, '--state-dir', dir],
      ['report', RUN, '--format', 'json', '--state-dir', dir],
    ]) {
      const result = await runCli(args);
      if (args[0] !== 'resume' && message.source.startsWith('Unknown runbook')) continue; // status/report can show another runbook's run
      expect(result.code, `${args[0]}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(readFileSync(path, 'utf8')).toBe(content);
    }
  });
});

describe('a crash while the state is written', () => {
  it('never leaves a half-written file: after every kill the file is a complete state', async () => {
    const dir = tempStateDir();
    const store = new StateStore(dir);
    for (let round = 0; round < 8; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../helpers/state-writer.ts'), dir, RUN], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 30 + Math.random() * 150));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('close', r));
      const state = store.load(RUN);
      expect(state.steps.length).toBeGreaterThan(0);
      expect(state.steps.every((s, i) => s.id === `s${i}`)).toBe(true);
    }
  });
});

describe('two processes on one run', () => {
  it('the second exits 4 while the first holds the run; a lock left by a killed process is taken over at once', async () => {
    const dir = tempStateDir();
    const stopped = await runCli(['run', 'redis-sessions', '--sandbox', '--non-interactive', '--state-dir', dir, '--param', `appDir=${dir}`]);
    expect(stopped.code).toBe(3);
    const runId = /runs\/([^/\s]+)\.json/.exec(stopped.stderr)![1]!;

    // A process that holds the run lock and is then killed without releasing it.
    const holder = spawn(process.execPath, ['--import', 'tsx', '-e', `import('${join(import.meta.dirname, '../../src/engine/state/state-store.ts')}').then(async ({ StateStore }) => { await new StateStore(${JSON.stringify(dir)}).lock(${JSON.stringify(runId)}); process.stdout.write('locked\\n'); setInterval(() => {}, 1000); })`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const before = readFileSync(join(dir, 'runs', `${runId}.json`), 'utf8');
    const second = await runChild(['resume', runId, '--sandbox', '--non-interactive', '--state-dir', dir, '--ack', 'deploy-manually']);
    expect(second.code, second.stderr).toBe(4);
    expect(second.stderr).toMatch(new RegExp(`in use by another runbook process \\(pid ${holder.pid} `));
    expect(readFileSync(join(dir, 'runs', `${runId}.json`), 'utf8')).toBe(before);

    holder.kill('SIGKILL');
    await new Promise((r) => holder.on('close', r));
    const third = await runCli(['resume', runId, '--sandbox', '--non-interactive', '--state-dir', dir, '--ack', 'deploy-manually']);
    expect(third.code, third.stderr).toBe(0);
  });
});
