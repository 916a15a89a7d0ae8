/**
 * Run the CLI in-process against a fresh state dir, capturing both streams,
 * and read the sandbox account it used.
 */
import { expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { RunState } from '../../src/engine/state/state.js';
import { StateStore } from '../../src/engine/state/state-store.js';
import { openSandbox, type SandboxAccountState } from '../../src/sandbox/index.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function tempStateDir(prefix = 'runbook-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function runCli(args: string[], options: { cwd?: string; tty?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t), isTTY: false },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    stdinIsTTY: options.tty ?? false,
    env: { ...process.env, CI: 'true', ...options.env },
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout, stderr };
}

/** The run id printed on the last "State:" line. */
export function runIdOf(result: CliResult): string {
  const m = /State: .*\/runs\/([^/\s]+)\.json/.exec(result.stderr);
  if (!m) throw new Error(`No run id in:\n${result.stderr}`);
  return m[1]!;
}

/** A run's state as the product reads it: the snapshot with its journal replayed. */
export function readState(stateDir: string, runId: string): RunState {
  return new StateStore(stateDir).load(runId);
}

/** Runs the CLI, which must succeed, and answers the state of the run it made (in `stateDir`). */
export async function succeededRun(args: string[], stateDir: string): Promise<RunState> {
  const run = await runCli(args);
  expect(run.code, run.stderr).toBe(0);
  return readState(stateDir, runIdOf(run));
}

export function sandboxAccount(stateDir: string): SandboxAccountState {
  return openSandbox({ stateDir }).snapshot();
}

export function mutatingCallsSent(state: RunState): { step?: string; operation: string }[] {
  return [...state.calls, ...state.steps.flatMap((s) => s.calls)].filter((c) => c.mutating && c.sent).map((c) => ({ step: c.stepId, operation: `${c.service}:${c.operation}` }));
}
