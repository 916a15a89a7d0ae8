/**
 * SSM: public parameters, managed-instance status, and Run Command. A
 * command's effect on the simulated host is applied when it arrives; its
 * result shows once its simulated duration has passed.
 */
import type {
  DescribeInstanceInformationCommandInput,
  GetCommandInvocationCommandInput,
  InstanceInformation,
  SendCommandCommandInput,
} from '@aws-sdk/client-ssm';
import { SCRIPT_STARTED } from '../../../aws/shell.js';
import { SSM_CORE_POLICY_ARN } from '../../account/world.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError, unsupported } from '../lib/errors.js';
import { pageOf } from '../lib/pages.js';
import { hostIsUp } from '../../host/model.js';
import { runScriptOn } from '../lib/host-run.js';
import { uuid } from '../../account/ids.js';
import type { CommandRecord, Instance } from '../../account/state.js';
import { after, secondsBetween } from '../../account/time.js';
import { REBOOT_SECONDS, SSM_ONLINE_AFTER_LAUNCH_SECONDS, isRunning } from '../ec2/lifecycle.js';
import { profileByArn, profilePolicies } from '../iam/index.js';

/** Marks every simulated output, so nobody mistakes it for a real host's. */
export const SIMULATED_OUTPUT_BANNER = '[sandbox] simulated output';
/** An invocation is not visible for this long after SendCommand answers. */
const INVOCATION_VISIBLE_AFTER_SECONDS = 0.5;

type PingStatus = 'Online' | 'ConnectionLost';

/** Undefined when the agent has never registered (no instance profile allowing SSM, or too early). */
export function pingStatus(ctx: OperationContext, instance: Instance): PingStatus | undefined {
  const profile = profileByArn(ctx.account, instance.IamInstanceProfileArn);
  if (!profile || !profilePolicies(ctx.account, profile).includes(SSM_CORE_POLICY_ARN)) return undefined;
  if (!isRunning(instance, ctx.now) || ctx.now < after(instance.launchedAt, SSM_ONLINE_AFTER_LAUNCH_SECONDS)) return undefined;
  return hostIsUp(instance.host, ctx.now) ? 'Online' : 'ConnectionLost';
}

function informationView(ctx: OperationContext, instance: Instance, status: PingStatus): InstanceInformation {
  const ubuntu = instance.host.os === 'ubuntu';
  return {
    InstanceId: instance.InstanceId,
    PingStatus: status,
    LastPingDateTime: new Date(status === 'Online' ? ctx.now : after(instance.host.bootedAt, -REBOOT_SECONDS)),
    AgentVersion: '3.3.1957.0',
    IsLatestVersion: true,
    PlatformType: 'Linux',
    PlatformName: ubuntu ? 'Ubuntu' : 'Amazon Linux',
    PlatformVersion: ubuntu ? '24.04' : '2023',
    ResourceType: 'EC2Instance',
    IPAddress: instance.PrivateIpAddress,
    ComputerName: `ip-${instance.PrivateIpAddress.replace(/\./g, '-')}`,
    AssociationStatus: 'Success',
  };
}

/** The wrapper runbooks send prints its start line first, as a shell on the host would. */
function printsStartLine(text: string): boolean {
  return text.startsWith(`echo '${SCRIPT_STARTED}'`);
}

function invocationStatus(command: CommandRecord, result: CommandRecord['invocations'][string], now: number): 'InProgress' | 'Success' | 'Failed' {
  if (secondsBetween(command.sentAt, now) < result.durationSeconds) return 'InProgress';
  return result.exitCode === 0 ? 'Success' : 'Failed';
}

