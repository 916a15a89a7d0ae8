/**
 * `runbook destroy <run-id>`: remove what a run made, and only that. Each
 * step kind that creates declares its undo (find what is left of its making,
 * remove it); resources are found by the run's recorded outputs and its
 * `runbook:run-id` tag, anything the run only adopted is kept and listed, and
 * data-bearing resources go only when `--delete-data` names their type. The
 * removals run in the reverse of the run's order, independent ones side by
 * side, each waited for. The destroy's progress is in the run's state, saved
 * after every change, so an interrupted or failed destroy resumes by running
 * it again, and a second destroy changes nothing.
 */
import { createHash } from 'node:crypto';
import { GetCallerIdentityCommand } from '../../aws/sdk/sts.js';
import { withCallContext } from '../../aws/call-context.js';
import { describeAwsError } from '../../aws/errors.js';
import { AwsSession, type AwsTarget } from '../../aws/session.js';
import { runbookTags } from '../../aws/tags.js';
import type { PlannedCall } from '../../core/calls.js';
import { createClock } from '../../core/clock.js';
import { ExitCode, LockedError, UsageError, type ExitCodeValue } from '../../core/errors.js';
import { fetchHttpClient } from '../../io/http.js';
import type { RunbookDefinition } from '../model/runbook.js';
import { dependenciesOf, type MadeResource, type RemoveOptions, type StepContext, type StepKind } from '../model/step.js';
import { resolveRefs } from '../model/refs.js';
import { definitionHash, instantiateSteps } from '../plan/planner.js';
import type { RunRequest } from '../run/run.js';
import { assertSameTarget } from '../run/run.js';
import type { RunStore } from '../state/run-store.js';
import type { DestroyedResource, DestroyRecord, DestroyStatus } from '../state/state.js';
import { removeInReverse } from './order.js';

export interface DestroyRequest {
  runbook: RunbookDefinition;
  runId: string;
  store: RunStore;
  stateDir: string;
  target: AwsTarget;
  sandbox?: RunRequest['sandbox'];
  /** List every removal and send none. */
  dryRun: boolean;
  /** Resource types (`ec2:volume`, `efs:file-system`, ...) whose data may go, or `all`. */
  deleteData: readonly string[];
  /** Take a snapshot first where the service has them. */
  snapshotFirst: boolean;
  /** Destroy although the runbook's steps changed since the run. */
  force?: boolean;
  /** Asked once, with the whole list, before the first removal; absent: confirmed (--yes). */
  confirm?: (plan: DestroyPlanItem[]) => Promise<boolean>;
  /** A line for the operator (what is being removed, what is awaited). */
  progress?: (line: string) => void;
  signal: AbortSignal;
  onEvent?: (event: Record<string, unknown>) => void;
}

/** One resource the destroy found, and what it will do with it. */
export interface DestroyPlanItem {
  step: string;
  resource: MadeResource;
  /** `stays`: a step whose kind has no undo changed something (`resource.type` is the kind, `resource.id` the step). */
  action: 'remove' | 'keep' | 'stays';
  /** Why kept, or what removing it involves. */
  reason?: string;
  calls: PlannedCall[];
}

export interface DestroyResult {
  runId: string;
  status: DestroyStatus | 'planned' | 'declined';
  exitCode: ExitCodeValue;
  message: string;
  plan: DestroyPlanItem[];
  record?: DestroyRecord;
}

type AnyKind = StepKind<Record<string, unknown>, Record<string, unknown>>;

/** Steps that ran far enough to have made something. */
const RAN = new Set(['ok', 'changed', 'failed', 'pending']);

