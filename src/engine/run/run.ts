/**
 * A run from start to finish: parameters, lock, state, account, plan,
 * execution, reports. `runbook run` and `runbook resume` both come here.
 */
import { randomBytes } from 'node:crypto';
import { GetCallerIdentityCommand, STSClient } from '../../aws/sdk/sts.js';
import { withCallContext } from '../../aws/call-context.js';
import { describeAwsError } from '../../aws/errors.js';
import { AwsSession, type AwsTarget, type SimulatedBackend } from '../../aws/session.js';
import { fetchHttpClient, type HttpClient } from '../../io/http.js';
import { InteractiveOperator, isPromptExit, NonInteractiveOperator, type Operator } from '../../io/operator.js';
import { ensurePrivateDir } from '../../io/files.js';
import { createClock } from '../../core/clock.js';
import { ExitCode, LockedError, NeedsOperatorError, StateFileError, UsageError, type ExitCodeValue } from '../../core/errors.js';
import { ExecEnv, Journal } from './exec-env.js';
import { execute, type RendererChoice } from './executor.js';
import type { RunbookDefinition } from '../model/runbook.js';
import { titleOf } from '../model/step.js';
import { ParamError, ParamErrors, publicParams, resolveParams, type ParamResolution } from '../model/params.js';
import { planRun } from '../plan/planner.js';
import { Redactor } from '../state/redactor.js';
import { STATE_FORMAT_VERSION, type KeyOutput, type RunState } from '../state/state.js';
import { type RunStatus } from '../../core/status.js';
import { StateStore } from '../state/state-store.js';
import { isS3Location, type RunStore } from '../state/run-store.js';
import { askMissingParams } from './ask-params.js';

export interface RunRequest {
  runbook: RunbookDefinition;
  /** Where the runbook was loaded from, recorded so that a resume finds it again. */
  origin?: string;
  /** Where relative paths among the parameters are (the operator's working directory). */
  cwd?: string;
  /** The command that continues this run, with every flag it needs (the CLI knows them); `runbook resume <id>` if absent. */
  resumeCommand?: (runId: string) => string;
  /** Raw values from --params-file and --param (CLI strings or file values). */
  given: Record<string, unknown>;
  dryRun: boolean;
  nonInteractive: boolean;
  yes: boolean;
  acks: string[];
  from?: string;
  target: AwsTarget;
  sandbox?: { open: (stateDir: string, runbook: RunbookDefinition) => Promise<{ backend: SimulatedBackend; http: HttpClient; msPerSecond: number }> };
  stateDir: string;
  /** False: send no host probe (a dry-run by a read-only role); the steps that need one are reported as not checked. */
  probes?: boolean;
  /** Where runs are kept (default: the local store in stateDir). */
  store?: RunStore;
  /** Resume this run instead of starting one. */
  resumeRunId?: string;
  force?: boolean;
  renderer: RendererChoice;
  /** At most this many steps at once (the benchmark's one-after-another baseline); default: all that are ready. */
  concurrency?: number;
  /** Every AWS request's input as it is sent (the benchmark replays a dry-run's reads with the AWS CLI). */
  onRequest?: (service: string, operation: string, input: object) => void;
  signal: AbortSignal;
  operator?: Operator;
  onEvent?: (event: Record<string, unknown>) => void;
}

export interface RunResult {
  runId: string;
  status: RunStatus;
  exitCode: ExitCodeValue;
  state: RunState;
  message: string;
  redact: (text: string) => string;
}

export function newRunId(runbookId: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').toLowerCase();
  return `${runbookId}-${stamp}-${randomBytes(2).toString('hex')}`;
}

/** Bad parameters: one sentence each, every one at once. */
function toUsage(err: unknown): never {
  if (err instanceof ParamErrors)
    throw new UsageError(err.problems.length === 1 ? err.message : `${err.problems.length} parameters are refused:\n${err.problems.map((p) => `  - ${p.message}`).join('\n')}`);
  if (err instanceof ParamError) throw new UsageError(err.message);
  throw err;
}

