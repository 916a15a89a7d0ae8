/**
 * `ec2.terminateInstance`: an instance the runbook no longer needs (a build
 * instance once its image exists) is terminated and waited for. One already
 * terminated, or gone, is done. Termination protection is never turned off
 * here: an instance someone protected fails the step with what to do.
 */
import { DescribeInstanceAttributeCommand, DescribeInstancesCommand, TerminateInstancesCommand, type Instance } from '../../aws/sdk/ec2.js';
import { unlessGone } from '../../aws/errors.js';
import { waitFor } from '../../aws/wait.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';

export interface TerminateInstanceInput {
  instanceId: string;
}

export interface TerminateInstanceOutputs {
  instanceId: string;
  state: string;
}

async function describe(ctx: StepContext, instanceId: string): Promise<Instance | undefined> {
  return (await unlessGone(() => ctx.aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))))?.Reservations?.[0]?.Instances?.[0];
}

/** TerminateInstances, then wait until the instance is terminated (or gone): this kind and the instance's undo. */
export async function terminateAndWait(ctx: StepContext, instanceId: string): Promise<void> {
  await ctx.aws.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
  await waitFor(ctx, {
    what: `instance ${instanceId} to terminate`,
    minDelay: 5,
    maxDelay: 15,
    maxWait: 900,
    poll: async () => {
      const state = (await describe(ctx, instanceId))?.State?.Name ?? 'terminated';
      return state === 'terminated' ? { done: true, value: undefined } : { done: false, status: state };
    },
  });
}

const kind: StepKind<TerminateInstanceInput, TerminateInstanceOutputs> = {
  async check(ctx, { instanceId }) {
    const instance = await describe(ctx, instanceId);
    const state = instance?.State?.Name ?? 'terminated';
    if (state === 'terminated') return { done: true, outputs: { instanceId, state }, evidence: [`${instanceId} is ${instance ? 'terminated' : 'gone'}`] };
    return { done: false, reason: `Instance ${instanceId} is ${state}.` };
  },
  plan: ({ instanceId }) => [{ service: 'ec2', operation: 'TerminateInstances', input: { InstanceIds: [instanceId] }, note: 'then waits until it is terminated' }],
  async apply(ctx, { instanceId }) {
    const protection = await ctx.aws.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'disableApiTermination' }));
    if (protection.DisableApiTermination?.Value)
      throw new Error(`Instance ${instanceId} has termination protection: turn it off (aws ec2 modify-instance-attribute --instance-id ${instanceId} --no-disable-api-termination) if it is meant to go, then resume.`);
    await terminateAndWait(ctx, instanceId);
    return { instanceId, state: 'terminated' };
  },
};

export { kind as terminateInstanceKind };
