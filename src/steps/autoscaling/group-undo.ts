/**
 * Destroying what `autoscaling.group` made: the group is deleted with
 * ForceDelete, which terminates its instances, and awaited until it is gone and
 * they are terminated (its scaling policies go with it).
 */
import type { Undo } from '../../engine/model/step.js';
import { adoptedNote, madeByRun } from '../undo.js';
import { deleteGroupAndWait } from './delete-group.js';
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
  plan: (resource) => [{ service: 'autoscaling', operation: 'DeleteAutoScalingGroup', input: { AutoScalingGroupName: resource.id, ForceDelete: true }, note: 'terminates its instances; waits until it is gone and they are terminated' }],
  remove: (ctx, resource) => deleteGroupAndWait(ctx, resource.id),
};
