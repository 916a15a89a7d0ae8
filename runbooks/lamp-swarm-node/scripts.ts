/** The scripts `lamp-swarm-node` sends to its instance through SSM; each is simulated in simulation.ts. */
import { hostScripts, runbookDir } from '../../src/authoring/index.js';
import { EBS_DEVICE_PRELUDE } from '../shared/ebs.js';

export const here = runbookDir(import.meta.url);

const dockerFiles = 'scripts/docker-files.sh';

export const scripts = hostScripts(here, {
  dataVolumeMounted: { file: 'scripts/data-volume-mounted.sh', prelude: [EBS_DEVICE_PRELUDE] },
  mountData: { file: 'scripts/mount-data.sh', prelude: [EBS_DEVICE_PRELUDE] },
  hostnameIs: 'scripts/hostname-is.sh',
  setHostname: 'scripts/set-hostname.sh',
  dockerInstalled: 'scripts/docker-installed.sh',
  installDocker: 'scripts/install-docker.sh',
  dockerConfigured: { file: 'scripts/docker-configured.sh', prelude: [dockerFiles] },
  configureDocker: { file: 'scripts/configure-docker.sh', prelude: [dockerFiles] },
  swarmRole: 'scripts/swarm-role.sh',
  swarmInit: 'scripts/swarm-init.sh',
  swarmJoinToken: 'scripts/swarm-join-token.sh',
  swarmJoin: 'scripts/swarm-join.sh',
  swarmNodesReady: 'scripts/swarm-nodes-ready.sh',
  dockerActive: 'scripts/docker-active.sh',
});
