/**
 * SSM Run Command: SendCommand to instance ids or to tag `Targets`, with
 * MaxConcurrency and MaxErrors; GetCommandInvocation, ListCommands and
 * ListCommandInvocations. A command's effect on each simulated host is
 * applied when it arrives; each invocation's turn comes as MaxConcurrency
 * allows, and its result shows once its simulated duration has passed.
 * Once more invocations have failed than MaxErrors allows, the ones whose
 * turn had not come are cancelled (StatusDetails `Terminated`), as SSM does.
 */
import type {
  CommandInvocation,
  GetCommandInvocationCommandInput,
  ListCommandInvocationsCommandInput,
  ListCommandsCommandInput,
  SendCommandCommandInput,
} from '@aws-sdk/client-ssm';
import { SCRIPT_STARTED } from '../../../aws/shell.js';
import { MAX_CONCURRENCY, MAX_ERRORS } from '../../../aws/ssm-fleet.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError, unsupported } from '../lib/errors.js';
import { pageOf } from '../lib/pages.js';
import { runScriptOn } from '../lib/host-run.js';
import { uuid } from '../../account/ids.js';
import type { CommandRecord, Instance } from '../../account/state.js';
import { after, secondsBetween } from '../../account/time.js';
import { pingStatus } from './index.js';

/** Marks every simulated output, so nobody mistakes it for a real host's. */
export const SIMULATED_OUTPUT_BANNER = '[sandbox] simulated output';
/** An invocation is not visible for this long after SendCommand answers. */
const INVOCATION_VISIBLE_AFTER_SECONDS = 0.5;

type Invocation = CommandRecord['invocations'][string];
type InvocationStatus = 'Pending' | 'InProgress' | 'Success' | 'Failed' | 'Cancelled';

/** The wrapper runbooks send prints its start line first, as a shell on the host would. */
function printsStartLine(text: string): boolean {
  return text.startsWith(`echo '${SCRIPT_STARTED}'`);
}

function invocationStatus(command: CommandRecord, inv: Invocation, now: number): InvocationStatus {
  const elapsed = secondsBetween(command.sentAt, now);
  const start = inv.startSeconds ?? 0;
  if (elapsed < start) return 'Pending';
  if (inv.cancelled) return 'Cancelled';
  if (elapsed < start + inv.durationSeconds) return 'InProgress';
  return inv.exitCode === 0 ? 'Success' : 'Failed';
}

/** A count (`10`) or a share of the targets (`25%`). */
function limitOf(value: string, targets: number, least: number): number {
  if (value.endsWith('%')) return Math.max(least, Math.floor((Number(value.slice(0, -1)) * targets) / 100));
  return Number(value);
}

/** The managed instances a command goes to: by id (each must be Online), or every Online instance with the tags. */
function targetsOf(ctx: OperationContext, input: SendCommandCommandInput): Instance[] {
  const ids = input.InstanceIds ?? [];
  const targets = input.Targets ?? [];
  if (ids.length && targets.length) throw awsError('InvalidParameters', 'Specify either InstanceIds or Targets, not both.');
  if (!ids.length && !targets.length) throw awsError('InvalidParameters', 'Specify InstanceIds or Targets.');
  if (ids.length) {
    const instances = ids.map((id) => ctx.region.instances[id]);
    if (ids.length > 50) throw awsError('ValidationException', `1 validation error detected: Value at 'instanceIds' failed to satisfy constraint: Member must have length less than or equal to 50`);
    if (instances.some((i) => !i || pingStatus(ctx, i) !== 'Online'))
      throw awsError('InvalidInstanceId', `Instances [[${ids.join(', ')}]] not in a valid state for account ${ctx.account.accountId}`);
    return instances as Instance[];
  }
  const tests = targets.map((t) => {
    const key = t.Key ?? '';
    const values = t.Values ?? [];
    if (key === 'InstanceIds') return (i: Instance) => values.includes(i.InstanceId);
    if (key === 'tag-key') return (i: Instance) => values.some((v) => v in i.Tags);
    if (key.startsWith('tag:')) return (i: Instance) => values.includes(i.Tags[key.slice(4)] ?? '\u0000');
    throw unsupported('ssm', 'SendCommand', ` with a target key ${key}`);
  });
  return Object.values(ctx.region.instances)
    .filter((i) => pingStatus(ctx, i) === 'Online' && tests.every((test) => test(i)))
    .sort((a, b) => a.InstanceId.localeCompare(b.InstanceId));
}