export async function executeDestroy(req: DestroyRequest): Promise<DestroyResult> {
  const def = req.runbook;
  let state = await req.store.load(req.runId, def.id);
  if (state.mode === 'dry-run') throw new UsageError(`Run ${state.runId} was a dry-run: it made nothing, so there is nothing to destroy.`);
  assertSameTarget(state, req, 'destroy');
  const steps = instantiateSteps(def, state.params);
  if (definitionHash(def, steps) !== state.runbook.definitionHash && !req.force)
    throw new UsageError(`Runbook ${def.id} has changed since run ${state.runId} (its steps are not the ones that ran); pass --force to destroy it with the new definition.`);

  const release = await req.store.lock(state.runId);
  const session = { current: undefined as AwsSession | undefined };
  try {
    state = await req.store.load(state.runId, def.id); // re-read under the lock
    const sandbox = req.sandbox ? await req.sandbox.open(req.stateDir, def) : undefined;
    const calls: DestroyRecord['calls'] = [];
    const aws = new AwsSession({
      target: { ...req.target, region: req.target.region ?? state.target.region },
      dryRun: req.dryRun,
      backend: sandbox?.backend,
      onCall: (c) => calls.push(c),
      ...(sandbox ? { retryBackoffScale: sandbox.msPerSecond / 1000 } : {}),
    });
    session.current = aws;
    // The credentials must reach the account the run changed: a destroy in another account would remove the wrong things.
    const who = await withCallContext({ phase: 'run' }, () => aws.sts.send(new GetCallerIdentityCommand({}))).catch((err: unknown) => {
      throw new UsageError(describeAwsError(err, 'sts:GetCallerIdentity'));
    });
    if (state.target.account && who.Account !== state.target.account)
      throw new UsageError(`Run ${state.runId} ran in account ${state.target.account}, and these credentials are for ${who.Account}: destroy it with credentials for ${state.target.account}.`);

    const clock = createClock(sandbox?.msPerSecond ?? 1000);
    const http = sandbox?.http ?? fetchHttpClient();
    const contextFor = (stepId: string): StepContext => ({
      runId: state.runId,
      runbookId: def.id,
      stepId,
      aws,
      clock,
      http,
      signal: req.signal,
      interactive: false,
      tags: (name) => runbookTags(def.id, state.runId, stepId, name),
      token: (suffix = '') => createHash('sha256').update(`${state.runId}:${stepId}:destroy:${suffix}`).digest('hex').slice(0, 32),
      progress: (message) => req.progress?.(`${stepId}: ${message}`),
      secret: () => undefined,
      host: () => undefined,
      files: { runbookDir: def.dir, outputDir: req.store.outputDir(def.id) },
    });

    // What is left of the run's making, step by step (reads only).
    const byStep = new Map(state.steps.map((s) => [s.id, s]));
    const kinds = new Map<string, AnyKind>();
    const plan: DestroyPlanItem[] = [];
    const options: RemoveOptions = { snapshotFirst: req.snapshotFirst };
    const unreadable: string[] = [];
    await Promise.all(
      steps.map(async (step) => {
        const st = byStep.get(step.id);
        if (!st || !RAN.has(st.status) || (st.status === 'pending' && !st.startedAt)) return;
        const impl = (await step.load()) as AnyKind;
        kinds.set(step.id, impl);
        if (!impl.undo) {
          if (step.mutating && !step.manual && st.status === 'changed') plan.push(notUndone(step.id, step.kind));
          return;
        }
        const input = resolveRefs<Record<string, unknown>>(step.input, (ref) =>
          ref.source === 'params' ? { found: true, value: state.params[ref.key] === '(secret)' ? undefined : state.params[ref.key] } : { found: true, value: byStep.get(ref.source)?.outputs[ref.key] },
        ).value;
        try {
          const found = await withCallContext({ stepId: step.id, phase: 'check' }, () => impl.undo!.find(contextFor(step.id), { input, outputs: st.outputs, status: st.status }));
          for (const resource of found) plan.push(planItem(step.id, resource, impl, req, options));
        } catch (err) {
          unreadable.push(`step ${step.id}: ${describeFailure(err)}`);
        }
      }),
    );
    if (req.signal.aborted) return { runId: state.runId, status: 'interrupted', exitCode: ExitCode.Interrupted, message: `Nothing was removed: the destroy of run ${state.runId} was interrupted while it read what is left.`, plan };
    // Removing the rest without knowing what one step left could take things apart in the wrong order.
    if (unreadable.length)
      return { runId: state.runId, status: 'failed', exitCode: ExitCode.StepFailed, message: `Nothing was removed: what run ${state.runId} made could not be read (${unreadable.join('; ')}). Fix the cause and destroy again.`, plan };
    const order = new Map(steps.map((s, i) => [s.id, i]));
    plan.sort((a, b) => order.get(b.step)! - order.get(a.step)!);
    req.onEvent?.({ event: 'destroy-planned', runId: state.runId, remove: plan.filter((p) => p.action === 'remove').length, keep: plan.filter((p) => p.action === 'keep').length, notUndone: plan.filter((p) => p.action === 'stays').length });

    const removals = plan.filter((p) => p.action === 'remove');
    if (req.dryRun) return { runId: state.runId, status: 'planned', exitCode: ExitCode.Done, message: dryRunMessage(state.runId, plan), plan };
    if (removals.length && req.confirm && !(await req.confirm(plan)))
      return { runId: state.runId, status: 'declined', exitCode: ExitCode.NeedsOperator, message: `Nothing was removed: the destroy of run ${state.runId} was declined.`, plan };

    // The record: what earlier destroys removed stays in it; what this one found replaces the rest.
    const earlier = (state.destroy?.resources ?? []).filter((r) => r.status === 'removed' && !plan.some((p) => sameResource(p, r)));
    const record: DestroyRecord = {
      status: 'running',
      startedAt: new Date().toISOString(),
      resources: [...plan.filter((p) => p.action !== 'stays').map((p): DestroyedResource => ({ step: p.step, type: p.resource.type, id: p.resource.id, status: p.action === 'remove' ? 'pending' : 'kept', ...(p.reason ? { reason: p.reason } : {}) })), ...earlier],
      calls,
    };
    state.destroy = record;
    const save = () => req.store.append(state, undefined);
    save();

    const entry = (item: DestroyPlanItem) => record.resources.find((r) => sameResource(item, r))!;
    const deps = new Map(steps.map((s) => [s.id, dependenciesOf(s).filter((d) => order.has(d))]));
    await removeInReverse(
      deps,
      async (stepId) => {
        for (const item of removals.filter((p) => p.step === stepId)) {
          if (req.signal.aborted) return false;
          const r = entry(item);
          req.progress?.(`Removing ${item.resource.type} ${item.resource.id} (step ${stepId})${item.reason ? `: ${item.reason}` : ''}`);
          try {
            await withCallContext({ stepId, phase: 'apply' }, () => kinds.get(stepId)!.undo!.remove(contextFor(stepId), item.resource, options));
            r.status = 'removed';
            delete r.reason;
            req.onEvent?.({ event: 'removed', runId: state.runId, step: stepId, type: item.resource.type, id: item.resource.id });
          } catch (err) {
            if (req.signal.aborted) {
              r.reason = 'Interrupted while it was being removed; destroy again to continue.';
              return false;
            }
            r.status = 'failed';
            r.reason = describeFailure(err);
            req.onEvent?.({ event: 'remove-failed', runId: state.runId, step: stepId, type: item.resource.type, id: item.resource.id, reason: r.reason });
            return false;
          } finally {
            save();
          }
        }
        return true;
      },
      (done) => done,
      (stepId, by) => {
        for (const item of removals.filter((p) => p.step === stepId)) {
          const r = entry(item);
          if (r.status === 'pending') r.reason = `Not attempted: what step ${by} made is not removed yet, and it may depend on this.`;
        }
        return false;
      },
    );

    const failed = record.resources.filter((r) => r.status === 'failed');
    const pending = record.resources.filter((r) => r.status === 'pending');
    record.status = req.signal.aborted && (pending.length || failed.length) ? 'interrupted' : failed.length || pending.length ? 'failed' : 'destroyed';
    record.finishedAt = new Date().toISOString();
    if (failed[0]) record.error = { name: 'RemoveFailed', message: `${failed[0].type} ${failed[0].id}: ${failed[0].reason}` };
    req.store.save(state);
    try {
      await req.store.flush(state.runId);
    } catch (err) {
      if (!(err instanceof LockedError)) throw err;
      return { runId: state.runId, status: record.status, exitCode: ExitCode.Locked, message: err.message, plan, record };
    }
    return { runId: state.runId, status: record.status, exitCode: exitCodeOf(record.status), message: conclusion(state.runId, record), plan, record };
  } finally {
    session.current?.destroy();
    req.store.detach(req.runId);
    await release();
  }
}

