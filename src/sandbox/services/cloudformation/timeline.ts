/**
 * A stack's life as CloudFormation reports it: every event of a create (or
 * a rollback) and of a delete is written when the operation starts, dated
 * as simulated time will bring it; a reader sees the events whose time has
 * come, and the stack's status is its latest stack event.
 */
import { creationOrder, dependenciesOf, type ParsedTemplate } from '../../../aws/cloudformation-template.js';
import type { Stack, StackEventRecord, StackResourceRecord } from '../../account/state.js';
import { after } from '../../account/time.js';
import { uuid } from '../../account/ids.js';
import type { OperationContext } from '../lib/context.js';
import { conditionHolds, evaluate, evaluateText, type EvalEnv } from './intrinsics.js';
import { resourceType } from './resource-types.js';

export const STACK_TYPE = 'AWS::CloudFormation::Stack';
/** Statuses in which a stack is settled: a delete (or nothing) may follow. */
export const SETTLED = new Set(['CREATE_COMPLETE', 'CREATE_FAILED', 'ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'DELETE_FAILED', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE']);

function resourceEventId(logicalId: string, status: string, at: number): string {
  return `${logicalId}-${status}-${new Date(at).toISOString()}`;
}

export function stackEvent(stack: Pick<Stack, 'StackName' | 'StackId'>, at: number, status: string, reason?: string, token?: string): StackEventRecord {
  return {
    EventId: uuid(),
    at,
    LogicalResourceId: stack.StackName,
    PhysicalResourceId: stack.StackId,
    ResourceType: STACK_TYPE,
    ResourceStatus: status,
    ...(reason ? { ResourceStatusReason: reason } : {}),
    ...(token ? { ClientRequestToken: token } : {}),
  };
}

function resourceEvent(r: StackResourceRecord, at: number, status: string, reason?: string, token?: string, physical = true): StackEventRecord {
  return {
    EventId: resourceEventId(r.LogicalResourceId, status, at),
    at,
    LogicalResourceId: r.LogicalResourceId,
    PhysicalResourceId: physical ? r.PhysicalResourceId : '',
    ResourceType: r.ResourceType,
    ResourceStatus: status,
    ...(reason ? { ResourceStatusReason: reason } : {}),
    ...(token ? { ClientRequestToken: token } : {}),
  };
}

export function visibleEvents(stack: Stack, now: number): StackEventRecord[] {
  return stack.events.filter((e) => e.at <= now);
}

export function stackStatus(stack: Stack, now: number): { status: string; reason?: string } {
  const last = visibleEvents(stack, now)
    .filter((e) => e.ResourceType === STACK_TYPE)
    .at(-1);
  return { status: last?.ResourceStatus ?? 'CREATE_IN_PROGRESS', ...(last?.ResourceStatusReason ? { reason: last.ResourceStatusReason } : {}) };
}

/** A resource's status now, from its latest event; undefined before it starts. */
export function resourceStatus(stack: Stack, logicalId: string, now: number): string | undefined {
  return visibleEvents(stack, now)
    .filter((e) => e.LogicalResourceId === logicalId && e.ResourceType !== STACK_TYPE)
    .at(-1)?.ResourceStatus;
}

export interface Creation {
  resources: StackResourceRecord[];
  events: StackEventRecord[];
  outputs: Stack['Outputs'];
}

