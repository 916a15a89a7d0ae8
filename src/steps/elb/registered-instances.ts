/**
 * `elb.registeredInstances`: these instances are registered with a classic
 * load balancer and InService there (RegisterInstancesWithLoadBalancer, then
 * DescribeInstanceHealth until its health check passes). Registering is
 * idempotent on ELB, and only the instances not yet listed are sent.
 */
import { DescribeInstanceHealthCommand, DescribeLoadBalancersCommand, RegisterInstancesWithLoadBalancerCommand, type InstanceState } from '../../aws/sdk/elb.js';
import type { StepContext, StepKind } from '../../engine/model/step.js';
import type { PlannedCall } from '../../core/calls.js';
import { waitFor } from '../../aws/wait.js';
import { isNotFound } from '../../aws/errors.js';

export interface RegisteredInstancesInput {
  loadBalancerName: string;
  instanceIds: string[];
  waitMinutes?: number;
}

export interface RegisteredInstancesOutputs {
  loadBalancerName: string;
  instanceIds: string[];
}

interface Found {
  unregistered: string[];
}

export class LoadBalancerMissingError extends Error {
  override name = 'LoadBalancerMissing';
}

/** The instances the load balancer lists; a missing load balancer is a sentence. */
export async function registeredWith(ctx: StepContext, name: string): Promise<string[]> {
  const lb = (await ctx.aws.elb.send(new DescribeLoadBalancersCommand({ LoadBalancerNames: [name] })).catch((err: unknown) => {
    if (isNotFound(err)) throw new LoadBalancerMissingError(`There is no classic load balancer ${name} in ${ctx.aws.region}: run the runbook that makes it first.`);
    throw err;
  })).LoadBalancerDescriptions?.[0];
  return (lb?.Instances ?? []).map((i) => i.InstanceId ?? '');
}

async function health(ctx: StepContext, input: RegisteredInstancesInput): Promise<InstanceState[]> {
  return (await ctx.aws.elb.send(new DescribeInstanceHealthCommand({ LoadBalancerName: input.loadBalancerName, Instances: input.instanceIds.map((InstanceId) => ({ InstanceId })) }))).InstanceStates ?? [];
}

const describe = (states: InstanceState[]) => states.map((s) => `${s.InstanceId} ${s.State}${s.State === 'InService' ? '' : ` (${s.Description})`}`).join(', ');
const allInService = (input: RegisteredInstancesInput, states: InstanceState[]) => input.instanceIds.every((id) => states.some((s) => s.InstanceId === id && s.State === 'InService'));

const kind: StepKind<RegisteredInstancesInput, RegisteredInstancesOutputs, Found> = {
  async check(ctx, input) {
    const listed = await registeredWith(ctx, input.loadBalancerName);
    const unregistered = input.instanceIds.filter((id) => !listed.includes(id));
    if (unregistered.length) return { done: false, reason: `${unregistered.join(', ')} not registered with ${input.loadBalancerName} yet.`, found: { unregistered } };
    const states = await health(ctx, input);
    if (!allInService(input, states)) return { done: false, reason: `Not InService in ${input.loadBalancerName} yet: ${describe(states)}.`, found: { unregistered: [] } };
    return { done: true, outputs: { loadBalancerName: input.loadBalancerName, instanceIds: input.instanceIds }, evidence: [`${input.loadBalancerName}: ${describe(states)}`] };
  },
  plan(input, found): PlannedCall[] {
    const wait = `then waits until ${input.loadBalancerName}'s health check finds them InService`;
    const ids = found?.unregistered ?? input.instanceIds;
    if (!ids.length) return [{ service: 'elb', operation: 'DescribeInstanceHealth', input: { LoadBalancerName: input.loadBalancerName }, note: wait }];
    return [{ service: 'elb', operation: 'RegisterInstancesWithLoadBalancer', input: { LoadBalancerName: input.loadBalancerName, Instances: ids.map((InstanceId) => ({ InstanceId })) }, note: wait }];
  },
  async apply(ctx, input, found) {
    const ids = found?.unregistered ?? input.instanceIds;
    if (ids.length) await ctx.aws.elb.send(new RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: input.loadBalancerName, Instances: ids.map((InstanceId) => ({ InstanceId })) }));
    await waitFor(ctx, {
      what: `${input.instanceIds.join(', ')} to be InService in ${input.loadBalancerName}`,
      minDelay: 10,
      maxDelay: 30,
      maxWait: (input.waitMinutes ?? 10) * 60,
      poll: async () => {
        const states = await health(ctx, input);
        return allInService(input, states) ? { done: true, value: states } : { done: false, status: describe(states) };
      },
    });
    return { loadBalancerName: input.loadBalancerName, instanceIds: input.instanceIds };
  },
};

export { kind as registeredInstancesKind };
