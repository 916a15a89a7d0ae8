/** One run of a runbook in a fresh (or given) sandbox account, in this process. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunbookDefinition } from '../src/engine/model.js';
import { executeRun, type RunResult } from '../src/engine/run.js';
import { sandboxFor } from '../src/sandbox/index.js';

export function freshStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'runbook-bench-'));
}

export function sandboxRun(runbook: RunbookDefinition, stateDir: string, options: { given?: Record<string, unknown>; dryRun?: boolean } = {}): Promise<RunResult> {
  return executeRun({
    runbook,
    given: options.given ?? {},
    dryRun: options.dryRun ?? false,
    nonInteractive: true,
    yes: true,
    acks: [],
    target: {},
    stateDir,
    renderer: 'silent',
    signal: new AbortController().signal,
    sandbox: sandboxFor(),
  });
}
