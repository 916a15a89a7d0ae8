/**
 * A machine image of a simulated host: what CreateImage captures (the
 * installed software, files, units, Docker images and containers) and what an
 * instance launched from it boots with. Disks, mounts and swarm membership
 * belong to the instance, not the image; the hostname is the new instance's.
 */
import type { HostState } from './model.js';
import { bootHost } from './systemd.js';

export function captureHost(host: HostState): HostState {
  const { disks: _disks, mounts: _mounts, nfsMounts: _nfs, swarm: _swarm, hostname: _hostname, ...image } = structuredClone(host);
  return image;
}

/** A new host from an image, up at `bootedAt`: what starts at boot starts, as on the original's reboot. */
export function hostFromImage(image: HostState, bootedAt: number): HostState {
  const host = structuredClone(image);
  bootHost(host, bootedAt);
  return host;
}
