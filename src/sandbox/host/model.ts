/**
 * What a simulated instance's operating system holds: just enough for the
 * runbooks' scripts to change it and for their probes to observe it.
 */

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
  /** The package whose own service this is (Apache's httpd): it starts while the package is installed. */
  package?: string;
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

export interface HostFileSystem {
  type: 'xfs' | 'ext4';
  uuid: string;
  /** What the file system spans, in GiB; grows only with xfs_growfs. */
  gib: number;
}

export interface HostDisk {
  /** The kernel's name: nvme0n1, nvme1n1, ... in the order devices appeared. */
  name: string;
  /** NVMe serial: the EBS volume id without its dash. */
  serial: string;
  /** Sizes the kernel sees, in GiB, each from an instant on (a modified volume grows). */
  sizes: { from: number; gib: number }[];
  /** A file system on the whole device (the source's layout). */
  fs?: HostFileSystem;
  /** Or partition 1 holding it (the layout growpart is for). */
  partition?: { gib: number; fs?: HostFileSystem };
}

export interface HostMount {
  /** /dev/nvme1n1 or /dev/nvme1n1p1 */
  source: string;
  uuid: string;
}

export interface DockerDaemon {
  /** `data-root` of /etc/docker/daemon.json (default /var/lib/docker). */
  dataRoot: string;
  /** `-H tcp://ADDRESS:PORT` listeners from the unit's override. */
  tcpHosts: string[];
}

export interface SwarmMember {
  nodeId: string;
  hostname: string;
  role: 'manager' | 'worker';
}

export interface SwarmState {
  clusterId: string;
  nodeId: string;
  role: 'manager' | 'worker';
  /** The manager's advertised address, ip:2377. */
  managerAddr: string;
  /** Only on the manager. */
  tokens?: { worker: string; manager: string };
  members?: SwarmMember[];
}

export interface NfsMount {
  fileSystemId: string;
  /** `fs-....efs.<region>.amazonaws.com:/` */
  source: string;
}

export interface HostState {
  os: 'ubuntu' | 'al2023' | 'fedora';
  /** Epoch ms when the host (last) finished booting; in the future while it reboots. */
  bootedAt: number;
  users: string[];
  /** Package name -> version. */
  packages: Record<string, string>;
  /** Group name -> member users. */
  groups: Record<string, string[]>;
  files: Record<string, HostFile>;
  units: Record<string, HostUnit>;
  /** Ports a unit's service listens on (Apache's 80), by port: it answers there while the unit is active. */
  unitPorts?: Record<string, string>;
  images: string[];
  containers: Record<string, HostContainer>;
  /** Counter for simulated process ids. */
  nextPid: number;
  /** Set by `hostnamectl set-hostname`; absent means the name EC2 gave (ip-...). */
  hostname?: string;
  /** Block devices by kernel name, and mounts by mount point (storage.ts). */
  disks?: Record<string, HostDisk>;
  mounts?: Record<string, HostMount>;
  /** Docker daemon settings and swarm membership (see swarm.ts). */
  daemon?: DockerDaemon;
  swarm?: SwarmState;
  /** NFS (EFS) mounts by mount point, and symbolic links by path (see nfs.ts). */
  nfsMounts?: Record<string, NfsMount>;
  links?: Record<string, string>;
}

/** What a Fedora Cloud image boots with that a check may read: SELinux enforcing, the package cache of the image's build. */
function fedoraFiles(at: number): Record<string, HostFile> {
  const file = (content: string): HostFile => ({ content, mtime: at });
  return {
    '/etc/selinux/config': file('SELINUX=enforcing\nSELINUXTYPE=targeted\n'),
    '/sys/fs/selinux/enforce': file('1'),
    '/var/cache/libdnf5/fedora-2b7f0c1e9d3a/repodata/repomd.xml': file('<repomd/>'),
    '/var/cache/libdnf5/updates-5c8e1a4b2f6d/solv/updates.solv': file('solv'),
  };
}

export function newHost(os: HostState['os'], defaultUser: string, bootedAt: number): HostState {
  return {
    os,
    bootedAt,
    users: ['root', defaultUser],
    packages: {},
    groups: {},
    files: os === 'fedora' ? fedoraFiles(bootedAt) : {},
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
