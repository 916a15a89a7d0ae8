/**
 * Runs for the reliability suite: in-process with sandbox faults and
 * interruptions, or as a real child process; and a fingerprint of what a
 * sandbox account holds, to prove "exactly the resources of one run".
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { shippedRunbook } from '../../runbooks/index.js';
import type { BackendCall } from '../../src/aws/session.js';
import { executeRun, type RunResult } from '../../src/engine/run/run.js';
import { rehearsal, sandboxFor, type SandboxAccountState, type SandboxFaults } from '../../src/sandbox/index.js';
import { sandboxAccount } from '../helpers/cli.js';
import type { Scenario } from './scenarios.js';

export interface InProcessRun {
  scenario: Scenario;
  stateDir: string;
  faults?: SandboxFaults;
  resumeRunId?: string;
  /** Abort (as Ctrl-C does) when this returns true for a finished step or an accepted write. */
  interruptWhen?: (event: { kind: 'step-done'; stepId: string } | { kind: 'write'; call: BackendCall }) => boolean;
  dryRun?: boolean;
}

export async function runInProcess(run: InProcessRun): Promise<RunResult> {
  const def = await shippedRunbook(run.scenario.runbook);
  const controller = new AbortController();
  const interrupt = (e: Parameters<NonNullable<InProcessRun['interruptWhen']>>[0]) => {
    if (!controller.signal.aborted && run.interruptWhen?.(e)) controller.abort(new Error('interrupted'));
  };
  const request = rehearsal(def, run.stateDir, {
    // A resume has its parameters from the state, except the secret ones, which are never written: given again, as the CLI asks.
    given: run.resumeRunId ? Object.fromEntries(Object.entries(run.scenario.given).filter(([k]) => def.params[k]?.secret)) : run.scenario.given,
    acks: run.scenario.acks,
    dryRun: run.dryRun ?? false,
    resumeRunId: run.resumeRunId,
    signal: controller.signal,
    onEvent: (e) => {
      if (e.event === 'step') interrupt({ kind: 'step-done', stepId: String(e.id) });
    },
    sandbox: sandboxFor({ faults: { ...run.faults, onWrite: (call) => interrupt({ kind: 'write', call }) } }),
  });
  return executeRun(request);
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a real process (from source, through tsx). */
export function runChild(args: string[], options: { env?: NodeJS.ProcessEnv; onStart?: (pid: number) => void; signalAfterMs?: { signal: NodeJS.Signals; ms: number } } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../helpers/cli-entry.ts'), ...args], {
      env: { ...process.env, CI: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    if (options.signalAfterMs) setTimeout(() => child.kill(options.signalAfterMs!.signal), options.signalAfterMs.ms);
    options.onStart?.(child.pid!);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** How many resources of each kind the account holds: equal fingerprints mean no twin and nothing missing. */
export function fingerprint(account: SandboxAccountState): Record<string, number> {
  const counts: Record<string, number> = {};
  const ignore = new Set(['commands', 'events', 'counters', 'parameters', 'images']);
  for (const [regionName, region] of Object.entries(account.regions))
    for (const [kind, collection] of Object.entries(region)) {
      if (ignore.has(kind) || typeof collection !== 'object' || collection === null) continue;
      const items = Object.values(collection as Record<string, { State?: { Name?: string } | string }>);
      counts[`${regionName}.${kind}`] = items.filter((i) => !(typeof i === 'object' && i && typeof i.State === 'object' && i.State?.Name === 'terminated')).length;
    }
  counts['iam.roles'] = Object.keys(account.iam.roles).length;
  counts['iam.instanceProfiles'] = Object.keys(account.iam.instanceProfiles).length;
  counts['s3.objects'] = Object.values(account.s3.buckets).reduce((n, b) => n + Object.keys((b as { objects?: object }).objects ?? {}).length, 0);
  return counts;
}


/** Run `fn` over `items`, at most `limit` at a time: the runs mostly wait on the simulated clock. */
export async function inPool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const workers = Array.from({ length: Math.min(limit, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  });
  await Promise.all(workers);
}

const baselines = new Map<string, Promise<{ fingerprint: Record<string, number>; state: RunResult['state'] }>>();

/** One uninterrupted run per scenario, shared by every test that compares against it. */
export function baselineOf(scenario: Scenario, tempDir: () => string): Promise<{ fingerprint: Record<string, number>; state: RunResult['state'] }> {
  let b = baselines.get(scenario.runbook);
  if (!b) {
    b = (async () => {
      const dir = tempDir();
      await scenario.setup?.(dir);
      const result = await runInProcess({ scenario, stateDir: dir });
      if (result.exitCode !== 0) throw new Error(`The uninterrupted run of ${scenario.runbook} failed: ${result.message}`);
      return { fingerprint: fingerprint(sandboxAccount(dir)), state: result.state };
    })();
    baselines.set(scenario.runbook, b);
  }
  return b;
}
