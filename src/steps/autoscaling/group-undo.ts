/**
 * Destroying what `autoscaling.group` made: the group is deleted with
 * ForceDelete, which terminates its instances, and awaited until gone (its
 * scaling policies go with it).
 */
import { DeleteAutoScalingGroupCommand } from '../../aws/sdk/autoscaling.js';
import type { Undo } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import { waitFor } from '../../aws/wait.js';
import { adoptedNote, madeByRun } from '../undo.js';
import { findGroup } from './find.js';
import type { GroupInput, GroupOutputs } from './group.js';

export const groupUndo: Undo<GroupInput, GroupOutputs> = {
  async find(ctx, { input }) {
    const g = input.name ? await findGroup(ctx, input.name) : undefined;
    if (!g?.AutoScalingGroupName) return [];
    const mine = madeByRun(ctx, g.Tags);
    return [
      {
        type: 'autoscaling:group',
        id: g.AutoScalingGroupName,
        madeByRun: mine,
        note: mine ? `terminates its ${g.Instances?.length ?? 0} instance(s) and its scaling policies` : adoptedNote(`Auto Scaling group ${g.AutoScalingGroupName}`, g.Tags),
      },
    ];
  },
  plan: (resource) => [{ service: 'autoscaling', operation: 'DeleteAutoScalingGroup', input: { AutoScalingGroupName: resource.id, ForceDelete: true }, note: 'terminates its instances; waits until it is gone' }],
  async remove(ctx, resource) {
    try {
      await ctx.aws.autoscaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: resource.id, ForceDelete: true }));
    } catch (err) {
      if (!hasErrorName(err, 'ValidationError')) throw err;
    }
    await waitFor(ctx, {
      what: `Auto Scaling group ${resource.id} to be deleted`,
      minDelay: 10,
      maxDelay: 30,
      maxWait: 1200,
      poll: async () => {
        const g = await findGroup(ctx, resource.id);
        return g ? { done: false, status: g.Status ?? 'deleting' } : { done: true, value: undefined };
      },
    });
  },
};
