/**
 * `autoscaling.retireGroup`: the group a successor replaced leaves for good.
 * It is detached from its target groups and its instances drain for the
 * target groups' deregistration delay (requests in flight finish), then the
 * group is deleted with ForceDelete and the step waits until none of its
 * instances runs, so no user reaches the old version. Done when the group is
 * gone and no instance it launched is left. It removes and makes nothing,
 * so it has no undo.
 */
import { DetachLoadBalancerTargetGroupsCommand, type AutoScalingGroup } from '../../aws/sdk/autoscaling.js';
import { DescribeTargetGroupAttributesCommand, DescribeTargetHealthCommand } from '../../aws/sdk/elbv2.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { waitFor } from '../../aws/wait.js';
import { deleteGroupAndWait, instancesLeft } from './delete-group.js';
import { findGroup } from './find.js';

export interface RetireGroupInput {
  name: string;
  /** The group that serves instead: never the one retired. */
  successor: string;
  /** Drain at most this long, then delete (requests still in flight are cut); default: the target groups' deregistration delay. */
  drainSeconds?: number;
}

export interface RetireGroupOutputs {
  name: string;
}

interface Found {
  group?: AutoScalingGroup;
}

const DELAY_KEY = 'deregistration_delay.timeout_seconds';

async function deregistrationDelay(ctx: StepContext, arn: string): Promise<number> {
  const attributes = (await ctx.aws.elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }))).Attributes ?? [];
  return Number(attributes.find((a) => a.Key === DELAY_KEY)?.Value ?? 300);
}

/** Detach, then wait until the target groups no longer list the group's instances. */
async function drain(ctx: StepContext, g: AutoScalingGroup, drainSeconds: number | undefined): Promise<void> {
  const arns = g.TargetGroupARNs ?? [];
  if (!arns.length) return;
  const ids = new Set((g.Instances ?? []).map((i) => i.InstanceId));
  const delay = Math.max(...(await Promise.all(arns.map((arn) => deregistrationDelay(ctx, arn)))));
  const limit = Math.min(delay, drainSeconds ?? delay);
  await ctx.aws.autoscaling.send(new DetachLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: g.AutoScalingGroupName, TargetGroupARNs: arns }));
  const started = ctx.clock.now();
  await waitFor(ctx, {
    what: `the instances of ${g.AutoScalingGroupName} to drain from the target group (deregistration delay ${delay}s${limit < delay ? `, cut at ${limit}s` : ''})`,
    minDelay: 5,
    maxDelay: 30,
    maxWait: delay + 300,
    poll: async () => {
      const left: string[] = [];
      for (const arn of arns) {
        const health = (await ctx.aws.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }))).TargetHealthDescriptions ?? [];
        left.push(...health.filter((h) => ids.has(h.Target?.Id) && h.TargetHealth?.State !== 'unavailable').map((h) => `${h.Target?.Id} ${h.TargetHealth?.State}`));
      }
      const drained = (ctx.clock.now() - started) / ctx.clock.msPerSecond;
      return left.length && drained < limit ? { done: false, status: left.join(', ') } : { done: true, value: undefined };
    },
  });
}

const kind: StepKind<RetireGroupInput, RetireGroupOutputs, Found> = {
  async check(ctx, input) {
    if (input.name === input.successor) throw new Error(`Group ${input.name} cannot retire in favour of itself.`);
    const group = await findGroup(ctx, input.name);
    if (group) return { done: false, reason: `Group ${input.name} still has ${group.Instances?.length ?? 0} instance(s)${group.TargetGroupARNs?.length ? ' behind the load balancer' : ''}.`, found: { group } };
    const left = await instancesLeft(ctx, input.name);
    if (left.length) return { done: false, reason: `Group ${input.name} is gone, but its instances are not terminated yet: ${left.join(', ')}.`, found: {} };
    return { done: true, outputs: { name: input.name }, evidence: [`${input.name} is gone and none of its instances runs; ${input.successor} serves`] };
  },
  plan: (input, found) => {
    // Unchecked (a dry-run whose earlier steps are only planned): the group is taken to be there, attached.
    const group = found ? found.group : { TargetGroupARNs: ['<its target groups>'] };
    return [
      ...(group?.TargetGroupARNs?.length
        ? [{ service: 'autoscaling', operation: 'DetachLoadBalancerTargetGroups', input: { AutoScalingGroupName: input.name, TargetGroupARNs: group.TargetGroupARNs }, note: "then waits for the target groups' deregistration delay" }]
        : []),
      ...(group ? [{ service: 'autoscaling', operation: 'DeleteAutoScalingGroup', input: { AutoScalingGroupName: input.name, ForceDelete: true }, note: 'terminates its instances; waits until they are terminated' }] : []),
    ];
  },
  async apply(ctx, input, found) {
    if (found?.group) await drain(ctx, found.group, input.drainSeconds);
    await deleteGroupAndWait(ctx, input.name);
    return { name: input.name };
  },
};

export { kind as retireGroupKind };
