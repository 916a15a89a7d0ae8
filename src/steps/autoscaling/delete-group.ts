/**
 * Deleting an Auto Scaling group for good: DeleteAutoScalingGroup with
 * ForceDelete (it terminates the group's instances), then a wait until the
 * group is gone and none of its instances runs any more. Shared by
 * `autoscaling.retireGroup` and the undo of `autoscaling.group`.
 */
import { DeleteAutoScalingGroupCommand } from '../../aws/sdk/autoscaling.js';
import { paginateDescribeInstances } from '../../aws/sdk/ec2.js';
import type { StepContext } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import { waitFor } from '../../aws/wait.js';
import { collect } from '../paginate.js';
import { findGroup } from './find.js';

/** Instances Auto Scaling launched for the group that are not terminated yet (the group's own tag finds them after it is gone). */
export async function instancesLeft(ctx: StepContext, name: string): Promise<string[]> {
  const filters = [
    { Name: 'tag:aws:autoscaling:groupName', Values: [name] },
    { Name: 'instance-state-name', Values: ['pending', 'running', 'shutting-down', 'stopping', 'stopped'] },
  ];
  const reservations = await collect(paginateDescribeInstances({ client: ctx.aws.ec2 }, { Filters: filters }), (p) => p.Reservations);
  return reservations.flatMap((r) => r.Instances ?? []).map((i) => `${i.InstanceId} ${i.State?.Name}`);
}

export async function deleteGroupAndWait(ctx: StepContext, name: string): Promise<void> {
  try {
    await ctx.aws.autoscaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name, ForceDelete: true }));
  } catch (err) {
    // ValidationError: the group is already gone.
    if (!hasErrorName(err, 'ValidationError')) throw err;
  }
  await waitFor(ctx, {
    what: `Auto Scaling group ${name} to be deleted and its instances terminated`,
    minDelay: 10,
    maxDelay: 30,
    maxWait: 1200,
    poll: async () => {
      const g = await findGroup(ctx, name);
      if (g) return { done: false, status: g.Status ?? 'deleting' };
      const left = await instancesLeft(ctx, name);
      return left.length ? { done: false, status: `still ${left.join(', ')}` } : { done: true, value: undefined };
    },
  });
}
