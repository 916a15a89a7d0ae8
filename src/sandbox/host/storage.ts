/**
 * Block devices on a simulated host: EBS volumes as the kernel names them
 * (NVMe, with the volume id as serial), XFS file systems, partitions, the
 * fstab file, mounts, and what lsblk, blkid, df and xfs_info show. Like
 * mkfs.xfs without -f, formatting refuses a device that holds a file system:
 * the simulation can never lose data that a script's guard should protect.
 */
import { randomUUID } from 'node:crypto';
import type { HostDisk, HostFileSystem, HostMount, HostState } from './model.js';

export const GIB = 1024 ** 3;
export const FSTAB = '/etc/fstab';
/** Where udev links each EBS volume by its id on Nitro instances. */
export const DISK_BY_ID = '/dev/disk/by-id';

/** A volume attached at `from`: the device appears under the next free NVMe name. */
export function attachDisk(host: HostState, volumeId: string, gib: number, from: number): HostDisk {
  const disks = (host.disks ??= {});
  const existing = Object.values(disks).find((d) => d.serial === serialOf(volumeId));
  if (existing) return existing;
  const disk: HostDisk = { name: `nvme${Object.keys(disks).length}n1`, serial: serialOf(volumeId), sizes: [{ from, gib }] };
  disks[disk.name] = disk;
  return disk;
}

/** The root volume as the image lays it out: partition 1 with XFS, mounted at / and listed in fstab. */
/** The disk of a detached volume leaves the host; whatever was mounted from it is gone with it. */
export function detachDisk(host: HostState, volumeId: string): void {
  const disk = diskOfVolume(host, volumeId);
  if (!disk) return;
  for (const [point, mount] of Object.entries(host.mounts ?? {})) if (mount.source.startsWith(devicePath(disk))) delete host.mounts![point];
  for (const [name, d] of Object.entries(host.disks ?? {})) if (d === disk) delete host.disks![name];
}

export function addRootDisk(host: HostState, volumeId: string, gib: number, from: number): void {
  if (diskOfVolume(host, volumeId)) return;
  const disk = attachDisk(host, volumeId, gib, from);
  disk.partition = { gib, fs: { type: 'xfs', uuid: randomUUID(), gib } };
  (host.mounts ??= {})['/'] = { source: devicePath(disk, true), uuid: disk.partition.fs!.uuid };
  appendFstab(host, `UUID=${disk.partition.fs!.uuid}     /           xfs    defaults,noatime  1   1`, from);
}

/** The volume grows to `gib` at `from` (when its modification reaches optimizing). */
export function resizeDisk(host: HostState, volumeId: string, gib: number, from: number): void {
  diskOfVolume(host, volumeId)?.sizes.push({ from, gib });
}

export function serialOf(volumeId: string): string {
  return volumeId.replace('-', '');
}

export function diskOfVolume(host: HostState, volumeId: string): HostDisk | undefined {
  return Object.values(host.disks ?? {}).find((d) => d.serial === serialOf(volumeId));
}

export function diskGib(disk: HostDisk, now: number): number {
  return [...disk.sizes].reverse().find((s) => s.from <= now)?.gib ?? 0;
}

export function devicePath(disk: HostDisk, onPartition = false): string {
  return `/dev/${disk.name}${onPartition ? 'p1' : ''}`;
}

/** The file system a script would see on the device, and the path it is on. */
export function fileSystemOf(disk: HostDisk): { fs: HostFileSystem; source: string } | undefined {
  if (disk.fs) return { fs: disk.fs, source: devicePath(disk) };
  if (disk.partition?.fs) return { fs: disk.partition.fs, source: devicePath(disk, true) };
  return undefined;
}

/** `mkfs.xfs DEVICE` (no -f): refuses a device that already holds a file system, as mkfs.xfs does. */
export function makeXfs(disk: HostDisk, now: number): { ok: boolean; lines: string[] } {
  const existing = fileSystemOf(disk);
  if (existing || disk.partition)
    return {
      ok: false,
      lines: [
        `mkfs.xfs: ${devicePath(disk)} appears to contain ${existing ? `an existing filesystem (${existing.fs.type})` : 'a partition table'}.`,
        'mkfs.xfs: Use the -f option to force overwrite.',
      ],
    };
  const gib = diskGib(disk, now);
  disk.fs = { type: 'xfs', uuid: randomUUID(), gib };
  const blocks = Math.floor((gib * GIB) / 4096);
  return {
    ok: true,
    lines: [
      `meta-data=${devicePath(disk)}           isize=512    agcount=4, agsize=${Math.floor(blocks / 4)} blks`,
      `data     =                       bsize=4096   blocks=${blocks}, imaxpct=5`,
      `log      =internal log           bsize=4096   blocks=${Math.floor(xfsLogBytes(gib) / 4096)}, version=2`,
    ],
  };
}

