/**
 * SSM's managed instances: which instances the agent reports, and how.
 * Run Command is in commands.ts, parameters and sessions beside it.
 */
import type {
  DescribeInstanceInformationCommandInput,
  InstanceInformation,
} from '@aws-sdk/client-ssm';
import { SSM_CORE_POLICY_ARN } from '../../account/world.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { pageOf } from '../lib/pages.js';
import { hostIsUp } from '../../host/model.js';
import type { Instance } from '../../account/state.js';
import { after } from '../../account/time.js';
import { REBOOT_SECONDS, SSM_ONLINE_AFTER_LAUNCH_SECONDS, isRunning } from '../ec2/lifecycle.js';
import { profileByArn, profilePolicies } from '../iam/index.js';

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
};
