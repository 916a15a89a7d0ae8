/**
 * What `redis-sessions`' scripts do on a simulated host. Probes (exit 0 =
 * already true, 1 = not true, stdout says what is missing) never change it.
 */
import { defineSimulation, docker, outcome, simulate, systemd, type HostState, type ScriptHandler } from '../../src/authoring/simulation.js';
import { scripts } from './scripts.js';

const { DOCKER_UNIT, createContainer, dockerActive, dockerInstalled, dockerPackage, listeners, normalizeImage, publishes, pullImage } = docker;
const { startUnit, stopUnit, unitName, unitValues } = systemd;

const REDIS_PORT = 6379;
const DAEMON_DOWN = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
const DOCKER_VERSION = { ubuntu: '27.5.1-0ubuntu3~24.04.2', al2023: '25.0.8-1.amzn2023.0.4', fedora: '27.5.1-1.fc42' } as const;

function inGroup(host: HostState, user: string, group: string): boolean {
  return host.groups[group]?.includes(user) === true;
}

const dockerReady: ScriptHandler = (host, vars) => {
  const user = vars.USER_NAME ?? '';
  const missing: string[] = [];
  if (!dockerInstalled(host)) missing.push('docker is not installed');
  else {
    if (!host.units[DOCKER_UNIT]?.enabled) missing.push(`${DOCKER_UNIT} is not enabled`);
    if (!dockerActive(host)) missing.push(`${DOCKER_UNIT} is not running`);
  }
  if (!inGroup(host, user, 'docker')) missing.push(`user ${user} is not in group docker`);
  return missing.length ? outcome(1, missing) : outcome(0, [`docker is installed, enabled and running; ${user} is in group docker`]);
};

const installDocker: ScriptHandler = (host, vars) => {
  const user = vars.USER_NAME ?? '';
  const pkg = dockerPackage(host);
  const fresh = !dockerInstalled(host);
  const stdout = fresh ? [`Setting up ${pkg} (${DOCKER_VERSION[host.os]}) ...`] : [`${pkg} is already the newest version (${DOCKER_VERSION[host.os]}).`];
  host.packages[pkg] = DOCKER_VERSION[host.os];
  host.groups.docker ??= [];
  const duration = fresh ? 30 : 2;
  if (!host.users.includes(user)) return outcome(6, stdout, [`usermod: user '${user}' does not exist`], duration);
  if (!inGroup(host, user, 'docker')) host.groups.docker.push(user);
  host.units[DOCKER_UNIT] = { ...host.units[DOCKER_UNIT], enabled: true, active: host.units[DOCKER_UNIT]?.active ?? false };
  startUnit(host, DOCKER_UNIT);
  return outcome(0, [...stdout, `docker installed; ${user} added to group docker; ${DOCKER_UNIT} enabled and running`], [], duration);
};

function containerProblems(host: HostState, name: string, image: string, port: number): string[] {
  const c = host.containers[name];
  if (!c) return [`container ${name} does not exist`];
  const problems: string[] = [];
  if (c.image !== normalizeImage(image)) problems.push(`container ${name} runs image ${c.image}, not ${normalizeImage(image)}`);
  if (!publishes(c, port, REDIS_PORT)) problems.push(`container ${name} does not publish ${port}:${REDIS_PORT}`);
  return problems;
}

const redisContainerReady: ScriptHandler = (host, vars) => {
  if (!dockerActive(host)) return outcome(1, ['docker is not running']);
  const problems = containerProblems(host, vars.CONTAINER ?? '', vars.IMAGE ?? '', Number(vars.PORT));
  return problems.length ? outcome(1, problems) : outcome(0, [`container ${vars.CONTAINER} runs ${normalizeImage(vars.IMAGE ?? '')} and publishes ${vars.PORT}:${REDIS_PORT}`]);
};

const createRedisContainer: ScriptHandler = (host, vars) => {
  const name = vars.CONTAINER ?? '';
  const image = vars.IMAGE ?? '';
  const port = Number(vars.PORT);
  if (!dockerActive(host)) return outcome(1, [], ['docker is not running'], 2);
  const stdout = pullImage(host, image);
  const existing = host.containers[name];
  if (existing && containerProblems(host, name, image, port).length === 0) return outcome(0, [...stdout, `container ${name} already exists`], [], 10);
  if (existing) {
    // `docker rm -f`: whatever unit ran it loses its process.
    if (existing.startedByUnit && existing.running) stopUnit(host, existing.startedByUnit);
    delete host.containers[name];
    stdout.push(name);
  }
  // No restart policy: the systemd unit owns the container's lifecycle.
  const created = createContainer(host, name, image, [{ hostPort: port, containerPort: REDIS_PORT }], 'no');
  return outcome(0, [...stdout, created.id], [], 10);
};

