/**
 * The data-volume scripts of `lamp-swarm-node` and `lamp-ebs-expand`: find
 * the device by the volume id, format it only when it holds no file system,
 * list it in fstab once, mount it, grow the partition (when there is one)
 * and the file system, and report its size as df does. Probes never change
 * the host.
 */
import { defineSimulation, outcome, simulate, storage, type HostDisk, type HostState, type ScriptHandler, type ScriptOutcome } from '../../src/authoring/simulation.js';
import { sharedScripts } from './ebs.js';

const { appendFstab, DISK_BY_ID, devicePath, dfBytes, dfLines, diskGib, diskOfVolume, fileSystemOf, fstabEntries, GIB, lsblkLines, makeXfs, mountAll, mountedAt, serialOf } = storage;

/** Anything smaller than this left unused counts as "fills the device" (XFS allocation groups, GPT). */
const SLACK_GIB = 64 / 1024;

interface DataVolume {
  disk: HostDisk;
  mountPoint: string;
}

/** The device of VOLUME_ID, found by its serial as the udev link under /dev/disk/by-id is. */
function findDevice(host: HostState, vars: Record<string, string>, now: number): DataVolume | ScriptOutcome {
  const disk = diskOfVolume(host, vars.VOLUME_ID ?? '');
  if (!disk || diskGib(disk, now) === 0)
    return outcome(1, lsblkLines(host, now), [`no block device for ${vars.VOLUME_ID} (looked for ${DISK_BY_ID}/nvme-Amazon_Elastic_Block_Store_${serialOf(vars.VOLUME_ID ?? '')} and ${vars.API_DEVICE})`]);
  return { disk, mountPoint: vars.MOUNT_POINT ?? '/data' };
}

function isOutcome(x: DataVolume | ScriptOutcome): x is ScriptOutcome {
  return 'exitCode' in x;
}

/** Why the volume is not mounted at the mount point from its one fstab line, if it is not. */
function mountProblems(host: HostState, { disk, mountPoint }: DataVolume): string[] {
  const on = fileSystemOf(disk);
  if (!on || on.fs.type !== 'xfs') return [`${devicePath(disk)} holds ${on ? `a ${on.fs.type}` : 'no'} file system, not XFS`];
  const entries = fstabEntries(host).filter((e) => e.mountPoint === mountPoint);
  const problems: string[] = [];
  if (entries.length !== 1 || entries[0]!.spec !== `UUID=${on.fs.uuid}`)
    problems.push(`/etc/fstab has ${entries.length} entries for ${mountPoint}${entries.length ? ` (${entries.map((e) => e.spec).join(', ')})` : ''}, not one for UUID=${on.fs.uuid}`);
  if (mountedAt(host, mountPoint)?.mount.source !== on.source) problems.push(`${mountPoint} is not mounted from ${on.source}`);
  return problems;
}

export const dataVolumeMounted: ScriptHandler = (host, vars, env) => {
  const found = findDevice(host, vars, env.now);
  if (isOutcome(found)) return found;
  const problems = mountProblems(host, found);
  if (problems.length) return outcome(1, problems);
  const on = fileSystemOf(found.disk)!;
  return outcome(0, [`${on.source} (UUID ${on.fs.uuid}) is mounted at ${found.mountPoint} and listed once in /etc/fstab`]);
};

export const mountData: ScriptHandler = (host, vars, env) => {
  const found = findDevice(host, vars, env.now);
  if (isOutcome(found)) return found;
  const { disk, mountPoint } = found;
  const stdout = [`data volume ${vars.VOLUME_ID} is ${devicePath(disk)}`];
  const existing = fileSystemOf(disk);
  if (!disk.fs && disk.partition) return outcome(1, stdout, [`${devicePath(disk)} holds a partition table; refusing to format it`]);
  if (!existing) {
    const made = makeXfs(disk, env.now);
    if (!made.ok) return outcome(1, stdout, made.lines, 2);
    stdout.push(...made.lines);
  } else if (existing.fs.type !== 'xfs') return outcome(1, stdout, [`${existing.source} holds a ${existing.fs.type} file system; refusing to format or mount it as XFS`]);
  else stdout.push(`${existing.source} already holds an XFS file system (UUID ${existing.fs.uuid}): not formatted`);
  const on = fileSystemOf(disk)!;
  const entries = fstabEntries(host).filter((e) => e.mountPoint === mountPoint);
  if (entries.length === 0) {
    appendFstab(host, `UUID=${on.fs.uuid} ${mountPoint} xfs defaults,nofail 0 2`, env.now);
    stdout.push(`added to /etc/fstab: UUID=${on.fs.uuid} ${mountPoint}`);
  } else if (entries.length > 1 || entries[0]!.spec !== `UUID=${on.fs.uuid}`)
    return outcome(1, stdout, [`/etc/fstab already mounts ${entries.map((e) => e.spec).join(', ')} at ${mountPoint}; fix it by hand`]);
  const mounted = mountAll(host);
  if (!mounted.ok) return outcome(32, stdout, mounted.lines);
  const at = mountedAt(host, mountPoint);
  if (at?.mount.source !== on.source) return outcome(1, stdout, [`${mountPoint} is mounted from ${at?.mount.source ?? 'nothing'}, not ${on.source}`]);
  return outcome(0, [...stdout, `${on.source} xfs ${Math.round(on.fs.gib)}G`], [], 3);
};

