/** The scripts `redis-sessions` sends to its instance through SSM; each is simulated in simulation.ts. */
import { hostScripts, runbookDir } from '../../src/authoring/index.js';

export const here = runbookDir(import.meta.url);

export const scripts = hostScripts(here, {
  dockerReady: 'scripts/docker-ready.sh',
  installDocker: 'scripts/install-docker.sh',
  redisContainerReady: 'scripts/redis-container-ready.sh',
  createRedisContainer: 'scripts/create-redis-container.sh',
  redisUnitReady: 'scripts/redis-unit-ready.sh',
  installRedisUnit: 'scripts/install-redis-unit.sh',
  portListener: 'scripts/port-listener.sh',
  redisPing: 'scripts/redis-ping.sh',
  rebootSurvived: 'scripts/reboot-survived.sh',
});