/** Each instance's turn under MaxConcurrency; after more than MaxErrors failures, later turns are cancelled. */
function runInTurns(ctx: OperationContext, instances: Instance[], text: string, concurrency: number, maxErrors: number): CommandRecord['invocations'] {
  const slots = new Array<number>(Math.max(1, Math.min(concurrency, instances.length))).fill(0);
  const failures: number[] = [];
  const invocations: CommandRecord['invocations'] = {};
  for (const instance of instances) {
    const slot = slots.indexOf(Math.min(...slots));
    const start = slots[slot]!;
    if (failures.filter((end) => end <= start).length > maxErrors) {
      invocations[instance.InstanceId] = { exitCode: -1, stdout: '', stderr: '', durationSeconds: 0, startSeconds: start, cancelled: true };
      continue;
    }
    const { name: _name, ...result } = runScriptOn(ctx, instance, text);
    invocations[instance.InstanceId] = { ...result, startSeconds: start };
    slots[slot] = start + result.durationSeconds;
    if (result.exitCode !== 0) failures.push(start + result.durationSeconds);
  }
  return invocations;
}

function commandView(ctx: OperationContext, command: CommandRecord) {
  const statuses = Object.values(command.invocations).map((inv) => invocationStatus(command, inv, ctx.now));
  const finished = statuses.filter((s) => s !== 'Pending' && s !== 'InProgress');
  const errors = statuses.filter((s) => s === 'Failed').length;
  const maxErrors = limitOf(command.MaxErrors ?? '0', statuses.length, 0);
  let status: string;
  let details: string;
  if (finished.length < statuses.length) [status, details] = statuses.every((s) => s === 'Pending') ? ['Pending', 'Pending'] : ['InProgress', 'In Progress'];
  else if (finished.every((s) => s === 'Success')) [status, details] = ['Success', 'Success'];
  else [status, details] = ['Failed', errors > maxErrors ? 'Failed' : 'Incomplete'];
  return {
    CommandId: command.CommandId,
    DocumentName: command.DocumentName,
    Comment: command.Comment,
    InstanceIds: command.Targets ? [] : Object.keys(command.invocations),
    Targets: command.Targets ?? [],
    RequestedDateTime: new Date(command.sentAt),
    ExpiresAfter: new Date(command.sentAt + 3600_000),
    Status: status,
    StatusDetails: details,
    TargetCount: statuses.length,
    CompletedCount: finished.length,
    ErrorCount: errors,
    DeliveryTimedOutCount: 0,
    MaxConcurrency: command.MaxConcurrency ?? '50',
    MaxErrors: command.MaxErrors ?? '0',
    TimeoutSeconds: command.TimeoutSeconds,
  };
}

function commandById(ctx: OperationContext, id: string | undefined): CommandRecord {
  const command = ctx.region.commands.find((c) => c.CommandId === id);
  if (!command) throw awsError('InvalidCommandId', 'Invalid command id.');
  return command;
}

function noFilters(operation: string, filters: unknown[] | undefined): void {
  if (filters?.length) throw unsupported('ssm', operation, ' with Filters');
}

