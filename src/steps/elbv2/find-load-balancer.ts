/**
 * `elbv2.findLoadBalancer`: the load balancer that sends to a target group
 * (the one a serving Auto Scaling group is attached to), with its address.
 * Read-only: none, or more than one, fails with what was found.
 */
import { DescribeLoadBalancersCommand, DescribeTargetGroupsCommand } from '../../aws/sdk/elbv2.js';
import { type StepKind } from '../../engine/model/step.js';
import { outputsOf, type LoadBalancerOutputs } from './load-balancer.js';

export interface FindLoadBalancerInput {
  /** The target groups of the serving group: the first one's load balancer is wanted. */
  targetGroupArns: string[];
}

const kind: StepKind<FindLoadBalancerInput, LoadBalancerOutputs> = {
  async check(ctx, input) {
    const arn = input.targetGroupArns[0];
    if (!arn) throw new Error('The group is attached to no target group, so no load balancer sends to it.');
    const tg = (await ctx.aws.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }))).TargetGroups?.[0];
    const lbs = tg?.LoadBalancerArns ?? [];
    if (lbs.length !== 1) throw new Error(`Target group ${arn} is used by ${lbs.length ? lbs.join(', ') : 'no load balancer'}: expected exactly one.`);
    const lb = (await ctx.aws.elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: lbs }))).LoadBalancers?.[0];
    if (!lb) throw new Error(`Load balancer ${lbs[0]} is not found.`);
    const outputs = outputsOf(lb);
    return { done: true, outputs, evidence: [`${lb.LoadBalancerName} (${outputs.dnsName}) sends to ${tg?.TargetGroupName}`] };
  },
  plan: () => [],
};

export { kind as findLoadBalancerKind };
