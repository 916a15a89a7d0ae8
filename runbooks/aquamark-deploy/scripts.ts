/** The scripts `aquamark-deploy` sends to its hosts through SSM; each is simulated in simulation.ts. */
import { hostScripts, runbookDir } from '../../src/authoring/index.js';

export const here = runbookDir(import.meta.url);

const databaseUrl = 'scripts/database-url.sh';
const mailConfig = 'scripts/mail-config.sh';

export const scripts = hostScripts(here, {
  depsReady: 'scripts/deps-ready.sh',
  installDeps: 'scripts/install-deps.sh',
  deployKeyReady: 'scripts/deploy-key-ready.sh',
  makeDeployKey: 'scripts/make-deploy-key.sh',
  repoReadable: 'scripts/repo-readable.sh',
  appBuilt: 'scripts/app-built.sh',
  buildApp: 'scripts/build-app.sh',
  configReady: 'scripts/config-ready.sh',
  writeConfig: { file: 'scripts/write-config.sh', prelude: [databaseUrl] },
  dbMigrated: 'scripts/db-migrated.sh',
  migrateDb: 'scripts/migrate-db.sh',
  containerReady: 'scripts/container-ready.sh',
  runContainer: 'scripts/run-container.sh',
  pingLocal: 'scripts/ping-local.sh',
  watchdogReady: { file: 'scripts/watchdog-ready.sh', prelude: [mailConfig] },
  configureWatchdog: { file: 'scripts/configure-watchdog.sh', prelude: [mailConfig] },
  watchdogTested: 'scripts/watchdog-tested.sh',
  testWatchdog: 'scripts/test-watchdog.sh',
  watchdogCronReady: 'scripts/watchdog-cron-ready.sh',
  installWatchdogCron: 'scripts/install-watchdog-cron.sh',
  daemonConfigReady: { file: 'scripts/daemon-config-ready.sh', prelude: [mailConfig] },
  writeDaemonConfig: { file: 'scripts/write-daemon-config.sh', prelude: [mailConfig, databaseUrl] },
});
