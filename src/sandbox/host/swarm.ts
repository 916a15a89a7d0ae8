/**
 * Docker Swarm on simulated hosts: the daemon's settings (data root, TCP
 * listeners), `swarm init` on a manager with its join tokens, and `swarm join`
 * on a worker, which reaches the manager by its private address and succeeds
 * only with that manager's real worker token.
 */
import { randomBytes } from 'node:crypto';
import { dockerActive } from './docker.js';
import type { DockerDaemon, HostState } from './model.js';

export const SWARM_PORT = 2377;
const DAEMON_DOWN = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
const ALREADY_IN_SWARM = 'Error response from daemon: This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.';

export type SwarmResult = { ok: true; lines: string[] } | { ok: false; error: string };

const BASE36 = 'abcdefghijklmnopqrstuvwxyz0123456789';
const base36 = (n: number) => [...randomBytes(n)].map((b) => BASE36[b % 36]).join('');

/** Swarm join tokens have this shape: SWMTKN-1-<cluster key>-<role secret>. */
function joinToken(clusterKey: string): string {
  return `SWMTKN-1-${clusterKey}-${base36(25)}`;
}

export function defaultDaemon(): DockerDaemon {
  return { dataRoot: '/var/lib/docker', tcpHosts: [] };
}

/** `docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.NodeID}}'` */
export function swarmInfo(host: HostState): SwarmResult {
  if (!dockerActive(host)) return { ok: false, error: DAEMON_DOWN };
  const s = host.swarm;
  return { ok: true, lines: [s ? `active ${s.role === 'manager'} ${s.nodeId}` : 'inactive false '] };
}

export function swarmInit(host: HostState, advertiseAddr: string): SwarmResult {
  if (!dockerActive(host)) return { ok: false, error: DAEMON_DOWN };
  if (host.swarm) return { ok: false, error: ALREADY_IN_SWARM };
  const clusterKey = base36(50);
  const nodeId = base36(25);
  host.swarm = {
    clusterId: base36(25),
    nodeId,
    role: 'manager',
    managerAddr: `${advertiseAddr}:${SWARM_PORT}`,
    tokens: { worker: joinToken(clusterKey), manager: joinToken(clusterKey) },
    members: [{ nodeId, hostname: host.hostname ?? 'localhost', role: 'manager' }],
  };
  return { ok: true, lines: [`Swarm initialized: current node (${nodeId}) is now a manager.`] };
}

/** `docker swarm join-token -q worker` */
export function workerToken(host: HostState): SwarmResult {
  if (!dockerActive(host)) return { ok: false, error: DAEMON_DOWN };
  const token = host.swarm?.tokens?.worker;
  if (!token) return { ok: false, error: 'Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.' };
  return { ok: true, lines: [token] };
}

/** `docker swarm join --token TOKEN MANAGER_IP:2377`, with `manager` the host at that address (if the network reaches one). */
export function swarmJoin(host: HostState, token: string, managerIp: string, manager: HostState | undefined): SwarmResult {
  if (!dockerActive(host)) return { ok: false, error: DAEMON_DOWN };
  if (host.swarm) return { ok: false, error: ALREADY_IN_SWARM };
  const lead = manager?.swarm;
  if (!manager || !dockerActive(manager) || lead?.role !== 'manager' || lead.managerAddr !== `${managerIp}:${SWARM_PORT}`)
    return { ok: false, error: `Error response from daemon: Timeout was reached before node joined. The attempt to join the swarm will continue in the background. Use the "docker info" command to see the current swarm status of your node.` };
  if (token !== lead.tokens?.worker) return { ok: false, error: 'Error response from daemon: rpc error: code = InvalidArgument desc = A valid join token is necessary to join this cluster' };
  const nodeId = base36(25);
  host.swarm = { clusterId: lead.clusterId, nodeId, role: 'worker', managerAddr: lead.managerAddr };
  lead.members?.push({ nodeId, hostname: host.hostname ?? 'localhost', role: 'worker' });
  return { ok: true, lines: ['This node joined a swarm as a worker.'] };
}

/** `docker node ls --format '{{.Hostname}} {{.Status}}'` on a manager: every member that joined (a simulated node never goes down). */
export function nodeList(host: HostState): SwarmResult {
  if (!dockerActive(host)) return { ok: false, error: DAEMON_DOWN };
  if (host.swarm?.role !== 'manager') return { ok: false, error: 'Error response from daemon: This node is not a swarm manager. Worker nodes can\'t be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.' };
  return { ok: true, lines: (host.swarm.members ?? []).map((m) => `${m.hostname} Ready`) };
}
