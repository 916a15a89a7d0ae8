/** The scripts `aquamark-upgrade` adds to aquamark-deploy's on the build instance; each is simulated in simulation.ts. */
import { hostScripts, runbookDir } from '../../src/authoring/index.js';

export const here = runbookDir(import.meta.url);

export const scripts = hostScripts(here, {
  recordContainer: 'scripts/record-container.sh',
  oldContainerGone: 'scripts/old-container-gone.sh',
  removeContainer: 'scripts/remove-container.sh',
  noLocalChanges: 'scripts/no-local-changes.sh',
  discardLocalChanges: 'scripts/discard-local-changes.sh',
  watchdogCronPoints: 'scripts/watchdog-cron-points.sh',
});
