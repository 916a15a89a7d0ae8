/** The scripts `efs-shared-documents` runs on its instances (the deployment hook and SSM); each is simulated in simulation.ts. */
import { hostScripts, runbookDir } from '../../src/authoring/index.js';

export const here = runbookDir(import.meta.url);

export const scripts = hostScripts(here, {
  mountEfs: 'scripts/mount-efs.sh',
  documentsMount: 'scripts/documents-mount.sh',
  sharedFileExists: 'scripts/shared-file-exists.sh',
  createSharedFile: 'scripts/create-shared-file.sh',
});
