/** Finding a runbook by id, with a suggestion for a typo. */
import { RUNBOOKS, type RunbookEntry } from '../../runbooks/index.js';
import { UsageError } from '../core/errors.js';
import type { RunbookDefinition } from '../engine/model/runbook.js';
import { nearest } from '../core/nearest.js';

export function findEntry(id: string): RunbookEntry {
  const entry = RUNBOOKS.find((r) => r.id === id);
  if (entry) return entry;
  const near = nearest(id, RUNBOOKS.map((r) => r.id));
  throw new UsageError(`Unknown runbook ${id}${near ? `: did you mean ${near}?` : ''} (see "runbook list").`);
}

export async function loadRunbook(id: string): Promise<RunbookDefinition> {
  return findEntry(id).load();
}

export { RUNBOOKS };
