/**
 * `elbv2.registeredTargets`: these instances are registered in the target
 * group with this name and healthy there (RegisterTargets, then
 * DescribeTargetHealth until its health check passes). Registering is
 * idempotent, and only the instances not yet listed are sent.
 */
import { DescribeTargetHealthCommand, RegisterTargetsCommand, type TargetHealthDescription } from '../../aws/sdk/elbv2.js';
import type { StepContext, StepKind } from '../../engine/model/step.js';
import type { PlannedCall } from '../../core/calls.js';
import { waitFor } from '../../aws/wait.js';
import { findTargetGroup } from './find.js';

export interface RegisteredTargetsInput {
  targetGroupName: string;
  instanceIds: string[];
  waitMinutes?: number;
}

export interface RegisteredTargetsOutputs {
  targetGroupArn: string;
  instanceIds: string[];
}

interface Found {
  targetGroupArn: string;
  unregistered: string[];
}

export class TargetGroupMissingError extends Error {
  override name = 'TargetGroupMissing';
}

export async function targetGroupArnOf(ctx: StepContext, name: string): Promise<string> {
  const tg = await findTargetGroup(ctx, name);
  if (!tg?.TargetGroupArn) throw new TargetGroupMissingError(`There is no target group ${name} in ${ctx.aws.region}: run the runbook that makes it first.`);
  return tg.TargetGroupArn;
}

/** Every target the group lists, with its health. */
export async function targetsOf(ctx: StepContext, targetGroupArn: string): Promise<TargetHealthDescription[]> {
  return (await ctx.aws.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }))).TargetHealthDescriptions ?? [];
}

const describe = (targets: TargetHealthDescription[]) => targets.map((t) => `${t.Target?.Id} ${t.TargetHealth?.State}`).join(', ') || 'no targets';
const healthy = (ids: string[], targets: TargetHealthDescription[]) => ids.every((id) => targets.some((t) => t.Target?.Id === id && t.TargetHealth?.State === 'healthy'));

const kind: StepKind<RegisteredTargetsInput, RegisteredTargetsOutputs, Found> = {
  async check(ctx, input) {
    const targetGroupArn = await targetGroupArnOf(ctx, input.targetGroupName);
    const targets = await targetsOf(ctx, targetGroupArn);
    const unregistered = input.instanceIds.filter((id) => !targets.some((t) => t.Target?.Id === id));
    if (unregistered.length) return { done: false, reason: `${unregistered.join(', ')} not registered in ${input.targetGroupName} yet.`, found: { targetGroupArn, unregistered } };
    if (!healthy(input.instanceIds, targets)) return { done: false, reason: `Not healthy in ${input.targetGroupName} yet: ${describe(targets)}.`, found: { targetGroupArn, unregistered: [] } };
    return { done: true, outputs: { targetGroupArn, instanceIds: input.instanceIds }, evidence: [`${input.targetGroupName}: ${describe(targets)}`] };
  },
  plan(input, found): PlannedCall[] {
    const wait = `then waits until ${input.targetGroupName}'s health check finds them healthy`;
    const ids = found?.unregistered ?? input.instanceIds;
    const arn = found?.targetGroupArn ?? `<target group ${input.targetGroupName}>`;
    if (!ids.length) return [{ service: 'elasticloadbalancing', operation: 'DescribeTargetHealth', input: { TargetGroupArn: arn }, note: wait }];
    return [{ service: 'elasticloadbalancing', operation: 'RegisterTargets', input: { TargetGroupArn: arn, Targets: ids.map((Id) => ({ Id })) }, note: wait }];
  },
  async apply(ctx, input, found) {
    const targetGroupArn = found?.targetGroupArn ?? (await targetGroupArnOf(ctx, input.targetGroupName));
    const ids = found?.unregistered ?? input.instanceIds;
    if (ids.length) await ctx.aws.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: ids.map((Id) => ({ Id })) }));
    await waitFor(ctx, {
      what: `${input.instanceIds.join(', ')} to be healthy in ${input.targetGroupName}`,
      minDelay: 10,
      maxDelay: 30,
      maxWait: (input.waitMinutes ?? 10) * 60,
      poll: async () => {
        const targets = await targetsOf(ctx, targetGroupArn);
        return healthy(input.instanceIds, targets) ? { done: true, value: targets } : { done: false, status: describe(targets) };
      },
    });
    return { targetGroupArn, instanceIds: input.instanceIds };
  },
};

export { kind as registeredTargetsKind };
