/**
 * `import { rehearse } from 'runbook/testing'`: run a runbook in a fresh
 * sandbox account from a test, the way `runbook run --sandbox
 * --non-interactive` would, and get its JSON report (docs/reports.md). The
 * project's own tests use it; so can a team's, with any test runner.
 *
 *   const result = await rehearse(myRunbook);
 *   assert.equal(result.report.status, 'succeeded', result.message);
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHIPPED } from '../../runbooks/index.js';
import type { RunbookDefinition } from '../engine/model/runbook.js';
import { executeRun, type RunRequest, type RunResult } from '../engine/run/run.js';
import type { RunState } from '../engine/state/state.js';
import { toJsonReport, type JsonReport } from '../report/json.js';
import type { SandboxFaults } from '../sandbox/account/faults.js';
import { rehearsal, sandboxFor } from '../sandbox/attach.js';

export interface RehearseOptions {
  /** Parameters of the run (default: the runbook's `rehearsal.params`). */
  params?: Record<string, unknown>;
  /** Manual steps to acknowledge (default: the runbook's `rehearsal.acks`). */
  acks?: readonly string[];
  /** Runs made first in the same account (default: the runbook's `rehearsal.before`). */
  before?: readonly { runbook: string | RunbookDefinition; params: Record<string, unknown> }[];
  /** Where the run and the sandbox account are kept (default: a fresh temporary folder). */
  stateDir?: string;
  dryRun?: boolean;
  /** Sandbox faults: throttling, eventual consistency, denied actions (see the reliability suite). */
  faults?: SandboxFaults;
  /** A runbook named by id in `before` that is not shipped with runbook. */
  runbooks?: readonly RunbookDefinition[];
  /** Anything else of the run request (a test may give its own signal or operator). */
  request?: Partial<RunRequest>;
}

export interface Rehearsed {
  exitCode: number;
  message: string;
  runId: string;
  /** The JSON report of the run (docs/reports.md). */
  report: JsonReport;
  state: RunState;
  stateDir: string;
}

async function byId(id: string, extra: readonly RunbookDefinition[] = []): Promise<RunbookDefinition> {
  const own = extra.find((d) => d.id === id);
  if (own) return own;
  const shipped = SHIPPED.find((s) => s.id === id);
  if (!shipped) throw new Error(`rehearse: no runbook ${id} to run first; pass it in options.runbooks.`);
  return (await shipped.load()).default;
}

function summarize(result: RunResult, stateDir: string): Rehearsed {
  return { exitCode: result.exitCode, message: result.message, runId: result.runId, report: toJsonReport(result.state), state: result.state, stateDir };
}

export async function rehearse(runbook: RunbookDefinition, options: RehearseOptions = {}): Promise<Rehearsed> {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), `rehearse-${runbook.id}-`));
  const sandbox = sandboxFor(options.faults ? { faults: options.faults } : {});
  for (const b of options.before ?? runbook.rehearsal?.before ?? []) {
    const def = typeof b.runbook === 'string' ? await byId(b.runbook, options.runbooks) : b.runbook;
    const first = await executeRun(rehearsal(def, stateDir, { given: b.params, sandbox, acks: [...(def.rehearsal?.acks ?? [])] }));
    if (first.exitCode !== 0) throw new Error(`rehearse: ${def.id}, which ${runbook.id} needs first, did not succeed: ${first.message}`);
  }
  const result = await executeRun(
    rehearsal(runbook, stateDir, {
      given: options.params ?? runbook.rehearsal?.params ?? {},
      acks: [...(options.acks ?? runbook.rehearsal?.acks ?? [])],
      dryRun: options.dryRun ?? false,
      sandbox,
      ...options.request,
    }),
  );
  return summarize(result, stateDir);
}