export const ssmCommands: ServiceHandlers = {
  SendCommand: (ctx) => {
    const input = inputOf<SendCommandCommandInput>(ctx);
    if (input.DocumentName !== 'AWS-RunShellScript') throw unsupported('ssm', 'SendCommand', ` with document ${input.DocumentName}`);
    if (input.MaxConcurrency !== undefined && !MAX_CONCURRENCY.test(input.MaxConcurrency))
      throw awsError('ValidationException', `1 validation error detected: Value '${input.MaxConcurrency}' at 'maxConcurrency' failed to satisfy constraint: Member must satisfy regular expression pattern: ${MAX_CONCURRENCY.source}`);
    if (input.MaxErrors !== undefined && !MAX_ERRORS.test(input.MaxErrors))
      throw awsError('ValidationException', `1 validation error detected: Value '${input.MaxErrors}' at 'maxErrors' failed to satisfy constraint: Member must satisfy regular expression pattern: ${MAX_ERRORS.source}`);
    const instances = targetsOf(ctx, input);
    const text = (input.Parameters?.commands ?? []).join('\n');
    const command: CommandRecord = {
      CommandId: uuid(),
      DocumentName: input.DocumentName,
      Comment: input.Comment,
      text,
      probe: ctx.call.probe,
      sentAt: ctx.now,
      TimeoutSeconds: input.TimeoutSeconds,
      ...(input.MaxConcurrency ? { MaxConcurrency: input.MaxConcurrency } : {}),
      ...(input.MaxErrors ? { MaxErrors: input.MaxErrors } : {}),
      ...(input.Targets?.length ? { Targets: input.Targets.map((t) => ({ Key: t.Key ?? '', Values: t.Values ?? [] })) } : {}),
      invocations: runInTurns(ctx, instances, text, limitOf(input.MaxConcurrency ?? '50', instances.length, 1), limitOf(input.MaxErrors ?? '0', instances.length, 0)),
    };
    ctx.region.commands.push(command);
    // SSM's answer to SendCommand counts nothing yet.
    return { Command: { ...commandView(ctx, command), Parameters: input.Parameters, Status: 'Pending', StatusDetails: 'Pending', CompletedCount: 0, ErrorCount: 0 } };
  },

  GetCommandInvocation: (ctx) => {
    const input = inputOf<GetCommandInvocationCommandInput>(ctx);
    const command = ctx.region.commands.find((c) => c.CommandId === input.CommandId);
    const inv = command?.invocations[input.InstanceId ?? ''];
    if (!command || !inv || secondsBetween(command.sentAt, ctx.now) < INVOCATION_VISIBLE_AFTER_SECONDS)
      throw awsError('InvocationDoesNotExist', 'The command ID and instance ID you specified did not match any invocations. Verify the command ID and the instance ID and try again.');
    const status = invocationStatus(command, inv, ctx.now);
    const done = status === 'Success' || status === 'Failed';
    const start = inv.startSeconds ?? 0;
    return {
      CommandId: command.CommandId,
      InstanceId: input.InstanceId,
      Comment: command.Comment,
      DocumentName: command.DocumentName,
      DocumentVersion: '$DEFAULT',
      PluginName: 'aws:runShellScript',
      ResponseCode: done ? inv.exitCode : -1,
      ExecutionStartDateTime: status === 'Pending' || status === 'Cancelled' ? '' : new Date(after(command.sentAt, start)).toISOString(),
      ExecutionElapsedTime: `PT${(done ? inv.durationSeconds : status === 'InProgress' ? secondsBetween(command.sentAt, ctx.now) - start : 0).toFixed(3)}S`,
      ExecutionEndDateTime: done ? new Date(after(command.sentAt, start + inv.durationSeconds)).toISOString() : '',
      Status: status,
      StatusDetails: status === 'Cancelled' ? 'Terminated' : status === 'InProgress' ? 'In Progress' : status,
      StandardOutputContent: done ? `${printsStartLine(command.text) ? `${SCRIPT_STARTED}\n` : ''}${SIMULATED_OUTPUT_BANNER}\n${inv.stdout}` : '',
      StandardOutputUrl: '',
      StandardErrorContent: done ? inv.stderr : '',
      StandardErrorUrl: '',
    };
  },

  ListCommands: (ctx) => {
    const input = inputOf<ListCommandsCommandInput>(ctx);
    noFilters('ListCommands', input.Filters);
    const commands = input.CommandId ? [commandById(ctx, input.CommandId)] : ctx.region.commands.filter((c) => !input.InstanceId || input.InstanceId in c.invocations).reverse();
    const { items, next } = pageOf(ctx, commands, { token: input.NextToken, max: input.MaxResults }, { invalid: 'InvalidNextToken', range: [1, 50] });
    return { Commands: items.map((c) => commandView(ctx, c)), ...(next ? { NextToken: next } : {}) };
  },

  ListCommandInvocations: (ctx) => {
    const input = inputOf<ListCommandInvocationsCommandInput>(ctx);
    noFilters('ListCommandInvocations', input.Filters);
    const commands = input.CommandId ? [commandById(ctx, input.CommandId)] : [...ctx.region.commands].reverse();
    const list: CommandInvocation[] = commands.flatMap((command) =>
      Object.entries(command.invocations)
        .filter(([id]) => !input.InstanceId || id === input.InstanceId)
        .map(([InstanceId, inv]) => {
          const status = invocationStatus(command, inv, ctx.now);
          const details = status === 'Cancelled' ? 'Terminated' : status === 'InProgress' ? 'In Progress' : status;
          return {
            CommandId: command.CommandId,
            InstanceId,
            Comment: command.Comment,
            DocumentName: command.DocumentName,
            DocumentVersion: '$DEFAULT',
            RequestedDateTime: new Date(command.sentAt),
            Status: status,
            StatusDetails: details,
            ...(input.Details
              ? { CommandPlugins: [{ Name: 'aws:runShellScript', Status: status, StatusDetails: details, ResponseCode: status === 'Success' || status === 'Failed' ? inv.exitCode : -1, Output: status === 'Success' || status === 'Failed' ? `${SIMULATED_OUTPUT_BANNER}\n${inv.stdout}`.slice(0, 2500) : '' }] }
              : {}),
          } as CommandInvocation;
        }),
    );
    const { items, next } = pageOf(ctx, list, { token: input.NextToken, max: input.MaxResults }, { invalid: 'InvalidNextToken', range: [1, 50] });
    return { CommandInvocations: items, ...(next ? { NextToken: next } : {}) };
  },
};
