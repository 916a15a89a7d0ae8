/** The scripts `openemr-recovery-stack` sends to the NFS Backup instance through SSM; each is simulated in simulation.ts. */
import { hostScripts, runbookDir } from '../../src/authoring/index.js';

export const here = runbookDir(import.meta.url);

export const scripts = hostScripts(here, {
  efsBackup: 'scripts/efs-backup.sh',
});
