/** Finding ELBv2 resources by name and reading their tags, for the kinds and their undos. */
import { DescribeLoadBalancersCommand, DescribeTagsCommand, DescribeTargetGroupsCommand, type LoadBalancer, type TargetGroup } from '../../aws/sdk/elbv2.js';
import type { StepContext } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';

export async function findTargetGroup(ctx: StepContext, name: string): Promise<TargetGroup | undefined> {
  try {
    return (await ctx.aws.elbv2.send(new DescribeTargetGroupsCommand({ Names: [name] }))).TargetGroups?.[0];
  } catch (err) {
    if (hasErrorName(err, 'TargetGroupNotFound', 'TargetGroupNotFoundException')) return undefined;
    throw err;
  }
}

export async function findLoadBalancer(ctx: StepContext, name: string): Promise<LoadBalancer | undefined> {
  try {
    return (await ctx.aws.elbv2.send(new DescribeLoadBalancersCommand({ Names: [name] }))).LoadBalancers?.[0];
  } catch (err) {
    if (hasErrorName(err, 'LoadBalancerNotFound', 'LoadBalancerNotFoundException')) return undefined;
    throw err;
  }
}

export async function elbTags(ctx: StepContext, arn: string): Promise<{ Key?: string; Value?: string }[]> {
  return (await ctx.aws.elbv2.send(new DescribeTagsCommand({ ResourceArns: [arn] }))).TagDescriptions?.[0]?.Tags ?? [];
}
