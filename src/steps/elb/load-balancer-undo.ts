/**
 * Destroying what `elb.classicLoadBalancer` made: the load balancer is
 * deleted (ELB answers a missing one with success); its network interfaces
 * linger a while, which the subnets' and groups' undos wait out.
 */
import { DeleteLoadBalancerCommand, DescribeLoadBalancersCommand } from '../../aws/sdk/elb.js';
import type { Undo } from '../../engine/model/step.js';
import { isNotFound } from '../../aws/errors.js';
import { adoptedNote, madeByRun } from '../undo.js';
import { loadBalancerTags, type ClassicLoadBalancerInput, type ClassicLoadBalancerOutputs } from './load-balancer.js';

export const classicLoadBalancerUndo: Undo<ClassicLoadBalancerInput, ClassicLoadBalancerOutputs> = {
  async find(ctx, { input, outputs }) {
    const name = outputs.name ?? input.name;
    if (!name) return [];
    try {
      await ctx.aws.elb.send(new DescribeLoadBalancersCommand({ LoadBalancerNames: [name] }));
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
    const tags = await loadBalancerTags(ctx, name);
    const mine = madeByRun(ctx, tags);
    return [{ type: 'elb:load-balancer', id: name, madeByRun: mine, ...(mine ? {} : { note: adoptedNote(`load balancer ${name}`, tags) }) }];
  },
  plan: (resource) => [{ service: 'elb', operation: 'DeleteLoadBalancer', input: { LoadBalancerName: resource.id } }],
  async remove(ctx, resource) {
    await ctx.aws.elb.send(new DeleteLoadBalancerCommand({ LoadBalancerName: resource.id }));
  },
};
