/**
 * One step through its phases: check, then (plan) or (confirm, apply, verify).
 * The engine, not the step, decides which phases run; the state is saved
 * after every phase. Independent of listr2: the executor only renders it.
 */
import { createHash } from 'node:crypto';
import { withCallContext, type Phase } from '../../aws/call-context.js';
import { describeAwsError, isNotFound } from '../../aws/errors.js';
import { waitFor, WaitFailedError } from '../../aws/wait.js';
import { ProbesOff, ReadOnlyViolation } from '../../aws/session.js';
import { runbookTags } from '../../aws/tags.js';
import { isPromptExit, type PromptHost } from '../../io/operator.js';
import type { ExecEnv } from './exec-env.js';
import { dataDependenciesOf, isOutputCondition, type CheckResult, type Evidence, type StepContext, type StepKind } from '../model/step.js';
import type { PlannedStep } from '../plan/planner.js';
import { resolveRefs, type Ref } from '../model/refs.js';
import type { StepState } from '../state/state.js';
import { nextHostOutcome } from '../../core/status.js';

export interface StepUi extends PromptHost {
  progress(message: string): void;
}

type AnyKind = StepKind<Record<string, unknown>, Record<string, unknown>, unknown>;

export class VerificationFailed extends Error {
  override name = 'VerificationFailed';
}

const DONE: ReadonlySet<string> = new Set(['ok', 'changed']);

export function isDone(s: StepState | undefined): boolean {
  return s !== undefined && DONE.has(s.status);
}

/** One sentence for any error a step can raise; AWS errors name the action. */
export function describeStepError(err: unknown, st: StepState): string {
  if (err instanceof ReadOnlyViolation) return err.message;
  const e = err as { $metadata?: unknown; message?: string };
  if (e?.$metadata !== undefined || (err as Error)?.name === 'CredentialsProviderError') {
    const failed = [...st.calls].reverse().find((c) => c.errorName);
    return describeAwsError(err, failed ? `${failed.service}:${failed.operation}` : undefined);
  }
  return (err as Error)?.message ?? String(err);
}

/** Why a step is skipped that only the run could know: its output condition is false, or a step whose outputs it reads was skipped so. */
function lateSkip(ps: PlannedStep, env: ExecEnv): string | undefined {
  const { when } = ps.step;
  if (isOutputCondition(when)) {
    const seen = env.outputOf(when.output.source, when.output.key);
    // Not known yet (a dry-run whose earlier step is only planned): the step is planned as if it runs.
    if (seen.found && !when.holds(seen.value)) return `Skipped: runs only when ${when.describe}.`;
  }
  const skippedDep = dataDependenciesOf(ps.step).find((d) => env.journal.step(d).status === 'skipped');
  return skippedDep ? `Skipped: needs step ${skippedDep}, which is skipped.` : undefined;
}