/** What the kernel sees as the container of the file system: the partition, or the whole device. */
function containerGib(disk: HostDisk, now: number): number {
  return disk.partition ? disk.partition.gib : diskGib(disk, now);
}

/** Why the file system does not yet span SIZE_GIB, if it does not. */
function growProblems(host: HostState, { disk, mountPoint }: DataVolume, sizeGib: number, now: number): string[] {
  const size = diskGib(disk, now);
  if (size < sizeGib) return [`the kernel sees ${devicePath(disk)} as ${size} GiB, not yet ${sizeGib} GiB`];
  const at = mountedAt(host, mountPoint);
  if (!at?.fs || at.disk !== disk) return [`${mountPoint} is not mounted from ${devicePath(disk)}`];
  const problems: string[] = [];
  if (disk.partition && disk.partition.gib < size - SLACK_GIB) problems.push(`partition 1 of ${devicePath(disk)} is ${disk.partition.gib} GiB of ${size} GiB`);
  if (at.fs.gib < containerGib(disk, now) - SLACK_GIB) problems.push(`the file system on ${at.mount.source} spans ${at.fs.gib} GiB of ${containerGib(disk, now)} GiB`);
  return problems;
}

export const filesystemFillsDevice: ScriptHandler = (host, vars, env) => {
  const found = findDevice(host, vars, env.now);
  if (isOutcome(found)) return found;
  const problems = growProblems(host, found, Number(vars.SIZE_GIB), env.now);
  if (problems.length) return outcome(1, problems);
  return outcome(0, [`the file system on ${found.mountPoint} fills ${devicePath(found.disk)} (${diskGib(found.disk, env.now)} GiB)`]);
};

export const growFilesystem: ScriptHandler = (host, vars, env) => {
  const found = findDevice(host, vars, env.now);
  if (isOutcome(found)) return found;
  const { disk, mountPoint } = found;
  const size = diskGib(disk, env.now);
  if (size < Number(vars.SIZE_GIB)) return outcome(1, lsblkLines(host, env.now), [`${devicePath(disk)} is still ${size} GiB after 60 seconds, not ${vars.SIZE_GIB} GiB`], 60);
  const at = mountedAt(host, mountPoint);
  if (!at?.fs || at.disk !== disk) return outcome(1, [], [`${mountPoint} is not mounted from ${devicePath(disk)}`]);
  const stdout = lsblkLines(host, env.now);
  if (disk.partition) {
    const target = size - 1 / 1024;
    if (disk.partition.gib >= target - SLACK_GIB) stdout.push(`NOCHANGE: partition 1 is size ${disk.partition.gib} GiB. it cannot be grown`);
    else {
      stdout.push(`CHANGED: partition=1 start=2048 old: size=${disk.partition.gib} GiB new: size=${target} GiB`);
      disk.partition.gib = target;
    }
  } else stdout.push(`the file system is on the whole device ${devicePath(disk)}: no partition to grow`);
  const before = at.fs.gib;
  at.fs.gib = containerGib(disk, env.now);
  const blocks = (gib: number) => Math.floor((gib * GIB) / 4096);
  // xfs_growfs names the change only when there is one.
  if (blocks(at.fs.gib) !== blocks(before)) stdout.push(`data blocks changed from ${blocks(before)} to ${blocks(at.fs.gib)}`);
  stdout.push(...dfLines(host, mountPoint));
  return outcome(0, stdout, [], 3);
};

const dataVolumeSize: ScriptHandler = (host, vars, env) => {
  const found = findDevice(host, vars, env.now);
  if (isOutcome(found)) return found;
  const at = mountedAt(host, found.mountPoint);
  if (!at?.fs || at.disk !== found.disk) return outcome(1, [`${found.mountPoint} is not mounted from ${vars.VOLUME_ID} (${devicePath(found.disk)})`]);
  const expected = Number(vars.SIZE_GIB) * GIB;
  const bytes = dfBytes(at.fs);
  const lines = dfLines(host, found.mountPoint);
  if (bytes < expected * 0.99 || bytes > expected) return outcome(1, [...lines, `the file system on ${found.mountPoint} is ${bytes} bytes; expected about ${vars.SIZE_GIB} GiB`]);
  return outcome(0, [...lines, `${found.mountPoint} is ${vars.VOLUME_ID} with ${vars.SIZE_GIB} GiB`]);
};

/** The shared scripts' simulation, which each lamp runbook's simulation includes. */
export const ebsSimulation = defineSimulation(simulate(sharedScripts.dataVolumeSize, dataVolumeSize));