/** Every event of a CreateStack, from `start`: resources in dependency order, then complete, or the rollback the first failure starts. */
export function planCreation(ctx: OperationContext, stack: Stack, template: ParsedTemplate, parameters: Record<string, string>): Creation {
  const start = ctx.now;
  const token = stack.ClientRequestToken;
  const records = new Map<string, StackResourceRecord>();
  const env: EvalEnv = {
    template,
    parameters,
    regionName: ctx.regionName,
    pseudo: {
      'AWS::StackId': stack.StackId,
      'AWS::StackName': stack.StackName,
      'AWS::Region': ctx.regionName,
      'AWS::AccountId': ctx.account.accountId,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::NotificationARNs': '',
    },
    physicalId: (id) => records.get(id)?.PhysicalResourceId ?? '',
    attribute: (id, name) => {
      const r = records.get(id);
      return r?.attributes[name] ?? r?.PhysicalResourceId ?? '';
    },
  };
  const created = creationOrder(template).filter((id) => {
    const condition = template.resources[id]!.Condition;
    return condition === undefined || conditionHolds(env, condition);
  });
  const events: StackEventRecord[] = [stackEvent(stack, start, 'CREATE_IN_PROGRESS', 'User Initiated', token)];
  const begins = new Map<string, number>();
  for (const logicalId of created) {
    const def = template.resources[logicalId]!;
    const type = resourceType(def.Type);
    const physicalId = type.physicalId(stack.StackName, logicalId, ctx.regionName);
    const record: StackResourceRecord = {
      LogicalResourceId: logicalId,
      ResourceType: def.Type,
      PhysicalResourceId: physicalId,
      ...(def.DeletionPolicy ? { DeletionPolicy: def.DeletionPolicy } : {}),
      attributes: type.attributes?.(physicalId, ctx.regionName, ctx.account.accountId) ?? {},
    };
    const properties = evaluate(env, def.Properties ?? {}) as Record<string, unknown>;
    const failure = type.failure?.(ctx, properties);
    const deps = dependenciesOf(template, logicalId).filter((d) => records.has(d));
    const begin = Math.max(after(start, 1), ...deps.map((d) => records.get(d)!.completesAt ?? Infinity));
    records.set(logicalId, record);
    if (!Number.isFinite(begin)) continue;
    begins.set(logicalId, begin);
    record.completesAt = after(begin, failure ? Math.min(type.createSeconds, 8) : type.createSeconds);
    if (failure) record.failure = failure;
  }
  const resources = [...records.values()];
  const failedAt = Math.min(...resources.filter((r) => r.failure && r.completesAt !== undefined).map((r) => r.completesAt!));
  for (const r of resources) {
    const begin = begins.get(r.LogicalResourceId);
    if (begin === undefined || begin >= failedAt) {
      delete r.completesAt;
      continue;
    }
    events.push(resourceEvent(r, begin, 'CREATE_IN_PROGRESS', undefined, token, false));
    events.push(resourceEvent(r, begin + 1, 'CREATE_IN_PROGRESS', 'Resource creation Initiated', token));
    if (r.completesAt! < failedAt) events.push(resourceEvent(r, r.completesAt!, 'CREATE_COMPLETE', undefined, token));
    else if (r.completesAt === failedAt && r.failure) events.push(resourceEvent(r, failedAt, 'CREATE_FAILED', r.failure, token));
    else {
      // What was still being made is cancelled just after the failure that stops the stack.
      r.completesAt = after(failedAt, 0.5);
      r.failure = 'Resource creation cancelled';
      events.push(resourceEvent(r, r.completesAt, 'CREATE_FAILED', r.failure, token));
    }
  }
  const outputs = Object.entries(template.outputs)
    .filter(([, o]) => o.Condition === undefined || conditionHolds(env, o.Condition))
    .map(([OutputKey, o]) => ({ OutputKey, OutputValue: evaluateText(env, o.Value), ...(o.Description ? { Description: o.Description } : {}) }));
  if (!Number.isFinite(failedAt)) {
    const done = Math.max(after(start, 1), ...resources.map((r) => r.completesAt ?? 0));
    events.push(stackEvent(stack, after(done, 1), 'CREATE_COMPLETE', undefined, token));
  } else events.push(...afterFailure(stack, resources, failedAt, token));
  return { resources, events: events.sort((a, b) => a.at - b.at), outputs };
}

function afterFailure(stack: Stack, resources: StackResourceRecord[], failedAt: number, token: string | undefined): StackEventRecord[] {
  const failed = resources.filter((r) => r.failure && r.failure !== 'Resource creation cancelled').map((r) => r.LogicalResourceId);
  const reason = `The following resource(s) failed to create: [${failed.join(', ')}]. `;
  if (stack.OnFailure === 'DO_NOTHING') return [stackEvent(stack, after(failedAt, 1), 'CREATE_FAILED', reason, token)];
  const rollback = stack.OnFailure === 'ROLLBACK';
  const events = [stackEvent(stack, after(failedAt, 1), rollback ? 'ROLLBACK_IN_PROGRESS' : 'DELETE_IN_PROGRESS', `${reason}${rollback ? 'Rollback' : 'Delete'} requested by user.`, token)];
  const started = resources.filter((r) => r.completesAt !== undefined);
  const { events: deletes, end } = deletionEvents(started, after(failedAt, 2), token, rollback);
  events.push(...deletes, stackEvent(stack, after(end, 1), rollback ? 'ROLLBACK_COMPLETE' : 'DELETE_COMPLETE', undefined, token));
  return events;
}

/** Resources deleted one after another in reverse order; Retain is skipped (and, but on a rollback, RetainExceptOnCreate). */
function deletionEvents(resources: StackResourceRecord[], from: number, token: string | undefined, rollback: boolean): { events: StackEventRecord[]; end: number } {
  const events: StackEventRecord[] = [];
  let t = from;
  for (const r of [...resources].reverse()) {
    const keep = r.DeletionPolicy === 'Retain' || (!rollback && r.DeletionPolicy === 'RetainExceptOnCreate');
    if (keep) {
      events.push(resourceEvent(r, t, 'DELETE_SKIPPED', undefined, token));
      continue;
    }
    events.push(resourceEvent(r, t, 'DELETE_IN_PROGRESS', undefined, token));
    t = after(t, resourceType(r.ResourceType).deleteSeconds);
    events.push(resourceEvent(r, t, 'DELETE_COMPLETE', undefined, token));
  }
  return { events, end: t };
}

/** Every event of a DeleteStack from `now`: what exists is deleted (or skipped, when retained), then the stack. */
export function planDeletion(stack: Stack, now: number, token: string | undefined): StackEventRecord[] {
  const existing = stack.resources.filter((r) => resourceStatus(stack, r.LogicalResourceId, now) === 'CREATE_COMPLETE');
  const events = [stackEvent(stack, now, 'DELETE_IN_PROGRESS', 'User Initiated', token)];
  const { events: deletes, end } = deletionEvents(existing, after(now, 1), token, false);
  events.push(...deletes, stackEvent(stack, after(end, 1), 'DELETE_COMPLETE', undefined, token));
  return events;
}