/** XFS keeps its log inside the data section: roughly 1/2048 of the file system, at most 2 GiB. */
export function xfsLogBytes(gib: number): number {
  return Math.min(2 * GIB, Math.max(64 * 1024 ** 2, Math.floor((gib * GIB) / 2048)));
}

export interface FstabEntry {
  spec: string;
  mountPoint: string;
  type: string;
  options: string;
}

export function fstabEntries(host: HostState): FstabEntry[] {
  return (host.files[FSTAB]?.content ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [spec = '', mountPoint = '', type = '', options = ''] = l.split(/\s+/);
      return { spec, mountPoint, type, options };
    });
}

export function appendFstab(host: HostState, line: string, now: number): void {
  const before = host.files[FSTAB]?.content ?? '';
  host.files[FSTAB] = { content: `${before}${before && !before.endsWith('\n') ? '\n' : ''}${line}\n`, mtime: now };
}

/** Every file system a UUID= line could name. */
function fileSystemsByUuid(host: HostState): Map<string, { source: string; fs: HostFileSystem }> {
  const found = new Map<string, { source: string; fs: HostFileSystem }>();
  for (const disk of Object.values(host.disks ?? {})) {
    const on = fileSystemOf(disk);
    if (on) found.set(on.fs.uuid, on);
  }
  return found;
}

/** `mount -a`: mounts what fstab lists and is not mounted yet; a missing device with nofail is skipped. */
export function mountAll(host: HostState): { ok: boolean; lines: string[] } {
  const mounts = (host.mounts ??= {});
  const byUuid = fileSystemsByUuid(host);
  const errors: string[] = [];
  for (const e of fstabEntries(host)) {
    if (!e.spec.startsWith('UUID=') || mounts[e.mountPoint]) continue;
    const target = byUuid.get(e.spec.slice(5));
    if (target) mounts[e.mountPoint] = { source: target.source, uuid: target.fs.uuid };
    else if (!e.options.split(',').includes('nofail')) errors.push(`mount: ${e.mountPoint}: can't find ${e.spec}.`);
  }
  return { ok: errors.length === 0, lines: errors };
}

/** The disk and file system mounted at a mount point. */
export function mountedAt(host: HostState, mountPoint: string): { mount: HostMount; disk?: HostDisk; fs?: HostFileSystem } | undefined {
  const mount = host.mounts?.[mountPoint];
  if (!mount) return undefined;
  const disk = Object.values(host.disks ?? {}).find((d) => mount.source === devicePath(d) || mount.source === devicePath(d, true));
  return { mount, disk, fs: disk ? fileSystemOf(disk)?.fs : undefined };
}

/** `df -B1 --output=size`: XFS reports its data section without the internal log. */
export function dfBytes(fs: HostFileSystem): number {
  return fs.gib * GIB - xfsLogBytes(fs.gib);
}

export function dfLines(host: HostState, mountPoint: string): string[] {
  const at = mountedAt(host, mountPoint);
  if (!at?.fs) return [];
  const size = dfBytes(at.fs);
  const used = Math.round(size * 0.02);
  const human = (b: number) => `${(b / GIB).toFixed(b / GIB >= 100 ? 0 : 1)}G`;
  return ['Filesystem      Size  Used Avail Use% Mounted on', `${at.mount.source.padEnd(15)} ${human(size).padStart(4)} ${human(used).padStart(5)} ${human(size - used).padStart(5)}   2% ${mountPoint}`];
}

/** `lsblk -o NAME,SIZE,TYPE,FSTYPE,SERIAL,MOUNTPOINTS` */
export function lsblkLines(host: HostState, now: number): string[] {
  const lines = ['NAME          SIZE TYPE FSTYPE SERIAL               MOUNTPOINTS'];
  const mountPointOf = (source: string) => Object.entries(host.mounts ?? {}).find(([, m]) => m.source === source)?.[0] ?? '';
  for (const disk of Object.values(host.disks ?? {})) {
    lines.push(`${disk.name.padEnd(12)} ${`${diskGib(disk, now)}G`.padStart(5)} disk ${(disk.fs?.type ?? '').padEnd(6)} ${disk.serial.padEnd(20)} ${mountPointOf(devicePath(disk))}`.trimEnd());
    if (disk.partition)
      lines.push(`└─${`${disk.name}p1`.padEnd(10)} ${`${disk.partition.gib}G`.padStart(5)} part ${(disk.partition.fs?.type ?? '').padEnd(6)} ${''.padEnd(20)} ${mountPointOf(devicePath(disk, true))}`.trimEnd());
  }
  return lines;
}
