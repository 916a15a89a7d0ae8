/** Whether an instance's SSM agent is online: the precondition of every Run Command. */
import type { InstanceInformation } from './sdk/ssm.js';
import type { HostCommandContext } from './ssm-run.js';
import { waitFor } from './wait.js';

export async function ssmPingStatus(ctx: HostCommandContext, instanceId: string): Promise<string> {
  // Loaded on first use: a step that may wait for the agent does not load SSM's SDK until it does.
  const { paginateDescribeInstanceInformation } = await import('./sdk/ssm.js');
  // Filtered answers may come in pages, the first of them empty.
  const found: InstanceInformation[] = [];
  for await (const page of paginateDescribeInstanceInformation({ client: ctx.aws.ssm }, { Filters: [{ Key: 'InstanceIds', Values: [instanceId] }] })) found.push(...(page.InstanceInformationList ?? []));
  return found.find((i) => i.InstanceId === instanceId)?.PingStatus ?? 'NotRegistered';
}

export function waitForSsmOnline(ctx: HostCommandContext, instanceId: string, maxWait = 900): Promise<void> {
  return waitFor(ctx, {
    what: `the SSM agent on ${instanceId} to come online`,
    minDelay: 5,
    maxDelay: 15,
    maxWait,
    poll: async () => {
      const status = await ssmPingStatus(ctx, instanceId);
      return status === 'Online' ? { done: true, value: undefined } : { done: false, status };
    },
  });
}
