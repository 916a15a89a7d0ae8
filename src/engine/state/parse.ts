/**
 * Reading a run's state, wherever it is kept: a file that cannot be used is
 * refused with one sentence and left exactly as it was.
 */
import { StateFileError } from '../../core/errors.js';
import { runStateSchema, STATE_FORMAT_VERSION, type RunState } from './state.js';

/** What `runbook runs` lists of a run, kept beside it so listing reads no state in full. */
export interface RunSummary {
  runId: string;
  runbook: string;
  mode: string;
  status: string;
  updatedAt: string;
}

export function summaryOf(state: RunState): RunSummary {
  // A destroy's outcome is the run's last word: `runbook runs` shows a destroyed run as such.
  const status = state.destroy ? (state.destroy.status === 'destroyed' ? 'destroyed' : `destroy ${state.destroy.status}`) : state.status;
  return { runId: state.runId, runbook: state.runbook.id, mode: state.mode, status, updatedAt: state.updatedAt };
}

/** The state in `text`, read from `where`, checked against the schema and the format version. */
export function parseRunState(text: string, where: string): RunState {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new StateFileError(`The state file ${where} is not valid JSON (truncated or edited); it was left unchanged.`);
  }
  const version = (data as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version > STATE_FORMAT_VERSION)
    throw new StateFileError(`The state file ${where} has format version ${version}, newer than this runbook's ${STATE_FORMAT_VERSION}; upgrade runbook to resume it. The file was left unchanged.`);
  const parsed = runStateSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StateFileError(`The state file ${where} is not a runbook state (${issue ? `${issue.path.join('.') || 'root'}: ${issue.message}` : 'unknown shape'}); it was left unchanged.`);
  }
  return parsed.data as unknown as RunState;
}

/** The state must be the run asked for, of the runbook expected. */
export function checkRunOf(state: RunState, where: string, runId: string, expectRunbook?: string): RunState {
  if (state.runId !== runId) throw new StateFileError(`The state file ${where} belongs to run ${state.runId}, not ${runId}; it was left unchanged.`);
  if (expectRunbook && state.runbook.id !== expectRunbook) throw new StateFileError(`Run ${runId} belongs to runbook ${state.runbook.id}, not ${expectRunbook}; it was left unchanged.`);
  return state;
}
