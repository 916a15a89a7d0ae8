/** One run of a runbook in a fresh (or given) sandbox account, in this process. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunbookDefinition } from '../src/engine/model/runbook.js';
import { executeRun, type RunResult } from '../src/engine/run/run.js';
import { rehearsal } from '../src/sandbox/index.js';

export function freshStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'runbook-bench-'));
}

export function sandboxRun(runbook: RunbookDefinition, stateDir: string, options: { given?: Record<string, unknown>; dryRun?: boolean } = {}): Promise<RunResult> {
  // The rehearsal's manual steps are acknowledged, as --ack would (a drill's checks by a person).
  return executeRun(rehearsal(runbook, stateDir, { given: options.given ?? {}, acks: [...(runbook.rehearsal?.acks ?? [])], dryRun: options.dryRun ?? false }));
}
