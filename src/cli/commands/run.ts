/**
 * `runbook run <runbook>` and `runbook resume <run-id>`.
 */
import { existsSync, statSync } from 'node:fs';
import { shellQuote } from '../../aws/shell.js';
import { ExitCode, UsageError } from '../../core/errors.js';
import { instantiateSteps } from '../../engine/plan/planner.js';
import { executeRun, type RunRequest, type RunResult } from '../../engine/run/run.js';
import { DEFAULT_STATE_DIR, openRunStore } from '../run-store.js';
import { renderReport } from '../../report/index.js';
import { describeCall } from '../../io/describe-calls.js';
import type { RunState } from '../../engine/state/state.js';
import { findRunbook, runbookOfRun } from '../catalog.js';
import { paint } from '../colors.js';
import { writeReportFile } from '../report-file.js';
import type { CliIo } from '../io.js';
import { keyOutputLines } from '../key-outputs.js';
import { checkTarget, parseParamFlags, parseReportFlags, parseSandboxFault, readParamsFile, sandboxFaultsFromEnv, type RunFlags } from '../run-options.js';

export async function runCommand(io: CliIo, target: { runbookId?: string; runId?: string }, flags: RunFlags): Promise<number> {
  await checkTarget(flags, io.env);
  const { store, localDir: stateDir } = await openRunStore(io, flags.stateDir, {
    target: { region: flags.region, profile: flags.profile, endpointUrl: flags.endpointUrl },
    sandbox: flags.sandbox,
    kmsKeyId: flags.stateKmsKey,
  });
  if (existsSync(stateDir) && statSync(stateDir).mode & 0o022)
    io.stderr.write(`Warning: the state dir ${stateDir} is writable by other users, who could replace its run files; prefer an owner-only folder.\n`);
  const catalog = { cwd: io.cwd, env: io.env, runbookDirs: flags.runbooks };
  const recorded = target.runId ? (await store.load(target.runId)).runbook : undefined;
  const { def, origin } = recorded ? await runbookOfRun(recorded.id, recorded.origin, catalog) : await findRunbook(target.runbookId!, catalog);
  const given = { ...(flags.paramsFile ? readParamsFile(flags.paramsFile, io.cwd) : {}), ...parseParamFlags(flags.param) };
  const reports = parseReportFlags(flags.report, io.cwd);
  const fault = parseSandboxFault(
    flags.sandboxFault,
    def,
    instantiateSteps(def, given).map((s) => s.id),
  );
  const interactive = !flags.nonInteractive && io.stdinIsTTY;
  if (!interactive && !flags.nonInteractive && !flags.yes && !flags.dryRun)
    throw new UsageError('There is no terminal to ask for confirmations: pass --non-interactive (CI) or --yes.');

  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (interrupts === 1) {
      io.stderr.write('\nInterrupted: finishing the current AWS call and saving the state (Ctrl-C again to quit at once).\n');
      controller.abort(new Error('interrupted'));
    } else process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // The command that continues this run must work as printed: the sandbox, the state dir, no terminal, the endpoint.
  const resumeCommand = (runId: string) =>
    [
      'runbook resume',
      runId,
      ...(flags.sandbox ? ['--sandbox'] : []),
      ...(flags.stateDir !== DEFAULT_STATE_DIR ? ['--state-dir', shellWord(flags.stateDir)] : []),
      ...(!interactive ? ['--non-interactive'] : []),
      ...(flags.endpointUrl ? ['--endpoint-url', shellWord(flags.endpointUrl)] : []),
    ].join(' ');
  const emit = (event: Record<string, unknown>) => io.stdout.write(`${JSON.stringify(event)}\n`);
  const request: RunRequest = {
    runbook: def,
    origin,
    cwd: io.cwd,
    resumeCommand,
    given,
    dryRun: Boolean(flags.dryRun),
    nonInteractive: !interactive,
    yes: Boolean(flags.yes) || Boolean(flags.nonInteractive),
    acks: flags.ack ?? [],
    from: flags.from,
    target: { region: flags.region, profile: flags.profile, endpointUrl: flags.endpointUrl },
    stateDir,
    store,
    resumeRunId: target.runId,
    force: flags.force,
    ...(flags.probes === false ? { probes: false } : {}),
    // listr2 needs a real stream: in-process callers (tests) get no progress tree.
    renderer: io.stderr !== process.stderr ? 'silent' : io.stderr.isTTY && !io.env.CI ? 'default' : 'simple',
    signal: controller.signal,
    ...(flags.sandbox ? { sandbox: await sandboxOption(io.env, fault, flags.region) } : {}),
    ...(flags.json ? { onEvent: emit } : {}),
  };
  let result: RunResult;
  try {
    result = await executeRun(request);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  // A report the operator asked for and did not get is a failed command, whatever the run did.
  let reportFailed = false;
  for (const r of reports) {
    const failed = writeReportFile(r.path, renderReport(result.state, r.format, { redact: result.redact }));
    if (failed) io.stderr.write(`${failed}\n`);
    reportFailed ||= failed !== undefined;
  }
  if (flags.json) emit({ event: 'run-finished', runId: result.runId, status: result.status, exitCode: result.exitCode, message: result.message });
  if (result.state.mode === 'dry-run') io.stderr.write(dryRunSummary(result.state));
  const outputs = result.state.keyOutputs?.length ? `${keyOutputLines(result.state.keyOutputs).join('\n')}\n` : '';
  io.stderr.write(`${paint(result.status, result.message)}\n${outputs}State: ${store.pathOf(result.runId)}\n`);
  return reportFailed && result.exitCode === ExitCode.Done ? ExitCode.StepFailed : result.exitCode;
}


/** Every write a dry-run would have sent, step by step, with the values that matter. */
function dryRunSummary(state: RunState): string {
  const planned = state.steps.filter((s) => s.status === 'planned' && (s.plan ?? []).length > 0);
  if (planned.length === 0) return 'A real run would change nothing: every step is already in place.\n';
  const lines = [`A real run would make these changes (${planned.length} step${planned.length === 1 ? '' : 's'}):`];
  for (const s of planned) lines.push(`  ${s.title} [${s.id}]`, ...(s.plan ?? []).flatMap(describeCall).map((l) => `    ${l}`));
  return `${lines.join('\n')}\n`;
}

/** A word a shell reads back as itself: quoted only when it must be. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : shellQuote(word);
}

/** Loaded only with --sandbox: the simulated account, with the faults asked for. */
async function sandboxOption(env: NodeJS.ProcessEnv, fault: { stepId: string; errorName?: string } | undefined, region: string | undefined) {
  const { sandboxFor } = await import('../../sandbox/index.js');
  return sandboxFor({ faults: { ...sandboxFaultsFromEnv(env), ...(fault ? { step: fault } : {}) }, region });
}
