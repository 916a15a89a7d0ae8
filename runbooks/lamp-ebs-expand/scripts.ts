/** The scripts `lamp-ebs-expand` sends to the node through SSM; each is simulated in simulation.ts. */
import { hostScripts, runbookDir } from '../../src/authoring/index.js';
import { EBS_DEVICE_PRELUDE } from '../shared/ebs.js';

export const here = runbookDir(import.meta.url);

export const scripts = hostScripts(here, {
  filesystemFillsDevice: { file: 'scripts/filesystem-fills-device.sh', prelude: [EBS_DEVICE_PRELUDE] },
  growFilesystem: { file: 'scripts/grow-filesystem.sh', prelude: [EBS_DEVICE_PRELUDE] },
});
