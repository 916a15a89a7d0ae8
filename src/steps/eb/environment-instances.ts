/**
 * `eb.environmentInstances`: the EC2 instances an environment runs on now,
 * from DescribeEnvironmentResources, once each one's SSM agent is online (the
 * commands that follow reach them through Run Command). Read-only; a resume
 * reads them again, so an instance replaced since is never addressed.
 */
import { DescribeEnvironmentResourcesCommand } from '../../aws/sdk/elasticbeanstalk.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { ssmPingStatus } from '../../aws/ssm-agent.js';
import { waitFor } from '../../aws/wait.js';

export interface EnvironmentInstancesInput {
  environment: string;
}

export interface EnvironmentInstancesOutputs {
  /** Sorted, so the same instances give the same order. */
  instanceIds: string[];
  /** The first of them: where a command that must run once goes. */
  firstInstanceId: string;
}

async function instanceIds(ctx: StepContext, environment: string): Promise<string[]> {
  const res = await ctx.aws.elasticBeanstalk.send(new DescribeEnvironmentResourcesCommand({ EnvironmentName: environment }));
  return (res.EnvironmentResources?.Instances ?? []).map((i) => i.Id ?? '').filter(Boolean).sort();
}

const kind: StepKind<EnvironmentInstancesInput, EnvironmentInstancesOutputs> = {
  async check(ctx, input) {
    const ids = await instanceIds(ctx, input.environment);
    if (!ids.length) return { done: false, reason: `Environment ${input.environment} has no instances.` };
    // A just-launched or just-replaced instance registers with SSM a little after it runs.
    const pings = await waitFor(ctx, {
      what: `the SSM agents of ${ids.join(', ')} to be online`,
      minDelay: 5,
      maxDelay: 15,
      maxWait: 600,
      poll: async () => {
        const statuses = await Promise.all(ids.map(async (id) => ({ id, status: await ssmPingStatus(ctx, id) })));
        const offline = statuses.filter((s) => s.status !== 'Online');
        return offline.length ? { done: false, status: offline.map((s) => `${s.id} ${s.status}`).join(', ') } : { done: true, value: statuses };
      },
    });
    return { done: true, outputs: { instanceIds: ids, firstInstanceId: ids[0]! }, evidence: pings.map((p) => `${p.id}: SSM agent ${p.status}`) };
  },
  plan: () => [],
};

export { kind as environmentInstancesKind };
