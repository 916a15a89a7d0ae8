/**
 * Destroying what `elbv2.registeredTargets` did: the step's instances are
 * deregistered from the target group (the group and the instances are other
 * steps'). A registration carries no tags, so the step's status tells: a step
 * that found its instances already registered (ok) made nothing, and they stay.
 */
import { DeregisterTargetsCommand } from '../../aws/sdk/elbv2.js';
import type { Undo } from '../../engine/model/step.js';
import { isNotFound } from '../../aws/errors.js';
import { TargetGroupMissingError, targetGroupArnOf, targetsOf, type RegisteredTargetsInput, type RegisteredTargetsOutputs } from './registered-targets.js';

export const registeredTargetsUndo: Undo<RegisteredTargetsInput, RegisteredTargetsOutputs> = {
  async find(ctx, { input, outputs, status }) {
    const arn = outputs.targetGroupArn ?? (input.targetGroupName ? await targetGroupArnOf(ctx, input.targetGroupName).catch((err: unknown) => (err instanceof TargetGroupMissingError ? undefined : Promise.reject(err))) : undefined);
    if (!arn) return [];
    const listed = (await targetsOf(ctx, arn)).map((t) => t.Target?.Id);
    const mine = status !== 'ok';
    return (outputs.instanceIds ?? input.instanceIds ?? [])
      .filter((id) => listed.includes(id))
      .map((id) => ({
        type: 'elasticloadbalancing:target',
        id: `${arn}/${id}`,
        madeByRun: mine,
        details: { targetGroupArn: arn, instanceId: id },
        ...(mine ? {} : { note: 'already registered when this run checked' }),
      }));
  },
  plan: (resource) => [{ service: 'elasticloadbalancing', operation: 'DeregisterTargets', input: { TargetGroupArn: resource.details?.targetGroupArn, Targets: [{ Id: resource.details?.instanceId }] } }],
  async remove(ctx, resource) {
    // Deregistering a target that is not registered succeeds; a target group already gone holds nothing.
    try {
      await ctx.aws.elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn: String(resource.details?.targetGroupArn), Targets: [{ Id: String(resource.details?.instanceId) }] }));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  },
};
