/**
 * Destroying what `autoscaling.scalingPolicy` made. Policies carry no tags:
 * one belongs to the run when its group does (the group's `runbook:run-id`
 * tag). Deleting the group removes it anyway; this covers a group kept.
 */
import { DeletePolicyCommand } from '../../aws/sdk/autoscaling.js';
import type { Undo } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import { madeByRun } from '../undo.js';
import { findGroup } from './find.js';
import { findPolicy, type ScalingPolicyInput, type ScalingPolicyOutputs } from './scaling-policy.js';

export const scalingPolicyUndo: Undo<ScalingPolicyInput, ScalingPolicyOutputs> = {
  async find(ctx, { input }) {
    if (!input.groupName || !input.policyName) return [];
    const group = await findGroup(ctx, input.groupName);
    const policy = group ? await findPolicy(ctx, input.groupName, input.policyName) : undefined;
    if (!group || !policy?.PolicyARN) return [];
    const mine = madeByRun(ctx, group.Tags);
    return [{ type: 'autoscaling:scaling-policy', id: policy.PolicyARN, madeByRun: mine, details: { groupName: input.groupName }, note: mine ? `on ${input.groupName}` : `its group ${input.groupName} was not made by this run` }];
  },
  plan: (resource) => [{ service: 'autoscaling', operation: 'DeletePolicy', input: { AutoScalingGroupName: String(resource.details?.groupName ?? ''), PolicyName: resource.id } }],
  async remove(ctx, resource) {
    try {
      await ctx.aws.autoscaling.send(new DeletePolicyCommand({ AutoScalingGroupName: String(resource.details?.groupName ?? ''), PolicyName: resource.id }));
    } catch (err) {
      if (!hasErrorName(err, 'ValidationError')) throw err;
    }
  },
};