export async function runStep(ps: PlannedStep, env: ExecEnv, ui: StepUi): Promise<void> {
  const { step } = ps;
  const st = env.journal.step(step.id);
  const recorded = isDone(st) ? st.status : undefined;

  if (ps.skip) {
    Object.assign(st, { status: 'skipped', reason: ps.skip, finishedAt: new Date().toISOString() });
    return env.journal.save(step.id);
  }
  const blocked = ps.deps.find((d) => {
    const dep = env.journal.step(d);
    return !isDone(dep) && dep.status !== 'skipped' && !(env.dryRun && dep.status === 'planned');
  });
  const stop = env.stopReason();
  if (stop || blocked) {
    st.status = recorded ?? 'pending';
    st.reason = stop ? `Not attempted: ${stop}` : `Not attempted: needs step ${blocked}, which is ${env.journal.step(blocked!).status}.`;
    return env.journal.save(step.id);
  }

  const skipNow = lateSkip(ps, env);
  if (skipNow) {
    Object.assign(st, { status: 'skipped', reason: skipNow, finishedAt: new Date().toISOString() });
    return env.journal.save(step.id);
  }

  if (recorded && step.settledBy && isDone(env.journal.step(step.settledBy))) {
    const impl = await step.load();
    if (!impl.secretOutputs?.length) {
      // What this step checked may be gone by design (a builder terminated once its image was made): its record stands.
      env.setOutputs(step.id, st.outputs);
      return env.journal.save(step.id);
    }
  }

  const started = Date.now();
  st.startedAt = new Date(started).toISOString();
  delete st.error;
  const resolved = resolveRefs<Record<string, unknown>>(step.input, (ref: Ref) =>
    ref.source === 'params' ? { found: true, value: env.params[ref.key] } : env.outputOf(ref.source, ref.key),
  );
  const input = resolved.value;
  const ctx = makeContext(env, step.id, ui);
  const phase = <T>(p: Phase, fn: () => Promise<T>) => withCallContext({ stepId: step.id, phase: p }, fn);

  try {
    const impl = await step.load();
    const upstream = env.dryRun ? env.plannedUpstream(step.id) : undefined;
    if (resolved.unresolved.length > 0 || upstream) {
      // Only a dry-run gets here: what this step reads or checks comes from writes it did not send.
      st.status = 'planned';
      st.plan = impl.plan(input, undefined, ctx);
      const after = resolved.unresolved.length ? [...new Set(resolved.unresolved.map((r) => r.source))].join(', ') : upstream;
      st.reason = `Comes after ${after}, planned in this dry-run.`;
      return;
    }

    let checked: CheckResult<Record<string, unknown>>;
    try {
      checked = await phase('check', () => impl.check(ctx, input));
    } catch (err) {
      if (!(err instanceof ProbesOff)) throw err;
      // A dry-run with --no-probes: what is on the host is unknown, so everything the step would do is planned.
      st.status = 'planned';
      st.plan = impl.plan(input, undefined, ctx);
      st.reason = `Not checked: its check reads the instance through an SSM probe (ssm:SendCommand), and --no-probes sends none.`;
      return;
    }
    st.phase = 'checked';
    if (checked.done) {
      env.setOutputs(step.id, checked.outputs, impl.secretOutputs);
      st.evidence = (checked.evidence ?? []).map((e) => env.redact(e));
      st.status = recorded === 'changed' ? 'changed' : 'ok';
      delete st.reason;
      return;
    }
    st.reason = env.redact(checked.reason);
    st.evidence = (checked.evidence ?? []).map((e) => env.redact(e));
    env.journal.save(step.id);
    if (recorded) {
      st.drift = env.redact(`Recorded ${recorded}, but the check now says: ${checked.reason}`);
      ui.progress(`Drift: ${st.drift}`);
    }
    if (ps.checkOnly) throw new Error(`Step ${step.id} is not done (${checked.reason}); --from starts after it, so run it first or start earlier.`);

    const found = checked.found;
    if (step.manual) return await runManual(env, ps, impl, st, input, ui);
    if (!impl.apply) throw new VerificationFailed(checked.reason);

    st.plan = impl.plan(input, found, ctx);
    if (env.dryRun) {
      st.status = 'planned';
      return;
    }
    if (step.mutating && !(await env.confirm(step, st.plan, ui))) {
      st.status = 'pending';
      st.reason = 'Declined by the operator; resume to be asked again.';
      env.requestStop('needs-operator', `step ${step.id} was declined`);
      return;
    }
    if (env.stopReason()) {
      st.status = 'pending';
      st.reason = `Not attempted: ${env.stopReason()}`;
      return;
    }
    const outputs = await phase('apply', () => impl.apply!(ctx, input, found));
    st.phase = 'applied';
    env.setOutputs(step.id, outputs, impl.secretOutputs);
    env.journal.save(step.id);

    const verdict = await phase('verify', () => verifyStep(ctx, ps, impl, input, outputs));
    st.evidence = verdict.evidence.map((e) => env.redact(e));
    if (!verdict.ok) throw new VerificationFailed(verdict.reason ?? 'Verification failed.');
    st.phase = 'verified';
    st.status = 'changed';
    delete st.reason;
  } catch (err) {
    if (env.signal.aborted || isPromptExit(err)) {
      st.status = recorded ?? 'pending';
      st.reason = isPromptExit(err) ? 'Interrupted at the prompt; resume to be asked again.' : 'Interrupted; resume to continue.';
      env.requestStop('interrupted', 'the run was interrupted');
    } else {
      st.status = 'failed';
      const message = env.redact(describeStepError(err, st));
      st.error = { name: (err as Error)?.name ?? 'Error', message };
      st.reason = message.split('\n')[0];
      env.requestStop('failed', `step ${step.id} failed`);
    }
  } finally {
    st.finishedAt = new Date().toISOString();
    st.durationMs = Math.max(0, Date.now() - started - env.promptTime(step.id));
    env.journal.save(step.id);
  }
}