/** A count shapes the steps a run was made of (its fleet): a resume keeps it, even with --force. */
function assertSameCounts(def: RunbookDefinition, state: RunState, values: Record<string, unknown>): void {
  for (const [name, spec] of Object.entries(def.params)) {
    if (!spec.countsSteps || state.params[name] === undefined || state.params[name] === values[name]) continue;
    throw new UsageError(`Parameter ${name}: run ${state.runId} began with ${name}=${String(state.params[name])}, and a resume keeps the steps it was made of; start a new run for ${name}=${String(values[name])}.`);
  }
}

/** Parameters for a resume: what the state recorded, then what is given now. */
function resumeGiven(state: RunState, given: Record<string, unknown>): Record<string, unknown> {
  const recorded = Object.fromEntries(Object.entries(state.params).filter(([, v]) => v !== '(secret)' && v !== undefined && v !== null));
  return { ...recorded, ...given };
}

export async function executeRun(req: RunRequest): Promise<RunResult> {
  const def = req.runbook;
  const store: RunStore = req.store ?? new StateStore(req.stateDir);
  const redactor = new Redactor();

  // Everything that can be wrong with the input is found here, before any AWS call.
  let existing: RunState | undefined;
  if (req.resumeRunId) {
    existing = await store.load(req.resumeRunId, def.id);
    if (existing.destroy) throw new UsageError(`Run ${existing.runId} was destroyed (runbook destroy); start a new run to make its resources again.`);
    if (existing.status === 'succeeded') throw new UsageError(`Run ${existing.runId} already succeeded; start a new run to check the account again.`);
    assertSameTarget(existing, req);
  }
  // A resume keeps the run's mode: a dry-run stays a dry-run.
  const dryRun = existing ? existing.mode === 'dry-run' : req.dryRun;
  // ...and its region and profile, unless they are given again.
  const asked: AwsTarget = existing ? { region: req.target.region ?? existing.target.region, profile: req.target.profile ?? existing.target.profile, endpointUrl: req.target.endpointUrl } : req.target;
  const given = existing ? resumeGiven(existing, req.given) : req.given;
  if (req.probes === false && !dryRun)
    throw new UsageError('--no-probes is for a dry-run: a real run needs its probes to know what is already done on each instance.');
  let resolution: ParamResolution;
  try {
    resolution = resolveParams(def.params, given, req.cwd ?? process.cwd());
  } catch (err) {
    toUsage(err);
  }
  for (const [name, spec] of Object.entries(def.params)) if (spec.secret) redactor.add(resolution.values[name]);
  const crossCheck = def.validate?.(resolution.values);
  if (crossCheck) throw new UsageError(crossCheck);
  if (existing) assertSameCounts(def, existing, resolution.values);
  const initialPlan = planRun(def, resolution.values, { from: req.from });
  if (existing && existing.runbook.definitionHash !== initialPlan.definitionHash && !req.force)
    throw new UsageError(
      `Runbook ${def.id} has changed since run ${existing.runId} began (definition ${existing.runbook.definitionHash} -> ${initialPlan.definitionHash}); pass --force to resume it with the new steps.`,
    );
  const stepIds = new Set(initialPlan.steps.map((s) => s.step.id));
  for (const a of req.acks) {
    if (!stepIds.has(a)) throw new UsageError(`--ack ${a}: runbook ${def.id} has no such step.`);
    if (!initialPlan.steps.find((p) => p.step.id === a)!.step.manual) throw new UsageError(`--ack ${a}: step ${a} is not a manual step; only manual steps are acknowledged.`);
  }

  // One region for everything (clients, host scripts, ssh config, evidence, reports), resolved as the SDK does.
  const target: AwsTarget = req.sandbox ? asked : { ...asked, region: await resolveRegion(asked) };
  // Local things (the sandbox account, output files, a local store) live in the state dir.
  if (!req.store || !isS3Location(req.store.location)) ensurePrivateDir(req.stateDir);
  const runId = existing?.runId ?? newRunId(def.id);
  const resume = req.resumeCommand ?? ((id: string) => `runbook resume ${id}`);
  // Losing the lock mid-run (another process took it over) stops this one: no later step, no more writes.
  const lost: { message?: string; journal?: Journal; env?: ExecEnv } = {};
  const stop = new AbortController();
  const onAbort = () => stop.abort(req.signal.reason);
  req.signal.addEventListener('abort', onAbort, { once: true });
  const release = await store.lock(runId, {
    onLost: (err) => {
      lost.message = err.message;
      lost.journal?.freeze();
      lost.env?.requestStop('lost-lock', err.message);
      stop.abort(err);
    },
  });
  try {
    const result = await (async (): Promise<RunResult> => {
      if (existing) existing = await store.load(runId, def.id); // re-read under the lock
      const state: RunState = existing ?? freshState(runId, def, initialPlan.definitionHash, req);
      reconcileSteps(state, initialPlan, resolution.values);
      state.status = 'running';
      delete state.error;
      state.finishedAt = undefined;
      if (req.force) state.runbook.definitionHash = initialPlan.definitionHash;
      const journal = new Journal(state, store, redactor);
      lost.journal = journal;
      if (lost.message) journal.freeze();
      const operator = req.operator ?? (req.nonInteractive ? new NonInteractiveOperator() : new InteractiveOperator(req.yes));

      const sandbox = req.sandbox ? await req.sandbox.open(req.stateDir, def) : undefined;
      const session = new AwsSession({
        target,
        dryRun,
        probes: req.probes,
        backend: sandbox?.backend,
        onCall: (c) => journal.recordCall(c),
        ...(req.onRequest ? { onRequest: req.onRequest } : {}),
        ...(sandbox ? { retryBackoffScale: sandbox.msPerSecond / 1000 } : {}),
      });
      const finish = (status: RunStatus, message: string, exitCode: ExitCodeValue): RunResult => {
        state.status = status;
        state.keyOutputs = keyOutputsOf(initialPlan, state);
        state.finishedAt = new Date().toISOString();
        journal.close();
        session.destroy();
        return { runId, status, exitCode, state, message: redactor.redact(message), redact: (t) => redactor.redact(t) };
      };
      state.params = publicParams(def.params, resolution.values);
      // Who ran it is asked again below; nothing of an earlier target is carried over.
      state.target = { sandbox: Boolean(sandbox), region: session.region, profile: target.profile, endpointUrl: target.endpointUrl };
      journal.snapshot();
      req.onEvent?.({ event: 'run-started', runId, runbook: def.id, mode: state.mode, resumed: Boolean(existing) });

      // Missing parameters: all at once in CI, asked for at a terminal.
      // Optional values left unset at an earlier prompt were answered: a resume asks only for what is missing.
      if (existing?.paramsSettled) resolution = { ...resolution, unset: [] };
      if (resolution.missing.length > 0 || (!req.nonInteractive && resolution.unset.length > 0)) {
        if (req.nonInteractive) {
          if (resolution.missing.length > 0) {
            const message = `Missing parameters: ${resolution.missing.map((m) => `${m} (${def.params[m]!.expected})`).join(', ')}. Continue with "${resume(runId)} ${resolution.missing.map((m) => `--param ${m}=...`).join(' ')}".`;
            state.error = { name: 'MissingParameters', message };
            return finish('needs-operator', message, ExitCode.NeedsOperator);
          }
        } else {
          let answers: Record<string, unknown>;
          try {
            answers = await withCallContext({ phase: 'run' }, () => askMissingParams(def, resolution, operator, session));
          } catch (err) {
            if (!isPromptExit(err)) throw err;
            const message = `Interrupted at a parameter prompt; nothing was changed. Continue with "${resume(runId)}".`;
            return finish('interrupted', message, ExitCode.Interrupted);
          }
          Object.assign(resolution.values, answers);
          for (const [name, spec] of Object.entries(def.params)) if (spec.secret) redactor.add(resolution.values[name]);
          state.params = publicParams(def.params, resolution.values);
        }
      }
      const plan = planRun(def, resolution.values, { from: req.from });
      state.paramsSettled = true;

      try {
        const who = await withCallContext({ phase: 'run' }, () => session.sts.send(new GetCallerIdentityCommand({})));
        state.target.account = who.Account;
        state.target.callerArn = who.Arn;
      } catch (err) {
        const message = describeAwsError(err, 'sts:GetCallerIdentity');
        state.error = { name: (err as Error).name ?? 'Error', message };
        return finish('failed', message, ExitCode.StepFailed);
      }
      journal.save();

      const clock = createClock(sandbox?.msPerSecond ?? 1000);
      const env = new ExecEnv({
        journal,
        session,
        clock,
        http: sandbox?.http ?? fetchHttpClient(),
        signal: stop.signal,
        operator,
        redactor,
        params: resolution.values,
        dryRun,
        acks: [...state.acks, ...req.acks],
        files: { runbookDir: def.dir, outputDir: store.outputDir(def.id) },
        deps: new Map(plan.steps.map((s) => [s.step.id, s.deps])),
      });
      lost.env = env;
      if (lost.message) env.requestStop('lost-lock', lost.message);
      await execute(plan, env, {
        renderer: req.renderer,
        ...(req.concurrency ? { concurrency: req.concurrency } : {}),
        onStepDone: (id) => {
          const s = journal.step(id);
          req.onEvent?.({ event: 'step', runId, id, status: s.status, reason: s.reason === undefined ? undefined : redactor.redact(s.reason), durationMs: s.durationMs });
        },
      });
      return conclude(env, finish, resume);
    })();
    // A store that writes remotely (S3) has every write durable before the lock goes; a lost race is exit 4.
    try {
      await store.flush(runId);
    } catch (err) {
      if (!(err instanceof LockedError)) throw err;
      return { ...result, exitCode: ExitCode.Locked, message: err.message };
    }
    return result;
  } finally {
    req.signal.removeEventListener('abort', onAbort);
    // Whatever happened, the journal's file handle goes; what it recorded stays on disk for a resume.
    store.detach(runId);
    await release();
  }
}

