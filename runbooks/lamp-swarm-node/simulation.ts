/**
 * The `lamp-swarm-node` scripts for the host name, Docker and the swarm, on
 * Amazon Linux: Docker is installed without being started, configured (data
 * root on the data volume, the API on the private address) and only then
 * started; a manager initializes the swarm, a worker joins it with the token
 * its manager gave. Probes never change the host.
 */
import { defineSimulation, docker, outcome, simulate, storage, swarm, systemd, type HostState, type ScriptHandler, type ScriptOutcome } from '../../src/authoring/simulation.js';
import { dataVolumeMounted, ebsSimulation, mountData } from '../shared/ebs-simulation.js';
import { scripts } from './scripts.js';

const { DOCKER_UNIT, dockerActive, dockerInstalled, dockerPackage } = docker;
const { mountedAt } = storage;
const { defaultDaemon, nodeList, swarmInfo, swarmInit, swarmJoin, workerToken } = swarm;
const { startUnit } = systemd;

const DOCKER_VERSION = '25.0.8-1.amzn2023.0.4';

function inGroup(host: HostState, user: string, group: string): boolean {
  return host.groups[group]?.includes(user) === true;
}

/** A docker command's answer: its lines, or its error on stderr with exit 1. */
function fromSwarm(result: swarm.SwarmResult): ScriptOutcome {
  return result.ok ? outcome(0, result.lines, [], 2) : outcome(1, [], [result.error], 2);
}

const hostnameIs: ScriptHandler = (host, vars) => {
  const name = vars.DNS_NAME ?? '';
  if (host.hostname !== name) return outcome(1, [`the host name is ${host.hostname ?? 'the one EC2 gave'}, not ${name}`]);
  if (!host.files[vars.KEEP_HOSTNAME ?? '']) return outcome(1, [`${vars.KEEP_HOSTNAME} is missing: cloud-init would reset the host name at boot`]);
  return outcome(0, [`the host name is ${name} and cloud-init keeps it`]);
};

const setHostname: ScriptHandler = (host, vars, env) => {
  host.hostname = vars.DNS_NAME ?? '';
  host.files[vars.KEEP_HOSTNAME ?? ''] = { content: 'preserve_hostname: true', mtime: env.now };
  return outcome(0, [host.hostname]);
};

const dockerInstalledProbe: ScriptHandler = (host, vars) => {
  const user = vars.USER_NAME ?? '';
  const missing = [!dockerInstalled(host) && 'docker is not installed', !inGroup(host, user, 'docker') && `${user} is not in group docker`].filter((m): m is string => Boolean(m));
  return missing.length ? outcome(1, missing) : outcome(0, [`${dockerPackage(host)}-${host.packages[dockerPackage(host)]}; ${user} is in group docker`]);
};

const installDocker: ScriptHandler = (host, vars) => {
  const user = vars.USER_NAME ?? '';
  if (!host.users.includes(user)) return outcome(6, [], [`usermod: user '${user}' does not exist`]);
  const fresh = !dockerInstalled(host);
  host.packages[dockerPackage(host)] = DOCKER_VERSION;
  // Installed, not started: the data root must be on the data volume before the first start.
  host.units[DOCKER_UNIT] ??= { enabled: false, active: false };
  const group = (host.groups.docker ??= []);
  if (!group.includes(user)) group.push(user);
  return outcome(0, [fresh ? `Installed: docker-${DOCKER_VERSION}.x86_64` : 'Package docker is already installed.', `${dockerPackage(host)}-${DOCKER_VERSION}`], [], fresh ? 30 : 2);
};

function configProblems(host: HostState, vars: Record<string, string>): string[] {
  const daemon = host.daemon ?? defaultDaemon();
  const listener = `${vars.PRIVATE_IP}:2375`;
  return [
    !dockerInstalled(host) && 'docker is not installed',
    !host.files[vars.OVERRIDE ?? ''] && `${vars.OVERRIDE} does not exist`,
    !daemon.tcpHosts.includes(listener) && `dockerd does not listen on ${listener} only`,
    daemon.tcpHosts.some((h) => h !== listener) && `dockerd also listens on ${daemon.tcpHosts.filter((h) => h !== listener).join(', ')}`,
    daemon.dataRoot !== vars.DATA_ROOT && `Docker Root Dir is ${daemon.dataRoot}, not ${vars.DATA_ROOT}`,
    !host.units[DOCKER_UNIT]?.enabled && `${DOCKER_UNIT} is not enabled`,
    !dockerActive(host) && `${DOCKER_UNIT} is not running`,
  ].filter((p): p is string => Boolean(p));
}

