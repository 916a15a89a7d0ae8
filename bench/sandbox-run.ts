/** Runs of a runbook in a fresh (or given) sandbox account, in this process. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shippedRunbook } from '../runbooks/index.js';
import type { RunbookDefinition } from '../src/engine/model/runbook.js';
import { executeRun, type RunRequest, type RunResult } from '../src/engine/run/run.js';
import { rehearsal } from '../src/sandbox/index.js';

export function freshStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'runbook-bench-'));
}

export function sandboxRun(runbook: RunbookDefinition, stateDir: string, options: { given?: Record<string, unknown>; dryRun?: boolean } & Partial<RunRequest> = {}): Promise<RunResult> {
  const { given, dryRun, ...rest } = options;
  return executeRun(rehearsal(runbook, stateDir, { given: given ?? {}, dryRun: dryRun ?? false, acks: [...(runbook.rehearsal?.acks ?? [])], ...rest }));
}

/** The runs the rehearsal needs first (a node before the runbooks that act on it), in the same account. */
export async function prepareAccount(def: RunbookDefinition, stateDir: string): Promise<void> {
  for (const b of def.rehearsal?.before ?? []) {
    const made = await sandboxRun(await shippedRunbook(b.runbook), stateDir, { given: b.params });
    if (made.exitCode !== 0) throw new Error(`${b.runbook} (before ${def.id}): ${made.message}`);
  }
}
