/** An RDS resource's tags by ARN (DescribeDBSubnetGroups answers none). */
import { ListTagsForResourceCommand } from '../../aws/sdk/rds.js';
import type { StepContext } from '../../engine/model/step.js';

export async function rdsTags(ctx: StepContext, arn: string): Promise<{ Key?: string; Value?: string }[]> {
  return (await ctx.aws.rds.send(new ListTagsForResourceCommand({ ResourceName: arn }))).TagList ?? [];
}