/** A run stays where it began: the sandbox, or the same region and endpoint of a real account (a resume, a destroy). */
export function assertSameTarget(existing: RunState, req: Pick<RunRequest, 'sandbox' | 'target'>, doing = 'resume'): void {
  const was = existing.target;
  if (was.sandbox !== Boolean(req.sandbox))
    throw new UsageError(`Run ${existing.runId} ran ${was.sandbox ? `in the sandbox: ${doing} it with --sandbox` : `against AWS: ${doing} it without --sandbox`}.`);
  if (was.sandbox) return;
  if (req.target.region && was.region && req.target.region !== was.region)
    throw new UsageError(`Run ${existing.runId} ran in ${was.region}, not ${req.target.region}: ${doing} it with --region ${was.region}.`);
  if ((req.target.endpointUrl ?? '') !== (was.endpointUrl ?? ''))
    throw new UsageError(`Run ${existing.runId} ran against ${was.endpointUrl ?? 'AWS'}: ${doing} it with the same --endpoint-url.`);
}

/**
 * The region the SDK would use, resolved by the SDK's own configuration chain
 * without calling AWS: the flag, then AWS_REGION, then the profile's `region`
 * in the shared config file (AWS_PROFILE or --profile); AWS_DEFAULT_REGION, as
 * the AWS CLI reads it, last.
 */
