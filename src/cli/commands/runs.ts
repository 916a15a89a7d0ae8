/** `runbook runs`, `runbook status <run-id>` and `runbook report <run-id>`. */
import { resolve } from 'node:path';
import type { AwsTarget } from '../../aws/session.js';
import { openRunStore } from '../run-store.js';
import { isReportFormat, renderReport, REPORT_FORMATS } from '../../report/index.js';
import { checkReportPath, writeReportFile } from '../report-file.js';
import { UsageError } from '../../core/errors.js';
import { paint } from '../colors.js';
import type { CliIo } from '../io.js';
import { keyOutputLines } from '../key-outputs.js';

/** Where the runs are: --state-dir, and for S3 state the account the flags name. */
export interface StoreFlags {
  stateDir: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
}

const storeOf = async (io: CliIo, o: StoreFlags) => (await openRunStore(io, o.stateDir, { target: { region: o.region, profile: o.profile, endpointUrl: o.endpointUrl } satisfies AwsTarget })).store;

export async function runsCommand(io: CliIo, options: { json?: boolean } & StoreFlags): Promise<number> {
  const store = await storeOf(io, options);
  const runs = await store.list();
  if (options.json) io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
  else if (runs.length === 0) io.stderr.write(`No runs in ${store.location}.\n`);
  else for (const r of runs) io.stdout.write(`${r.runId}  ${r.runbook}  ${r.mode}  ${r.status}  ${r.updatedAt}\n`);
  return 0;
}

export async function statusCommand(io: CliIo, runId: string, options: { json?: boolean } & StoreFlags): Promise<number> {
  const state = await (await storeOf(io, options)).load(runId);
  if (options.json) {
    io.stdout.write(renderReport(state, 'json'));
    return 0;
  }
  io.stdout.write(`${state.runId}  ${state.runbook.id}  ${state.mode}  ${paint(state.status, state.status, 'stdout')}  (updated ${state.updatedAt})\n`);
  for (const s of state.steps) io.stdout.write(`  ${paint(s.status, s.status.padEnd(15), 'stdout')} ${s.id.padEnd(24)} ${s.reason ?? ''}\n`);
  if (state.keyOutputs?.length) io.stdout.write(`${keyOutputLines(state.keyOutputs).join('\n')}\n`);
  if (state.error) io.stdout.write(`Error: ${state.error.message}\n`);
  if (state.destroy) {
    const d = state.destroy;
    io.stdout.write(`Destroy: ${d.status} (${d.finishedAt ?? d.startedAt})\n`);
    for (const r of d.resources) io.stdout.write(`  ${r.status.padEnd(8)} ${r.type} ${r.id} [${r.step}]${r.reason ? `: ${r.reason}` : ''}\n`);
  }
  return 0;
}

export async function reportCommand(io: CliIo, runId: string, options: { format: string; output?: string } & StoreFlags): Promise<number> {
  if (!isReportFormat(options.format)) throw new UsageError(`--format ${options.format}: expected one of ${REPORT_FORMATS.join(', ')}.`);
  const output = options.output ? resolve(io.cwd, options.output) : undefined;
  if (output) checkReportPath('--output', output);
  const state = await (await storeOf(io, options)).load(runId);
  const text = renderReport(state, options.format);
  if (!output) {
    io.stdout.write(text);
    return 0;
  }
  const failed = writeReportFile(output, text);
  if (failed) throw new UsageError(failed);
  return 0;
}
