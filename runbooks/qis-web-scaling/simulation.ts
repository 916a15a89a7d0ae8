/**
 * The `qis-web-scaling` scripts on a simulated QIS server, and QIS's own
 * deploy/aws/configure.sh as the QIS image carries it: for its role it
 * enables and starts the services (Postgres listens on 5432, Apache on 80,
 * Memcached on 11211), which the image has installed but not enabled. A
 * host without the script fails as the real one would. Probes never change
 * the host.
 */
import { defineSimulation, outcome, simulate, systemd, type HostState, type ScriptHandler } from '../../src/authoring/simulation.js';
import { scripts } from './scripts.js';

const PORTS: Record<string, number> = { postgresql: 5432, httpd: 80, memcached: 11211 };
/** What configure.sh enables per role, as QIS's script does: the runbook's list is checked against it, not copied from it. */
const CONFIGURE_ENABLES: Record<string, string[]> = { db: ['postgresql'], web: ['httpd', 'memcached'] };

const running = (host: HostState, unit: string) => host.units[unit]?.enabled === true && host.units[unit]?.active === true;
const servicesOf = (vars: Record<string, string>) => (vars.SERVICES ?? '').split(' ').filter(Boolean);

const roleReady: ScriptHandler = (host, vars) => {
  const lines = servicesOf(vars).map((unit) => `${unit}: ${running(host, unit) ? 'enabled and running' : 'not enabled and running'}`);
  return outcome(servicesOf(vars).every((unit) => running(host, unit)) ? 0 : 1, lines);
};

/** configure.sh <role>: enables and starts the role's services; a role it does not know is its error. */
function configureSh(host: HostState, role: string, dbHost: string): { code: number; lines: string[] } {
  const units = CONFIGURE_ENABLES[role];
  if (!units) return { code: 2, lines: [`configure.sh: unknown role ${role}`] };
  if (role !== 'db' && !dbHost) return { code: 2, lines: ['configure.sh: QIS_DB_HOST is required for the web role'] };
  for (const unit of units) {
    host.units[unit] = { ...(host.units[unit] ?? { active: false }), enabled: true };
    systemd.startUnit(host, unit);
    (host.unitPorts ??= {})[String(PORTS[unit])] = unit;
  }
  if (dbHost) host.files['/opt/qis/conf/local_settings.py'] = { content: `DB_HOST = "${dbHost}"\n`, mtime: host.bootedAt };
  return { code: 0, lines: units.map((u) => `enabled and started ${u}`) };
}

const configureRole: ScriptHandler = (host, vars) => {
  const script = vars.CONFIGURE_SCRIPT ?? '';
  if (!host.files[script]) return outcome(3, [], [`${script} is not on this host (or not executable): launch the servers from a QIS image that has it (the qis-ami runbook's).`]);
  const result = configureSh(host, vars.ROLE ?? '', vars.DB_HOST ?? '');
  if (result.code !== 0) return outcome(result.code, [], result.lines);
  const stopped = servicesOf(vars).filter((unit) => host.units[unit]?.active !== true);
  if (stopped.length) return outcome(1, result.lines, [`${stopped[0]} is not running after ${script} ${vars.ROLE}`]);
  return outcome(0, [...result.lines, `configured as ${vars.ROLE}: ${vars.SERVICES} running`], [], 25);
};

export default defineSimulation(simulate(scripts.roleReady, roleReady), simulate(scripts.configureRole, configureRole));