const dockerConfigured: ScriptHandler = (host, vars) => {
  const problems = configProblems(host, vars);
  return problems.length ? outcome(1, problems) : outcome(0, [`Docker Root Dir: ${vars.DATA_ROOT}`, `API on ${vars.PRIVATE_IP}:2375`, 'active']);
};

const configureDocker: ScriptHandler = (host, vars, env) => {
  if (!dockerInstalled(host)) return outcome(1, [], ['docker is not installed']);
  if (!mountedAt(host, vars.MOUNT_POINT ?? '/data')) return outcome(1, [], [`${vars.MOUNT_POINT} is not mounted: Docker's data must go on the data volume before Docker first starts`]);
  const wanted = { dataRoot: vars.DATA_ROOT ?? '', tcpHosts: [`${vars.PRIVATE_IP}:2375`] };
  const changed = JSON.stringify(host.daemon) !== JSON.stringify(wanted);
  host.daemon = wanted;
  host.files[vars.OVERRIDE ?? ''] = { content: `[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://${vars.PRIVATE_IP}:2375`, mtime: env.now };
  host.files[vars.DAEMON_JSON ?? ''] = { content: JSON.stringify({ 'data-root': wanted.dataRoot }), mtime: env.now };
  const unit = (host.units[DOCKER_UNIT] ??= { enabled: false, active: false });
  unit.enabled = true;
  if (changed) unit.active = false; // restart
  if (!startUnit(host, DOCKER_UNIT)) return outcome(1, [], [`Job for ${DOCKER_UNIT} failed.`]);
  return outcome(0, [...(changed ? [`wrote ${vars.OVERRIDE}`, `wrote ${vars.DAEMON_JSON}`] : []), 'active', `Docker Root Dir: ${wanted.dataRoot}`], [], 5);
};

/** Exit 0: the node has ROLE; 1: not in a swarm (or Docker is down); 2: it has the other role. */
const swarmRole: ScriptHandler = (host, vars) => {
  const info = swarmInfo(host);
  if (!info.ok) return outcome(1, [], [info.error]);
  const s = host.swarm;
  if (!s) return outcome(1, ['not in a swarm']);
  if (s.role !== vars.ROLE) return outcome(2, [`this node is a swarm ${s.role}, not a ${vars.ROLE}`]);
  return outcome(0, [`swarm ${s.role}, node ${s.nodeId}`]);
};

const initSwarm: ScriptHandler = (host, vars) => {
  if (host.swarm?.role === 'manager') return outcome(0, ['already a swarm manager: not initialized again']);
  return fromSwarm(swarmInit(host, vars.PRIVATE_IP ?? ''));
};

const joinToken: ScriptHandler = (host) => fromSwarm(workerToken(host));

const joinSwarm: ScriptHandler = (host, vars, env) => {
  if (host.swarm) return outcome(host.swarm.role === 'worker' ? 0 : 1, [`already in a swarm as ${host.swarm.role}`]);
  const managerIp = vars.MANAGER_IP ?? '';
  return fromSwarm(swarmJoin(host, vars.TOKEN ?? '', managerIp, env.peer?.(managerIp)));
};

/** Exit 0 when every name in NODE_NAMES is a Ready node of this manager's swarm. */
const nodesReady: ScriptHandler = (host, vars) => {
  const listed = nodeList(host);
  if (!listed.ok) return outcome(1, [], [listed.error]);
  const lines = (vars.NODE_NAMES ?? '').split(' ').filter(Boolean).map((name) => (listed.lines.includes(`${name} Ready`) ? `${name} Ready` : `${name} is not a Ready node of this swarm`));
  return outcome(lines.some((l) => !l.endsWith(' Ready')) ? 1 : 0, lines);
};

const dockerIsActive: ScriptHandler = (host) => (dockerActive(host) ? outcome(0, ['active']) : outcome(3, ['inactive']));

export default defineSimulation(
  ebsSimulation,
  simulate(scripts.dataVolumeMounted, dataVolumeMounted),
  simulate(scripts.mountData, mountData),
  simulate(scripts.hostnameIs, hostnameIs),
  simulate(scripts.setHostname, setHostname),
  simulate(scripts.dockerInstalled, dockerInstalledProbe),
  simulate(scripts.installDocker, installDocker),
  simulate(scripts.dockerConfigured, dockerConfigured),
  simulate(scripts.configureDocker, configureDocker),
  simulate(scripts.swarmRole, swarmRole),
  simulate(scripts.swarmInit, initSwarm),
  simulate(scripts.swarmJoinToken, joinToken),
  simulate(scripts.swarmJoin, joinSwarm),
  simulate(scripts.swarmNodesReady, nodesReady),
  simulate(scripts.dockerActive, dockerIsActive),
);
