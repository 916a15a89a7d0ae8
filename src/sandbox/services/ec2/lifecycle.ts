/** How long things take on the simulated EC2, in simulated seconds, and the states that follow. */
import { after } from '../../account/time.js';
import type { Address, Instance, RegionState } from '../../account/state.js';

export const INSTANCE_PENDING_SECONDS = 20;
/** The SSM agent registers this long after launch (when the instance profile allows it). */
export const SSM_ONLINE_AFTER_LAUNCH_SECONDS = 40;
export const REBOOT_SECONDS = 15;
/** TerminateInstances: shutting-down this long, then terminated (and still listed, as AWS lists it for about an hour). */
export const INSTANCE_SHUTTING_DOWN_SECONDS = 10;

export type InstanceStateName = 'pending' | 'running' | 'shutting-down' | 'terminated';
const CODES: Record<InstanceStateName, number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48 };

function stateName(instance: Instance, now: number): InstanceStateName {
  if (instance.terminatedAt !== undefined) return now < after(instance.terminatedAt, INSTANCE_SHUTTING_DOWN_SECONDS) ? 'shutting-down' : 'terminated';
  return now < after(instance.launchedAt, INSTANCE_PENDING_SECONDS) ? 'pending' : 'running';
}

export function instanceState(instance: Instance, now: number): { Code: number; Name: InstanceStateName } {
  const Name = stateName(instance, now);
  return { Code: CODES[Name], Name };
}

export function isRunning(instance: Instance, now: number): boolean {
  return instanceState(instance, now).Name === 'running';
}

export function addressOf(region: RegionState, instanceId: string): Address | undefined {
  return Object.values(region.addresses).find((a) => a.InstanceId === instanceId);
}

/** The Elastic IP if one is associated, else the address given at launch. */
export function publicIpOf(region: RegionState, instance: Instance): string | undefined {
  return addressOf(region, instance.InstanceId)?.PublicIp ?? instance.autoPublicIp;
}
