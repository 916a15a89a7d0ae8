/**
 * Whether something on a simulated host answers on a port, as a load
 * balancer's health check sees it: a running container that publishes it, or
 * an active unit whose service listens there (`unitPorts`).
 */
import { listeners } from './docker.js';
import { hostIsUp, type HostState } from './model.js';

export function answersOn(host: HostState, port: number, now: number): boolean {
  if (!hostIsUp(host, now)) return false;
  if (listeners(host, port).length > 0) return true;
  const unit = host.unitPorts?.[String(port)];
  return unit !== undefined && host.units[unit]?.active === true;
}