/** A step that changed something no undo removes: listed, so the operator knows what stays. */
function notUndone(step: string, kind: string): DestroyPlanItem {
  const where = kind.startsWith('ssm.') ? 'changes on an instance go with the instance when it is removed' : kind.startsWith('files.') ? 'the files stay on this machine' : 'what it changed stays';
  return { step, resource: { type: kind, id: step, madeByRun: false }, action: 'stays', reason: where, calls: [] };
}

/** One step can make two resources with one name (an instance profile and its role). */
function sameResource(item: DestroyPlanItem, r: DestroyedResource): boolean {
  return r.step === item.step && r.type === item.resource.type && r.id === item.resource.id;
}

function planItem(step: string, resource: MadeResource, impl: AnyKind, req: DestroyRequest, options: RemoveOptions): DestroyPlanItem {
  if (!resource.madeByRun) return { step, resource, action: 'keep', reason: resource.note ?? 'not made by this run (it was there already, or another run made it)', calls: [] };
  if (resource.holdsData && !req.deleteData.includes(resource.type) && !req.deleteData.includes('all'))
    return { step, resource, action: 'keep', reason: `it holds data: pass --delete-data ${resource.type} to remove it${options.snapshotFirst && snapshots(resource) ? ' (a snapshot is taken first)' : ''}`, calls: [] };
  return { step, resource, action: 'remove', ...(resource.note ? { reason: resource.note } : {}), calls: impl.undo!.plan(resource, options) };
}

