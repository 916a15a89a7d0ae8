/** An Auto Scaling group by name, for the kinds and their undos. */
import { DescribeAutoScalingGroupsCommand, type AutoScalingGroup } from '../../aws/sdk/autoscaling.js';
import type { StepContext } from '../../engine/model/step.js';

export async function findGroup(ctx: StepContext, name: string): Promise<AutoScalingGroup | undefined> {
  return (await ctx.aws.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups?.[0];
}
