/**
 * Destroying what `elb.registeredInstances` did: the instances the step
 * registered are deregistered (the load balancer and the instances are other
 * steps'). Instances that were registered before the run stay.
 */
import { DeregisterInstancesFromLoadBalancerCommand } from '../../aws/sdk/elb.js';
import type { Undo } from '../../engine/model/step.js';
import { LoadBalancerMissingError, registeredWith, type RegisteredInstancesInput, type RegisteredInstancesOutputs } from './registered-instances.js';

export const registeredInstancesUndo: Undo<RegisteredInstancesInput, RegisteredInstancesOutputs> = {
  async find(ctx, { input, outputs }) {
    const name = outputs.loadBalancerName ?? input.loadBalancerName;
    if (!name) return [];
    const listed = await registeredWith(ctx, name).catch((err: unknown): string[] => {
      if (err instanceof LoadBalancerMissingError) return [];
      throw err;
    });
    // Without recorded outputs the step stopped while registering: what it was given and is listed is its doing.
    const registered = outputs.registered ?? input.instanceIds ?? [];
    return (outputs.instanceIds ?? input.instanceIds ?? [])
      .filter((id) => listed.includes(id))
      .map((id) => ({
        type: 'elb:registration',
        id: `${name}/${id}`,
        madeByRun: registered.includes(id),
        details: { loadBalancerName: name, instanceId: id },
        ...(registered.includes(id) ? {} : { note: `registered with ${name} before this run` }),
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