export const ssm: ServiceHandlers = {
  DescribeInstanceInformation: (ctx) => {
    const input = inputOf<DescribeInstanceInformationCommandInput>(ctx);
    // Both filter shapes: Filters [{Key, Values}] and the older InstanceInformationFilterList [{key, valueSet}].
    const filters = [
      ...(input.Filters ?? []).map((f) => ({ key: f.Key ?? '', values: f.Values ?? [] })),
      ...(input.InstanceInformationFilterList ?? []).map((f) => ({ key: f.key ?? '', values: f.valueSet ?? [] })),
    ];
    const fields: Record<string, (i: InstanceInformation) => string | undefined> = {
      InstanceIds: (i) => i.InstanceId,
      PingStatus: (i) => i.PingStatus,
      PlatformTypes: (i) => i.PlatformType,
      ResourceType: (i) => i.ResourceType,
      AgentVersion: (i) => i.AgentVersion,
    };
    for (const f of filters) if (!fields[f.key]) throw awsError('InvalidInstanceInformationFilterValue', `The filter key ${f.key} is not supported by the sandbox.`);
    const list = Object.values(ctx.region.instances)
      .flatMap((i) => {
        const status = pingStatus(ctx, i);
        return status ? [informationView(ctx, i, status)] : [];
      })
      .filter((info) => filters.every((f) => f.values.includes(fields[f.key]!(info) ?? '')));
    const { items, next } = pageOf(ctx, list, { token: input.NextToken, max: input.MaxResults }, { invalid: 'InvalidNextToken', range: [5, 50] });
    return { InstanceInformationList: items, ...(next ? { NextToken: next } : {}) };
  },

  SendCommand: (ctx) => {
    const input = inputOf<SendCommandCommandInput>(ctx);
    if (input.DocumentName !== 'AWS-RunShellScript') throw unsupported('ssm', 'SendCommand', ` with document ${input.DocumentName}`);
    const ids = input.InstanceIds ?? [];
    if (!ids.length) throw unsupported('ssm', 'SendCommand', ' without InstanceIds (Targets)');
    const targets = ids.map((id) => ctx.region.instances[id]);
    if (targets.some((i) => !i || pingStatus(ctx, i) !== 'Online'))
      throw awsError('InvalidInstanceId', `Instances [[${ids.join(', ')}]] not in a valid state for account ${ctx.account.accountId}`);
    const text = (input.Parameters?.commands ?? []).join('\n');
    const command: CommandRecord = {
      CommandId: uuid(),
      DocumentName: input.DocumentName,
      Comment: input.Comment,
      text,
      probe: ctx.call.probe,
      sentAt: ctx.now,
      TimeoutSeconds: input.TimeoutSeconds,
      invocations: {},
    };
    for (const instance of targets as Instance[]) {
      const { name: _name, ...result } = runScriptOn(ctx, instance, text);
      command.invocations[instance.InstanceId] = result;
    }
    ctx.region.commands.push(command);
    return {
      Command: {
        CommandId: command.CommandId,
        DocumentName: command.DocumentName,
        Comment: command.Comment,
        Parameters: input.Parameters,
        InstanceIds: ids,
        Targets: [],
        RequestedDateTime: new Date(ctx.now),
        ExpiresAfter: new Date(ctx.now + 3600_000),
        Status: 'Pending',
        StatusDetails: 'Pending',
        TargetCount: ids.length,
        CompletedCount: 0,
        ErrorCount: 0,
        DeliveryTimedOutCount: 0,
        TimeoutSeconds: input.TimeoutSeconds,
      },
    };
  },

  GetCommandInvocation: (ctx) => {
    const input = inputOf<GetCommandInvocationCommandInput>(ctx);
    const command = ctx.region.commands.find((c) => c.CommandId === input.CommandId);
    const result = command?.invocations[input.InstanceId ?? ''];
    if (!command || !result || secondsBetween(command.sentAt, ctx.now) < INVOCATION_VISIBLE_AFTER_SECONDS) throw awsError('InvocationDoesNotExist', 'The command ID and instance ID you specified did not match any invocations. Verify the command ID and the instance ID and try again.');
    const status = invocationStatus(command, result, ctx.now);
    const done = status !== 'InProgress';
    const end = after(command.sentAt, result.durationSeconds);
    return {
      CommandId: command.CommandId,
      InstanceId: input.InstanceId,
      Comment: command.Comment,
      DocumentName: command.DocumentName,
      DocumentVersion: '$DEFAULT',
      PluginName: 'aws:runShellScript',
      ResponseCode: done ? result.exitCode : -1,
      ExecutionStartDateTime: new Date(command.sentAt).toISOString(),
      ExecutionElapsedTime: `PT${(done ? result.durationSeconds : secondsBetween(command.sentAt, ctx.now)).toFixed(3)}S`,
      ExecutionEndDateTime: done ? new Date(end).toISOString() : '',
      Status: status,
      StatusDetails: status,
      StandardOutputContent: done ? `${printsStartLine(command.text) ? `${SCRIPT_STARTED}\n` : ''}${SIMULATED_OUTPUT_BANNER}\n${result.stdout}` : '',
      StandardOutputUrl: '',
      StandardErrorContent: done ? result.stderr : '',
      StandardErrorUrl: '',
    };
  },
};