export async function resolveRegion(target: AwsTarget): Promise<string> {
  if (target.region) return target.region;
  const probe = new STSClient(target.profile ? { profile: target.profile } : {});
  try {
    return await probe.config.region();
  } catch {
    const fallback = process.env.AWS_DEFAULT_REGION;
    if (fallback) return fallback;
    throw new UsageError('No AWS region is set: pass --region, set AWS_REGION, or give the profile a region.');
  } finally {
    probe.destroy();
  }
}

function conclude(env: ExecEnv, finish: (status: RunStatus, message: string, code: ExitCodeValue) => RunResult, resume: (runId: string) => string): RunResult {
  const state = env.journal.state;
  const kind = env.stopKind();
  if (kind === 'lost-lock')
    return finish(
      'interrupted',
      `${env.stopReason()} This process stopped and wrote nothing more; see what the other one did with "runbook status ${state.runId}".`,
      ExitCode.Locked,
    );
  const failed = state.steps.find((s) => s.status === 'failed');
  if (failed) {
    state.error = { ...(failed.error ?? { name: 'Error', message: 'failed' }), stepId: failed.id };
    return finish('failed', `Step ${failed.id} failed: ${failed.error?.message ?? failed.reason}`, ExitCode.StepFailed);
  }
  // Ctrl-C that left nothing undone (it ended a port-forward session, or came after the last step) is a success.
  const allDone = state.steps.every((s) => s.status === 'ok' || s.status === 'changed' || s.status === 'skipped' || (state.mode === 'dry-run' && s.status === 'planned'));
  if (kind === 'interrupted' && !allDone) return finish('interrupted', `Interrupted; the state is saved. Continue with "${resume(state.runId)}".`, ExitCode.Interrupted);
  const waiting = state.steps.filter((s) => s.status === 'manual-pending' || (s.status === 'pending' && s.reason?.startsWith('Declined')));
  if (kind === 'needs-operator' || waiting.length) {
    // Every manual step still to come, not only the first: one resume gets through them all.
    const acks = state.steps.filter((s) => s.status === 'manual-pending' || (s.kind === 'manual' && s.status === 'pending')).map((s) => `--ack ${s.id}`);
    const message = `Waiting for an operator at ${waiting.map((s) => s.id).join(', ')}. Continue with "${resume(state.runId)}${acks.length ? ` ${acks.join(' ')}` : ''}".`;
    return finish('needs-operator', message, ExitCode.NeedsOperator);
  }
  const counts = new Map<string, number>();
  for (const s of state.steps) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  const summary = [...counts.entries()].map(([k, v]) => `${v} ${k}`).join(', ');
  return finish('succeeded', `${state.mode === 'dry-run' ? 'Dry-run' : 'Run'} ${state.runId} succeeded: ${summary}.`, ExitCode.Done);
}

