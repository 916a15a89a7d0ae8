/**
 * The `qis-ami` scripts on a simulated Fedora builder. The install runs the
 * example script's effect (sandbox/install-qis-example.sh): the sandbox
 * cannot run an operator's own script, so any other text fails, saying so.
 * Each check reads the host as its probe does; probes change nothing.
 */
import { readFileSync } from 'node:fs';
import { defineSimulation, outcome, simulate, type HostState, type ScriptHandler } from '../../src/authoring/simulation.js';
import { EXAMPLE_INSTALL, HOST, scripts } from './scripts.js';

const SERVICES = [
  { pkg: 'httpd', version: '2.4.63-1.fc42', unit: 'httpd.service' },
  { pkg: 'memcached', version: '1.6.38-1.fc42', unit: 'memcached.service' },
  { pkg: 'postgresql-server', version: '16.8-1.fc42', unit: 'postgresql.service' },
];
const CACHES = ['/var/cache/dnf/', '/var/cache/libdnf5/', '/var/cache/yum/'];
const TEMP = ['/tmp/', '/var/tmp/'];
/** initdb's databases: template1, template0 and postgres. */
const INITDB_OIDS = ['1', '4', '5'];

const under = (host: HostState, prefix: string) => Object.keys(host.files).filter((f) => f.startsWith(prefix));
const write = (host: HostState, path: string, content: string, now: number) => (host.files[path] = { content, mtime: now });

const qisInstalled: ScriptHandler = (host, vars) => {
  const ran = host.files[vars.MARKER ?? '']?.content;
  if (ran === vars.SCRIPT_SHA256) return outcome(0, [`the install script ${ran} has run on this host`]);
  return outcome(1, [ran ? `another install script ran here (${ran})` : 'no install script has run here']);
};

/** What the example script leaves on a Fedora host. */
function exampleInstall(host: HostState, now: number): void {
  for (const s of SERVICES) {
    host.packages[s.pkg] = s.version;
    host.units[s.unit] = { enabled: false, active: false };
  }
  host.packages['mod_ssl'] = '2.4.63-1.fc42';
  write(host, `${HOST.PGDATA}/PG_VERSION`, '16', now);
  for (const oid of INITDB_OIDS) write(host, `${HOST.PGDATA}/base/${oid}/PG_VERSION`, '16', now);
  write(host, `${HOST.PGDATA}/conf.d/qis-tuning.conf`, 'shared_buffers = 256MB', now);
  write(host, `${HOST.QIS_DIR}/logs/.keep`, '', now);
  write(host, HOST.LOGROTATE_FILE, '/opt/qis/logs/*.log {\n    weekly\n}', now);
  write(host, HOST.LIMITS_FILE, '*    soft    nofile    65536\n*    hard    nofile    65536', now);
  write(host, '/etc/selinux/config', 'SELINUX=enforcing\nSELINUXTYPE=targeted', now);
  write(host, '/sys/fs/selinux/enforce', '1', now);
  for (const f of [...CACHES, ...TEMP].flatMap((prefix) => under(host, prefix))) delete host.files[f];
}

const installQis: ScriptHandler = (host, vars, env) => {
  if (vars.INSTALL_SCRIPT !== readFileSync(EXAMPLE_INSTALL, 'utf8'))
    return outcome(127, [], ['the sandbox simulates only the example install script (runbooks/qis-ami/sandbox/install-qis-example.sh): rehearse with it, and try your own on a real builder']);
  // Like dnf: the install fills the package cache before the script's own clean-up empties it.
  write(host, '/var/cache/libdnf5/fedora-2b7f0c1e9d3a/packages/httpd-2.4.63-1.fc42.x86_64.rpm', 'rpm', env.now);
  exampleInstall(host, env.now);
  write(host, vars.MARKER ?? '', vars.SCRIPT_SHA256 ?? '', env.now);
  return outcome(0, ['Complete!', `the install script ${vars.SCRIPT_SHA256} ran to its end`], [], 30);
};

const servicesNotEnabled: ScriptHandler = (host) => {
  const lines = SERVICES.map((s) => {
    const unit = host.units[s.unit];
    if (!host.packages[s.pkg]) return { bad: true, line: `${s.pkg} is not installed` };
    return { bad: Boolean(unit?.enabled || unit?.active), line: `${s.pkg}-${host.packages[s.pkg]}: ${s.unit} is ${unit?.enabled ? 'enabled' : 'disabled'}, ${unit?.active ? 'active' : 'inactive'}` };
  });
  return outcome(lines.some((l) => l.bad) ? 1 : 0, lines.map((l) => l.line));
};