async function verifyStep(ctx: StepContext, ps: PlannedStep, impl: AnyKind, input: Record<string, unknown>, outputs: Record<string, unknown>): Promise<Evidence> {
  if (impl.verify) return impl.verify(ctx, input, outputs);
  // By default a step is verified by its own check, asked again after apply, with
  // patience: AWS is eventually consistent, so a read right after a write can lag.
  let last: CheckResult<Record<string, unknown>> | undefined;
  try {
    await waitFor(ctx, {
      what: `${ps.step.id} to be in place`,
      minDelay: 2,
      maxDelay: 10,
      maxWait: 120,
      poll: async () => {
        try {
          last = await impl.check(ctx, input);
        } catch (err) {
          if (!isNotFound(err)) throw err;
          return { done: false, status: 'not visible yet' };
        }
        return last.done ? { done: true, value: undefined } : { done: false, status: last.reason };
      },
    });
  } catch (err) {
    if (!(err instanceof WaitFailedError)) throw err;
  }
  if (last?.done) return { ok: true, evidence: last.evidence ?? [] };
  return { ok: false, evidence: last?.evidence ?? [], reason: `After apply the check still says: ${last?.reason ?? 'not visible'}` };
}

async function runManual(env: ExecEnv, ps: PlannedStep, impl: AnyKind, st: StepState, input: Record<string, unknown>, ui: StepUi): Promise<void> {
  const { step } = ps;
  const instructions = impl.instructions?.(input) ?? step.title;
  st.plan = impl.plan(input, undefined);
  if (env.dryRun) {
    st.status = 'planned';
    return;
  }
  if (env.acks.has(step.id)) {
    st.status = 'changed';
    st.reason = 'Acknowledged with --ack.';
    env.journal.addAck(step.id);
    return;
  }
  if (await env.manual(step, instructions, ui)) {
    st.status = 'changed';
    st.reason = 'Acknowledged at the prompt.';
    env.journal.addAck(step.id);
    return;
  }
  st.status = 'manual-pending';
  st.reason = `Waiting for an operator: do what the instructions say, then resume with --ack ${step.id}.`;
  st.evidence = [instructions];
  // Only what depends on this step waits for the person; independent steps go on.
}

function makeContext(env: ExecEnv, stepId: string, ui: StepUi): StepContext {
  return {
    runId: env.runId,
    runbookId: env.runbookId,
    stepId,
    aws: env.session,
    clock: env.clock,
    http: env.http,
    signal: env.signal,
    interactive: env.interactive,
    tags: (name) => runbookTags(env.runbookId, env.runId, stepId, name),
    token: (suffix = '') => createHash('sha256').update(`${env.runId}:${stepId}:${suffix}`).digest('hex').slice(0, 32),
    progress: (message) => ui.progress(env.redact(message)),
    secret: (value) => env.addSecret(value),
    host: (instanceId, outcome) => {
      const st = env.journal.step(stepId);
      const redacted = { ...outcome, ...(outcome.detail !== undefined ? { detail: env.redact(outcome.detail) } : {}) };
      (st.hosts ??= {})[instanceId] = nextHostOutcome(st.hosts[instanceId], redacted);
    },
    files: env.files,
  };
}

