/**
 * systemd on a simulated host: unit files, enable/start, and what comes back
 * after a boot. A unit enabled with `WantedBy=local.target` is enabled but not
 * started at boot (nothing pulls local.target in): the source procedure's
 * defect, which the simulation must show.
 */
import { DOCKER_UNIT, dockerActive, dockerInstalled, startContainer } from './docker.js';
import type { HostState } from './model.js';

export function unitName(name: string): string {
  return /\.(service|socket|timer|target|mount)$/.test(name) ? name : `${name}.service`;
}

/** Values of `key=` lines within `[section]` of a unit file. */
export function unitValues(content: string, section: string, key: string): string[] {
  const values: string[] = [];
  let current = '';
  for (const raw of content.split('\n')) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) current = header[1]!;
    else if (current === section && line.startsWith(`${key}=`)) values.push(...line.slice(key.length + 1).split(/\s+/).filter(Boolean));
  }
  return values;
}

/** The container a unit runs with `ExecStart=/usr/bin/docker start -a <name>`. */
export function unitContainer(content: string): string | undefined {
  const line = unitValues(content, 'Service', 'ExecStart').join(' ');
  return /docker start (?:-a |--attach )?([A-Za-z0-9_.-]+)/.exec(line)?.[1];
}

function unitFile(host: HostState, name: string): string | undefined {
  const path = host.units[name]?.path;
  return path === undefined ? undefined : host.files[path]?.content;
}

/** `systemctl start`: true when the unit is active afterwards. */
export function startUnit(host: HostState, name: string): boolean {
  const unit = host.units[name];
  if (!unit) return false;
  if (name === DOCKER_UNIT) {
    unit.active = dockerInstalled(host);
  } else if (unit.package !== undefined) {
    unit.active = unit.package in host.packages;
  } else {
    const content = unitFile(host, name);
    const container = content === undefined ? undefined : unitContainer(content);
    unit.active = container !== undefined && startContainer(host, container, name);
  }
  unit.failed = !unit.active;
  return unit.active;
}

export function stopUnit(host: HostState, name: string): void {
  const unit = host.units[name];
  if (!unit) return;
  unit.active = false;
  unit.failed = false;
  for (const c of Object.values(host.containers)) if (c.startedByUnit === name) c.running = false;
}

function startsAtBoot(host: HostState, name: string): boolean {
  const unit = host.units[name];
  if (!unit?.enabled) return false;
  if (!unit.path) return true; // package units are installed with WantedBy=multi-user.target
  const content = unitFile(host, name);
  return content !== undefined && unitValues(content, 'Install', 'WantedBy').includes('multi-user.target');
}

/** Power cycle: everything stops, then what is wired to start at boot starts. */
export function bootHost(host: HostState, bootedAt: number): void {
  host.bootedAt = bootedAt;
  for (const c of Object.values(host.containers)) c.running = false;
  for (const unit of Object.values(host.units)) Object.assign(unit, { active: false, failed: false });
  if (host.units[DOCKER_UNIT] && startsAtBoot(host, DOCKER_UNIT)) startUnit(host, DOCKER_UNIT);
  for (const name of Object.keys(host.units)) if (name !== DOCKER_UNIT && startsAtBoot(host, name)) startUnit(host, name);
  if (!dockerActive(host)) return;
  for (const [name, c] of Object.entries(host.containers))
    if (!c.running && (c.restart === 'always' || c.restart === 'unless-stopped')) startContainer(host, name);
}
