/** The scripts `qis-ami` sends to its builder through SSM; each is simulated in simulation.ts. */
import { hostScripts, runbookDir } from '../../src/authoring/index.js';

export const here = runbookDir(import.meta.url);

export const scripts = hostScripts(here, {
  qisInstalled: 'scripts/qis-installed.sh',
  installQis: 'scripts/install-qis.sh',
  servicesNotEnabled: 'scripts/services-not-enabled.sh',
  postgresInitialised: 'scripts/postgres-initialised.sh',
  logrotateConfigured: 'scripts/logrotate-configured.sh',
  limitsRaised: 'scripts/limits-raised.sh',
  selinuxEnforcing: 'scripts/selinux-enforcing.sh',
  cleanedUp: 'scripts/cleaned-up.sh',
  qisNotRunning: 'scripts/qis-not-running.sh',
});

/** Where the builder keeps what the checks read. */
export const HOST = {
  MARKER: '/var/lib/runbook/qis-ami/install.sha256',
  PGDATA: '/var/lib/pgsql/data',
  LOGROTATE_FILE: '/etc/logrotate.d/qis',
  LIMITS_FILE: '/etc/security/limits.d/90-qis.conf',
  QIS_DIR: '/opt/qis',
  /** Fedora's default open-files limit is 1024: raised means at least this. */
  MIN_NOFILE: 65536,
} as const;

/** The install script the rehearsal runs: the only one the sandbox simulates. */
export const EXAMPLE_INSTALL = `${here}/sandbox/install-qis-example.sh`;