/** Whether a snapshot is offered before this resource goes (the kind plans a snapshot call). */
function snapshots(resource: MadeResource): boolean {
  return resource.type === 'ec2:volume' || resource.type === 'rds:db-instance';
}

/** An AWS error in AWS's words; any other in its own. */
function describeFailure(err: unknown): string {
  return (err as { $metadata?: unknown })?.$metadata !== undefined ? describeAwsError(err) : ((err as Error)?.message ?? String(err));
}

function exitCodeOf(status: DestroyStatus): ExitCodeValue {
  return status === 'destroyed' ? ExitCode.Done : status === 'interrupted' ? ExitCode.Interrupted : ExitCode.StepFailed;
}

function dryRunMessage(runId: string, plan: DestroyPlanItem[]): string {
  const remove = plan.filter((p) => p.action === 'remove').length;
  const keep = plan.filter((p) => p.action === 'keep').length;
  if (!remove) return `Nothing of run ${runId} is left to remove${keep ? ` (${keep} kept, see the list)` : ''}.`;
  return `Dry-run: destroying run ${runId} would remove ${remove} resource${remove === 1 ? '' : 's'} and keep ${keep}; nothing was sent.`;
}

function conclusion(runId: string, record: DestroyRecord): string {
  const count = (s: DestroyedResource['status']) => record.resources.filter((r) => r.status === s).length;
  const kept = count('kept');
  const keptText = kept ? `; ${kept} kept (see the list)` : '';
  if (record.status === 'destroyed') {
    const removed = record.resources.filter((r) => r.status === 'removed').length;
    return removed ? `Run ${runId} destroyed: ${removed} resource${removed === 1 ? '' : 's'} removed${keptText}.` : `Nothing of run ${runId} is left to remove${keptText}.`;
  }
  const failed = record.resources.find((r) => r.status === 'failed');
  const how = record.status === 'interrupted' ? 'was interrupted' : `stopped: ${failed ? `${failed.type} ${failed.id} could not be removed (${failed.reason})` : 'some removals were not attempted'}`;
  return `The destroy of run ${runId} ${how}; ${count('removed')} removed, ${count('pending') + count('failed')} left${keptText}. Run the same destroy again to continue.`;
}