const postgresInitialised: ScriptHandler = (host, vars) => {
  const data = vars.PGDATA ?? '';
  const version = host.files[`${data}/PG_VERSION`]?.content;
  if (!version) return outcome(1, [`${data} holds no cluster (no PG_VERSION)`]);
  const databases = new Set(under(host, `${data}/base/`).map((f) => f.slice(`${data}/base/`.length).split('/')[0])).size;
  const line = `cluster ${data}, PostgreSQL ${version}, ${databases} database directories`;
  return databases === INITDB_OIDS.length ? outcome(0, [line]) : outcome(1, [line, 'expected the 3 that initdb makes (template0, template1, postgres): a database was created']);
};

const logrotateConfigured: ScriptHandler = (host, vars) => {
  const file = host.files[vars.LOGROTATE_FILE ?? ''];
  if (!file) return outcome(1, [`${vars.LOGROTATE_FILE} does not exist`]);
  if (!file.content.includes('{')) return outcome(1, [`logrotate refuses ${vars.LOGROTATE_FILE}`]);
  return outcome(0, [`${vars.LOGROTATE_FILE}: ${file.content.split('{').length - 1} log groups, accepted by logrotate`]);
};

const limitsRaised: ScriptHandler = (host, vars) => {
  const file = host.files[vars.LIMITS_FILE ?? ''];
  if (!file) return outcome(1, [`${vars.LIMITS_FILE} does not exist`]);
  const value = (kind: string) => file.content.split('\n').map((l) => l.trim().split(/\s+/)).find((f) => f[1] === kind && f[2] === 'nofile')?.[3];
  const lines = ['soft', 'hard'].map((k) => `nofile ${k}: ${value(k) ?? 'not set'}`);
  const low = ['soft', 'hard'].some((k) => value(k) !== 'unlimited' && !(Number(value(k)) >= Number(vars.MIN_NOFILE)));
  return low ? outcome(1, [...lines, `expected at least ${vars.MIN_NOFILE}`]) : outcome(0, lines);
};

const selinuxEnforcing: ScriptHandler = (host) => {
  const now = host.files['/sys/fs/selinux/enforce']?.content === '1' ? 'Enforcing' : 'Permissive';
  const configured = /^SELINUX=(\S+)/m.exec(host.files['/etc/selinux/config']?.content ?? '')?.[1] ?? 'unset';
  return outcome(now === 'Enforcing' && configured === 'enforcing' ? 0 : 1, [`getenforce: ${now}; /etc/selinux/config: SELINUX=${configured}`]);
};

const cleanedUp: ScriptHandler = (host) => {
  const cache = CACHES.flatMap((p) => under(host, p));
  const left = TEMP.flatMap((p) => under(host, p)).filter((f) => !f.includes('/systemd-private-'));
  const lines = [`package cache: ${cache.length} files`, ...(left.length ? ['left in /tmp and /var/tmp:', ...left] : [])];
  return outcome(cache.length === 0 && left.length === 0 ? 0 : 1, lines);
};

const qisNotRunning: ScriptHandler = (host, vars) => {
  const dir = vars.QIS_DIR ?? '';
  if (!under(host, `${dir}/`).length) return outcome(1, [`${dir} does not exist: QIS is not configured`]);
  const active = SERVICES.filter((s) => host.units[s.unit]?.active).length;
  return outcome(active === 0 ? 0 : 1, [`${dir} is there; processes of it: none; active services: ${active}`]);
};

export default defineSimulation(
  simulate(scripts.qisInstalled, qisInstalled),
  simulate(scripts.installQis, installQis),
  simulate(scripts.servicesNotEnabled, servicesNotEnabled),
  simulate(scripts.postgresInitialised, postgresInitialised),
  simulate(scripts.logrotateConfigured, logrotateConfigured),
  simulate(scripts.limitsRaised, limitsRaised),
  simulate(scripts.selinuxEnforcing, selinuxEnforcing),
  simulate(scripts.cleanedUp, cleanedUp),
  simulate(scripts.qisNotRunning, qisNotRunning),
);
