/**
 * A target's health as the load balancer sees it: `initial` while the first
 * checks run (HealthyThresholdCount checks, IntervalSeconds apart, once the
 * instance runs), then `healthy` when the host answers on the target port (a
 * running container publishes it, or an active unit listens there), else `unhealthy`; `unused` when no
 * listener sends to the group or the instance does not run; `draining` for
 * the deregistration delay after a target is deregistered, then gone.
 */
import type { TargetHealth } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { RegionState, TargetGroup } from '../../account/state.js';
import { after } from '../../account/time.js';
import { answersOn } from '../../host/ports.js';
import { isRunning } from '../ec2/lifecycle.js';

export const DEFAULT_DEREGISTRATION_DELAY = 300;

export function deregistrationDelay(tg: TargetGroup): number {
  return tg.deregistrationDelaySeconds ?? DEFAULT_DEREGISTRATION_DELAY;
}

/** A deregistered target drains for the deregistration delay, then is no longer the group's. */
export function drained(tg: TargetGroup, instanceId: string, now: number): boolean {
  const drainingAt = tg.targets[instanceId]?.drainingAt;
  return drainingAt !== undefined && now >= after(drainingAt, deregistrationDelay(tg));
}

/** Deregistration: the target drains (in-flight requests finish) before it leaves the group. */
export function deregisterTarget(tg: TargetGroup, instanceId: string, now: number): void {
  const target = tg.targets[instanceId];
  if (target && target.drainingAt === undefined) target.drainingAt = now;
}

export function inUse(region: RegionState, tg: TargetGroup): boolean {
  return Object.values(region.listeners ?? {}).some((l) => l.TargetGroupArn === tg.TargetGroupArn);
}

export function targetHealth(region: RegionState, tg: TargetGroup, instanceId: string, now: number, unhealthyGroups?: readonly string[]): TargetHealth {
  const target = tg.targets[instanceId];
  const instance = region.instances[instanceId];
  if (!target || drained(tg, instanceId, now)) return { State: 'unavailable', Reason: 'Target.NotRegistered', Description: 'Target is not registered to the target group' };
  if (target.drainingAt !== undefined) return { State: 'draining', Reason: 'Target.DeregistrationInProgress', Description: 'Target deregistration is in progress' };
  if (!inUse(region, tg)) return { State: 'unused', Reason: 'Target.NotInUse', Description: 'Target group is not configured to receive traffic from the load balancer' };
  if (!instance || !isRunning(instance, now)) return { State: 'unused', Reason: 'Target.InvalidState', Description: 'Target is in the stopped or terminated state' };
  const checksFrom = Math.max(target.registeredAt, instance.host.bootedAt);
  if (now < after(checksFrom, tg.HealthCheckIntervalSeconds * tg.HealthyThresholdCount))
    return { State: 'initial', Reason: 'Elb.InitialHealthChecking', Description: 'Initial health checks in progress' };
  const group = instance.Tags['aws:autoscaling:groupName'];
  if (group && unhealthyGroups?.includes(group)) return { State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'Health checks failed with these codes: [500]' };
  if (answersOn(instance.host, target.Port, now)) return { State: 'healthy' };
  return { State: 'unhealthy', Reason: 'Target.FailedHealthChecks', Description: 'Health checks failed' };
}

/** An Auto Scaling group registers its instances in its target groups. */
export function registerTarget(tg: TargetGroup, instanceId: string, now: number): void {
  tg.targets[instanceId] ??= { Port: tg.Port, registeredAt: now };
}
