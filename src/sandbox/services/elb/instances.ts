/**
 * Instances behind a classic load balancer: registered and deregistered by
 * id, and their health as DescribeInstanceHealth reports it: OutOfService
 * while the first HealthyThreshold checks run (Interval apart, from the
 * registration or the boot), InService once the host answers on the health
 * check's port, OutOfService when it does not or the instance is not running.
 */
import type { DeregisterEndPointsInput, DescribeEndPointStateInput, InstanceState, RegisterEndPointsInput } from '@aws-sdk/client-elastic-load-balancing';
import type { ClassicLoadBalancer, RegionState } from '../../account/state.js';
import { after } from '../../account/time.js';
import { answersOn } from '../../host/ports.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { isRunning } from '../ec2/lifecycle.js';

type Lookup = (ctx: OperationContext, name: string | undefined) => ClassicLoadBalancer;

const invalidInstance = (ids: string[]) => awsError('InvalidEndPointException', `The requested instance(s) are not valid: ${ids.join(', ')}`);

/** Registers an instance (an Auto Scaling group's too); one already registered keeps its time. */
export function registerInstance(lb: ClassicLoadBalancer, instanceId: string, now: number): void {
  if (!lb.Instances.includes(instanceId)) lb.Instances.push(instanceId);
  (lb.registeredAt ??= {})[instanceId] ??= now;
}

export function deregisterInstance(lb: ClassicLoadBalancer, instanceId: string): void {
  lb.Instances = lb.Instances.filter((id) => id !== instanceId);
  delete lb.registeredAt?.[instanceId];
}

/** The health check's port: `HTTP:80/` is 80. */
function checkedPort(lb: ClassicLoadBalancer): number {
  return Number(/^[A-Z]+:(\d+)/.exec(lb.HealthCheck.Target)?.[1] ?? 80);
}

export function instanceHealth(region: RegionState, lb: ClassicLoadBalancer, instanceId: string, now: number): InstanceState {
  const instance = region.instances[instanceId];
  if (!instance || !isRunning(instance, now)) return { InstanceId: instanceId, State: 'OutOfService', ReasonCode: 'Instance', Description: 'Instance is in stopped state.' };
  const checksFrom = Math.max(lb.registeredAt?.[instanceId] ?? lb.createdAt, instance.host.bootedAt);
  if (now < after(checksFrom, lb.HealthCheck.Interval * lb.HealthCheck.HealthyThreshold))
    return { InstanceId: instanceId, State: 'OutOfService', ReasonCode: 'ELB', Description: 'Instance registration is still in progress.' };
  if (answersOn(instance.host, checkedPort(lb), now)) return { InstanceId: instanceId, State: 'InService', ReasonCode: 'N/A', Description: 'N/A' };
  return { InstanceId: instanceId, State: 'OutOfService', ReasonCode: 'Instance', Description: 'Instance has failed at least the UnhealthyThreshold number of health checks consecutively.' };
}

function idsOf(ctx: OperationContext, instances: { InstanceId?: string }[] | undefined): string[] {
  const ids = (instances ?? []).map((i) => i.InstanceId ?? '');
  const missing = ids.filter((id) => !ctx.region.instances[id]);
  if (missing.length) throw invalidInstance(missing);
  return ids;
}

export function instanceHandlers(one: Lookup): ServiceHandlers {
  return {
    RegisterInstancesWithLoadBalancer: (ctx) => {
      const input = inputOf<RegisterEndPointsInput>(ctx);
      const lb = one(ctx, input.LoadBalancerName);
      for (const id of idsOf(ctx, input.Instances)) {
        if (ctx.region.instances[id]!.VpcId !== lb.VpcId) throw invalidInstance([id]);
        registerInstance(lb, id, ctx.now);
      }
      return { Instances: lb.Instances.map((InstanceId) => ({ InstanceId })) };
    },

    DeregisterInstancesFromLoadBalancer: (ctx) => {
      const input = inputOf<DeregisterEndPointsInput>(ctx);
      const lb = one(ctx, input.LoadBalancerName);
      for (const id of (input.Instances ?? []).map((i) => i.InstanceId ?? '')) deregisterInstance(lb, id);
      return { Instances: lb.Instances.map((InstanceId) => ({ InstanceId })) };
    },

    DescribeInstanceHealth: (ctx) => {
      const input = inputOf<DescribeEndPointStateInput>(ctx);
      const lb = one(ctx, input.LoadBalancerName);
      const ids = input.Instances?.length ? input.Instances.map((i) => i.InstanceId ?? '') : lb.Instances;
      const unregistered = ids.filter((id) => !lb.Instances.includes(id));
      if (unregistered.length) throw invalidInstance(unregistered);
      return { InstanceStates: ids.map((id) => instanceHealth(ctx.region, lb, id, ctx.now)) };
    },
  };
}
