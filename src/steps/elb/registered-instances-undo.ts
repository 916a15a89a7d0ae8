/**
 * Destroying what `elb.registeredInstances` did: the step's instances are
 * deregistered (the load balancer and the instances are other steps'). A
 * registration carries no tags, so the step's status tells: a step that found
 * its instances already registered (ok) made nothing, and they stay.
 */
import { DeregisterInstancesFromLoadBalancerCommand } from '../../aws/sdk/elb.js';
import type { Undo } from '../../engine/model/step.js';
import { LoadBalancerMissingError, registeredWith, type RegisteredInstancesInput, type RegisteredInstancesOutputs } from './registered-instances.js';

export const registeredInstancesUndo: Undo<RegisteredInstancesInput, RegisteredInstancesOutputs> = {
  async find(ctx, { input, outputs, status }) {
    const name = outputs.loadBalancerName ?? input.loadBalancerName;
    if (!name) return [];
    const listed = await registeredWith(ctx, name).catch((err: unknown): string[] => {
      if (err instanceof LoadBalancerMissingError) return [];
      throw err;
    });
    const mine = status !== 'ok';
    return (outputs.instanceIds ?? input.instanceIds ?? [])
      .filter((id) => listed.includes(id))
      .map((id) => ({
        type: 'elb:registration',
        id: `${name}/${id}`,
        madeByRun: mine,
        details: { loadBalancerName: name, instanceId: id },
        ...(mine ? {} : { note: `already registered with ${name} when this run checked` }),
      }));
  },
  plan: (resource) => [{ service: 'elb', operation: 'DeregisterInstancesFromLoadBalancer', input: { LoadBalancerName: resource.details?.loadBalancerName, Instances: [{ InstanceId: resource.details?.instanceId }] } }],
  async remove(ctx, resource) {
    const name = String(resource.details?.loadBalancerName);
    // ELB answers a missing load balancer with an error: then there is nothing left to deregister from.
    const listed = await registeredWith(ctx, name).catch((err: unknown): string[] => {
      if (err instanceof LoadBalancerMissingError) return [];
      throw err;
    });
    const instanceId = String(resource.details?.instanceId);
    if (listed.includes(instanceId)) await ctx.aws.elb.send(new DeregisterInstancesFromLoadBalancerCommand({ LoadBalancerName: name, Instances: [{ InstanceId: instanceId }] }));
  },
};