function unitProblems(host: HostState, vars: Record<string, string>): string[] {
  const name = unitName(vars.UNIT_NAME ?? '');
  const path = vars.UNIT_PATH ?? '';
  const file = host.files[path];
  const problems: string[] = [];
  if (!file) problems.push(`${path} does not exist`);
  else if (file.content !== vars.UNIT_CONTENT) problems.push(`${path} differs from the expected content`);
  if (!host.units[name]?.enabled) problems.push(`${name} is not enabled`);
  if (!host.units[name]?.active) problems.push(`${name} is not active`);
  return problems;
}

const redisUnitReady: ScriptHandler = (host, vars) => {
  const problems = unitProblems(host, vars);
  return problems.length ? outcome(1, problems) : outcome(0, [`${unitName(vars.UNIT_NAME ?? '')} is installed, enabled and active`]);
};

const installRedisUnit: ScriptHandler = (host, vars, env) => {
  const name = unitName(vars.UNIT_NAME ?? '');
  const path = vars.UNIT_PATH ?? '';
  const content = vars.UNIT_CONTENT ?? '';
  const changed = host.files[path]?.content !== content;
  if (changed) host.files[path] = { content, mtime: env.now };
  const wantedBy = unitValues(content, 'Install', 'WantedBy');
  const unit = (host.units[name] ??= { enabled: false, active: false, path });
  unit.path = path;
  const stdout: string[] = [];
  if (wantedBy.length === 0) stdout.push('The unit files have no installation config (WantedBy=, RequiredBy=, Also=, Alias= settings in the [Install] section).');
  else if (!unit.enabled || changed) stdout.push(...wantedBy.map((t) => `Created symlink /etc/systemd/system/${t}.wants/${name} → ${path}.`));
  unit.enabled = wantedBy.length > 0;
  if (changed || !unit.active) {
    stopUnit(host, name);
    if (!startUnit(host, name))
      return outcome(1, stdout, [`Job for ${name} failed because the control process exited with error code.`, `See "systemctl status ${name}" and "journalctl -xeu ${name}" for details.`], 3);
  }
  return outcome(0, stdout, [], 3);
};

const portListener: ScriptHandler = (host, vars) => {
  const port = Number(vars.PORT);
  const found = listeners(host, port);
  if (found.length === 0) return outcome(1, []);
  const lines = ['COMMAND     PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME'];
  for (const c of found)
    c.proxyPids.forEach((pid, i) => {
      const type = i === 0 ? 'IPv4' : 'IPv6';
      lines.push(`docker-pr ${String(pid).padStart(5)} root    4u  ${type} ${String(pid * 31).padStart(6)}      0t0  TCP *:${port} (LISTEN)`);
    });
  return outcome(0, lines);
};

const redisPing: ScriptHandler = (host, vars) => {
  const name = vars.CONTAINER ?? '';
  const c = host.containers[name];
  if (!dockerActive(host)) return outcome(1, [], [DAEMON_DOWN]);
  if (!c) return outcome(1, [], [`Error response from daemon: No such container: ${name}`]);
  if (!c.running) return outcome(1, [], [`Error response from daemon: container ${c.id} is not running`]);
  return outcome(0, ['PONG']);
};

const epochSeconds = (ms: number) => (ms / 1000).toFixed(3);

const rebootSurvived: ScriptHandler = (host, vars) => {
  const file = host.files[vars.UNIT_PATH ?? ''];
  if (!file) return outcome(1, [`boot=${epochSeconds(host.bootedAt)} unit=missing`]);
  return outcome(host.bootedAt > file.mtime ? 0 : 1, [`boot=${epochSeconds(host.bootedAt)} unit=${epochSeconds(file.mtime)}`]);
};

export default defineSimulation(
  simulate(scripts.dockerReady, dockerReady),
  simulate(scripts.installDocker, installDocker),
  simulate(scripts.redisContainerReady, redisContainerReady),
  simulate(scripts.createRedisContainer, createRedisContainer),
  simulate(scripts.redisUnitReady, redisUnitReady),
  simulate(scripts.installRedisUnit, installRedisUnit),
  simulate(scripts.portListener, portListener),
  simulate(scripts.redisPing, redisPing),
  simulate(scripts.rebootSurvived, rebootSurvived),
);