/** The declared key outputs that the run has a value for (secret outputs were never recorded). */
function keyOutputsOf(plan: ReturnType<typeof planRun>, state: RunState): KeyOutput[] {
  const byId = new Map(state.steps.map((s) => [s.id, s]));
  return plan.steps.flatMap(({ step }) =>
    Object.entries(step.report).flatMap(([key, label]) => {
      const value = byId.get(step.id)?.outputs[key];
      return value === undefined || value === '' ? [] : [{ label, step: step.id, key, value }];
    }),
  );
}

function freshState(runId: string, def: RunbookDefinition, hash: string, req: RunRequest): RunState {
  const now = new Date().toISOString();
  return {
    formatVersion: STATE_FORMAT_VERSION,
    runId,
    runbook: { id: def.id, title: def.title, definitionHash: hash, ...(req.origin ? { origin: req.origin } : {}) },
    mode: req.dryRun ? 'dry-run' : 'apply',
    status: 'running',
    createdAt: now,
    updatedAt: now,
    target: { sandbox: Boolean(req.sandbox) },
    params: {},
    acks: [],
    steps: [],
    calls: [],
  };
}

/** The state holds one entry per planned step, in plan order (new steps appear on a forced resume). */
function reconcileSteps(state: RunState, plan: ReturnType<typeof planRun>, params: Record<string, unknown>): void {
  const old = new Map(state.steps.map((s) => [s.id, s]));
  state.steps = plan.steps.map(({ step }) => {
    const prev = old.get(step.id);
    return prev
      ? { ...prev, title: titleOf(step, params), kind: step.kind, covers: [...step.covers] }
      : { id: step.id, title: titleOf(step, params), kind: step.kind, covers: [...step.covers], status: 'pending', outputs: {}, evidence: [], calls: [] };
  });
  if (state.steps.length === 0) throw new StateFileError(`Runbook ${state.runbook.id} has no steps.`);
}

export { NeedsOperatorError };
