/**
 * aquamark-deploy's simulation (the upgrade sends its scripts too), and what
 * the upgrade's own scripts do on a simulated host. A checkout's local
 * changes are the files listed in `.git/sandbox-local-changes` (nothing in
 * a run makes them; a test may). Probes never change the host.
 */
import { defineSimulation, outcome, simulate, type HostState, type ScriptHandler } from '../../src/authoring/simulation.js';
import deploySimulation, { commitOf } from '../aquamark-deploy/simulation.js';
import { scripts } from './scripts.js';

const localChanges = (vars: Record<string, string>) => `${vars.APP_DIR}/.git/sandbox-local-changes`;
const crontab = (vars: Record<string, string>) => `/var/spool/cron/crontabs/${vars.USER_NAME}`;

const recordContainer: ScriptHandler = (host, vars) => {
  const c = host.containers[vars.NAME ?? ''];
  if (!c) return outcome(0, [`no container ${vars.NAME}: nothing to record`]);
  const ports = Object.fromEntries(c.ports.map((p) => [`${p.containerPort}/tcp`, [{ HostIp: '', HostPort: String(p.hostPort) }]]));
  const inspect = [{ Id: c.id, Name: `/${vars.NAME}`, State: { Running: c.running }, Config: { Image: c.image.replace(/:latest$/, ''), Env: ['DATABASE_URL=(redacted)', 'ANALYTICS_ID=(redacted)'] }, HostConfig: { RestartPolicy: { Name: c.restart }, PortBindings: ports } }];
  return outcome(0, JSON.stringify(inspect, null, 2).split('\n'));
};

const builtAtRef = (host: HostState, vars: Record<string, string>) => host.files[`${vars.APP_DIR}/.runbook-built`]?.content === commitOf(vars.REPOSITORY ?? '', vars.REF ?? '');

const oldContainerGone: ScriptHandler = (host, vars) => {
  if (!host.containers[vars.NAME ?? '']) return outcome(0, [`no container ${vars.NAME}`]);
  if (builtAtRef(host, vars)) return outcome(0, [`container ${vars.NAME} is the one started from the build of ${vars.REF}`]);
  return outcome(1, [`container ${vars.NAME} runs the former build: it is removed with its volumes`]);
};

const removeContainer: ScriptHandler = (host, vars) => {
  delete host.containers[vars.NAME ?? ''];
  return outcome(0, [vars.NAME ?? '', `container ${vars.NAME} removed with its volumes`], [], 3);
};

const noLocalChanges: ScriptHandler = (host, vars) => {
  if (!host.files[`${vars.APP_DIR}/.git/HEAD`]) return outcome(1, [`no checkout at ${vars.APP_DIR}`]);
  const changed = host.files[localChanges(vars)]?.content;
  return changed ? outcome(1, [`local changes in ${vars.APP_DIR}:`, ...changed.split('\n').map((f) => ` M ${f}`)]) : outcome(0, [`${vars.APP_DIR} has no local changes`]);
};

const discardLocalChanges: ScriptHandler = (host, vars) => {
  if (!host.files[`${vars.APP_DIR}/.git/HEAD`]) return outcome(1, [], [`cd: ${vars.APP_DIR}: No such file or directory`]);
  delete host.files[localChanges(vars)];
  return outcome(0, [`local changes in ${vars.APP_DIR} discarded`]);
};

const watchdogCronPoints: ScriptHandler = (host, vars) => {
  const line = host.files[crontab(vars)]?.content.split('\n').find((l) => l.includes('watchdog.py'));
  if (!line) return outcome(0, [`no watchdog cron job for ${vars.USER_NAME}: none was installed`]);
  const file = line.split(' ').find((w) => w.endsWith('watchdog.py')) ?? '';
  return host.files[file]
    ? outcome(0, [`the watchdog cron job runs ${file}, which exists`])
    : outcome(1, [`the watchdog cron job runs ${file}, which the new checkout no longer has: install the cron job again (aquamark-deploy's watchdog-cron step)`]);
};

export default defineSimulation(
  deploySimulation,
  simulate(scripts.recordContainer, recordContainer),
  simulate(scripts.oldContainerGone, oldContainerGone),
  simulate(scripts.removeContainer, removeContainer),
  simulate(scripts.noLocalChanges, noLocalChanges),
  simulate(scripts.discardLocalChanges, discardLocalChanges),
  simulate(scripts.watchdogCronPoints, watchdogCronPoints),
);
