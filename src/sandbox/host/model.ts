/**
 * What a simulated instance's operating system holds: just enough for the
 * runbooks' scripts to change it and for their probes to observe it.
 */
import type { HostDisk, HostMount } from './storage.js';
import type { DockerDaemon, SwarmState } from './swarm.js';
import type { NfsMount } from './nfs.js';

export interface HostFile {
  content: string;
  /** Epoch ms of the last write. */
  mtime: number;
}

export interface HostUnit {
  enabled: boolean;
  active: boolean;
  /** The last start failed (systemctl shows `failed`). */
  failed?: boolean;
  /** Unit file written by a script; units installed by a package have none. */
  path?: string;
}

export interface PortBinding {
  hostPort: number;
  containerPort: number;
}

export interface HostContainer {
  id: string;
  image: string;
  ports: PortBinding[];
  running: boolean;
  restart: 'no' | 'always' | 'unless-stopped' | 'on-failure';
  /** The systemd unit whose ExecStart runs it (`docker start -a <name>`). */
  startedByUnit?: string;
  /** Process ids of its docker-proxy listeners, for lsof. */
  proxyPids: [number, number];
}

export interface HostState {
  os: 'ubuntu' | 'al2023';
  /** Epoch ms when the host (last) finished booting; in the future while it reboots. */
  bootedAt: number;
  users: string[];
  /** Package name -> version. */
  packages: Record<string, string>;
  /** Group name -> member users. */
  groups: Record<string, string[]>;
  files: Record<string, HostFile>;
  units: Record<string, HostUnit>;
  images: string[];
  containers: Record<string, HostContainer>;
  /** Counter for simulated process ids. */
  nextPid: number;
  /** Set by `hostnamectl set-hostname`; absent means the name EC2 gave (ip-...). */
  hostname?: string;
  /** Block devices by kernel name, and mounts by mount point (see storage.ts). */
  disks?: Record<string, HostDisk>;
  mounts?: Record<string, HostMount>;
  /** Docker daemon settings and swarm membership (see swarm.ts). */
  daemon?: DockerDaemon;
  swarm?: SwarmState;
  /** NFS (EFS) mounts by mount point, and symbolic links by path (see nfs.ts). */
  nfsMounts?: Record<string, NfsMount>;
  links?: Record<string, string>;
}

export function newHost(os: HostState['os'], defaultUser: string, bootedAt: number): HostState {
  return {
    os,
    bootedAt,
    users: ['root', defaultUser],
    packages: {},
    groups: {},
    files: {},
    units: {},
    images: [],
    containers: {},
    nextPid: 1200,
  };
}

/** False while the host is booting (after launch or a reboot). */
export function hostIsUp(host: HostState, now: number): boolean {
  return now >= host.bootedAt;
}

export function allocatePid(host: HostState): number {
  host.nextPid += 7;
  return host.nextPid;
}
