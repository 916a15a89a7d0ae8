/** Docker on a simulated host: the package, the daemon unit, images and containers. */
import { randomBytes } from 'node:crypto';
import { allocatePid, type HostContainer, type HostState, type PortBinding } from './model.js';

/** 64 hex digits, like a Docker container or image id. */
function dockerId(): string {
  return randomBytes(32).toString('hex');
}

export const DOCKER_UNIT = 'docker.service';

/** The distribution's package: Ubuntu's `docker.io`, Amazon Linux's `docker`. */
export function dockerPackage(host: HostState): string {
  return host.os === 'ubuntu' ? 'docker.io' : 'docker';
}

export function dockerInstalled(host: HostState): boolean {
  return dockerPackage(host) in host.packages;
}

export function dockerActive(host: HostState): boolean {
  return dockerInstalled(host) && host.units[DOCKER_UNIT]?.active === true;
}

/** `redis`, `docker.io/library/redis:latest` and `redis:latest` name one image. */
export function normalizeImage(ref: string): string {
  let name = ref.trim().replace(/^docker\.io\//, '').replace(/^library\//, '');
  const lastSegment = name.split('/').pop() ?? name;
  if (!lastSegment.includes(':') && !name.includes('@')) name += ':latest';
  return name;
}

export function pullImage(host: HostState, ref: string): string[] {
  const image = normalizeImage(ref);
  const [repo = image, tag = 'latest'] = image.split(':');
  if (host.images.includes(image)) return [`${tag}: Pulling from library/${repo}`, `Status: Image is up to date for ${image}`];
  host.images.push(image);
  return [`${tag}: Pulling from library/${repo}`, `Digest: sha256:${dockerId()}`, `Status: Downloaded newer image for ${image}`];
}

export function publishes(container: HostContainer, hostPort: number, containerPort?: number): boolean {
  return container.ports.some((p) => p.hostPort === hostPort && (containerPort === undefined || p.containerPort === containerPort));
}

export function createContainer(host: HostState, name: string, image: string, ports: PortBinding[], restart: HostContainer['restart']): HostContainer {
  const container: HostContainer = {
    id: dockerId(),
    image: normalizeImage(image),
    ports,
    running: false,
    restart,
    proxyPids: [allocatePid(host), allocatePid(host)],
  };
  host.containers[name] = container;
  return container;
}

/** `docker start`: false when the daemon is down or the container does not exist. */
export function startContainer(host: HostState, name: string, byUnit?: string): boolean {
  const container = host.containers[name];
  if (!container || !dockerActive(host)) return false;
  container.running = true;
  container.startedByUnit = byUnit;
  container.proxyPids = [allocatePid(host), allocatePid(host)];
  return true;
}

/** Running containers that publish `hostPort`, for lsof and the session page. */
export function listeners(host: HostState, hostPort: number): HostContainer[] {
  if (!dockerActive(host)) return [];
  return Object.values(host.containers).filter((c) => c.running && publishes(c, hostPort));
}
