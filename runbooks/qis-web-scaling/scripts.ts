/** The scripts `qis-web-scaling` sends to its servers through SSM; each is simulated in simulation.ts. */
import { hostScripts, runbookDir } from '../../src/authoring/index.js';

export const here = runbookDir(import.meta.url);

export const scripts = hostScripts(here, {
  roleReady: 'scripts/role-ready.sh',
  configureRole: 'scripts/configure-role.sh',
});
