/**
 * The simulated hosts behind the lamp runbooks' scripts: a device with a file
 * system is never formatted (the simulation refuses like mkfs.xfs does), the
 * fstab line is visible and added once, Docker starts only on the mounted
 * volume, a worker joins only with its manager's real token, and a file
 * system grows on the whole device and on a partition.
 */
import { describe, expect, it } from 'vitest';
import { scripts as expandScripts } from '../../lamp-ebs-expand/scripts.js';
import expandSimulation from '../../lamp-ebs-expand/simulation.js';
import { scripts as nodeScripts } from '../../lamp-swarm-node/scripts.js';
import nodeSimulation from '../../lamp-swarm-node/simulation.js';
import { sharedScripts } from '../ebs.js';
import { renderScript } from '../../../src/aws/shell.js';
import type { HostScript } from '../../../src/engine/model/scripts.js';
import { newHost, type HostState } from '../../../src/sandbox/host/model.js';
import { runOnHost } from '../../../src/sandbox/host/scripts.js';
import { defineSimulation } from '../../../src/sandbox/host/simulation.js';
import { attachDisk, fstabEntries, makeXfs, resizeDisk } from '../../../src/sandbox/host/storage.js';

const VOLUME = 'vol-0123456789abcdef0';
const MOUNT = { VOLUME_ID: VOLUME, API_DEVICE: '/dev/sdf', DISK_BY_ID: '/dev/disk/by-id', MOUNT_POINT: '/data', FSTAB: '/etc/fstab' };
const DOCKER = { OVERRIDE: '/etc/systemd/system/docker.service.d/override.conf', DAEMON_JSON: '/etc/docker/daemon.json', DATA_ROOT: '/data/docker', MOUNT_POINT: '/data' };

const simulation = defineSimulation(nodeSimulation, expandSimulation);

function run(host: HostState, script: HostScript, vars: Record<string, string | number> = {}, peer?: (ip: string) => HostState | undefined) {
  return runOnHost(host, renderScript({ name: script.name, vars, body: 'true' }), { now: Date.now(), peer }, simulation);
}

function hostWithVolume(gib = 1024): HostState {
  const host = newHost('al2023', 'ec2-user', 0);
  attachDisk(host, 'vol-0aaaaaaaaaaaaroot', 8, 0);
  attachDisk(host, VOLUME, gib, 0);
  return host;
}

/** A node with the volume mounted and Docker configured on `ip`. */
function dockerNode(ip: string): HostState {
  const host = hostWithVolume();
  run(host, nodeScripts.mountData, MOUNT);
  run(host, nodeScripts.installDocker, { USER_NAME: 'ec2-user' });
  run(host, nodeScripts.configureDocker, { ...DOCKER, PRIVATE_IP: ip });
  return host;
}

describe('simulated data volume', () => {
  it('formats a blank volume once, lists it once in fstab, and a second run keeps the same file system', () => {
    const host = hostWithVolume();
    expect(run(host, nodeScripts.dataVolumeMounted, MOUNT).exitCode).toBe(1);
    const first = run(host, nodeScripts.mountData, MOUNT);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toContain('data volume vol-0123456789abcdef0 is /dev/nvme1n1');
    const uuid = host.disks!.nvme1n1!.fs!.uuid;

    expect(run(host, nodeScripts.mountData, MOUNT)).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('already holds an XFS file system') });
    expect(host.disks!.nvme1n1!.fs!.uuid).toBe(uuid);
    expect(fstabEntries(host).filter((e) => e.mountPoint === '/data')).toEqual([{ spec: `UUID=${uuid}`, mountPoint: '/data', type: 'xfs', options: 'defaults,nofail' }]);
    expect(run(host, nodeScripts.dataVolumeMounted, MOUNT).exitCode).toBe(0);
  });

  it('never reformats: mkfs itself refuses a device with a file system, and mount-data mounts the existing one', () => {
    const host = hostWithVolume();
    host.disks!.nvme1n1!.fs = { type: 'xfs', uuid: 'existing-uuid', gib: 1024 };
    expect(makeXfs(host.disks!.nvme1n1!, Date.now())).toEqual({ ok: false, lines: ['mkfs.xfs: /dev/nvme1n1 appears to contain an existing filesystem (xfs).', 'mkfs.xfs: Use the -f option to force overwrite.'] });

    expect(run(host, nodeScripts.mountData, MOUNT).exitCode).toBe(0);
    expect(host.disks!.nvme1n1!.fs!.uuid).toBe('existing-uuid');
    expect(host.mounts!['/data']).toEqual({ source: '/dev/nvme1n1', uuid: 'existing-uuid' });
  });

  it('shows a second fstab line for the mount point, and refuses to go on with it', () => {
    const host = hostWithVolume();
    run(host, nodeScripts.mountData, MOUNT);
    const line = host.files['/etc/fstab']!.content.trim().split('\n').at(-1)!;
    host.files['/etc/fstab']!.content += `${line}\n`;
    expect(run(host, nodeScripts.dataVolumeMounted, MOUNT)).toMatchObject({ exitCode: 1, stdout: expect.stringMatching(/has 2 entries for \/data/) });
    expect(run(host, nodeScripts.mountData, MOUNT)).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('fix it by hand') });
  });

  it('finds the volume by its serial, whatever its NVMe name', () => {
    const host = newHost('al2023', 'ec2-user', 0);
    attachDisk(host, 'vol-0aaaaaaaaaaaaroot', 8, 0);
    attachDisk(host, 'vol-0bbbbbbbbbbbbbbbb', 64, 0);
    attachDisk(host, VOLUME, 1024, 0);
    expect(run(host, nodeScripts.mountData, MOUNT).stdout).toContain('is /dev/nvme2n1');
    expect(host.disks!.nvme1n1!.fs).toBeUndefined();
  });

  it('grows the file system on the whole device, and on a partition with growpart (NOCHANGE the second time)', () => {
    const host = hostWithVolume(1024);
    run(host, nodeScripts.mountData, MOUNT);
    resizeDisk(host, VOLUME, 2048, 0);
    const vars = { ...MOUNT, SIZE_GIB: 2048 };
    expect(run(host, expandScripts.filesystemFillsDevice, vars).exitCode).toBe(1);
    expect(run(host, expandScripts.growFilesystem, vars).stdout).toContain('on the whole device /dev/nvme1n1: no partition to grow');
    expect(run(host, expandScripts.filesystemFillsDevice, vars).exitCode).toBe(0);
    expect(run(host, sharedScripts.dataVolumeSize, vars).exitCode).toBe(0);

    const parted = newHost('al2023', 'ec2-user', 0);
    const disk = attachDisk(parted, VOLUME, 2048, 0);
    disk.partition = { gib: 1024, fs: { type: 'xfs', uuid: 'p1', gib: 1024 } };
    parted.mounts = { '/data': { source: '/dev/nvme0n1p1', uuid: 'p1' } };
    expect(run(parted, expandScripts.growFilesystem, vars).stdout).toMatch(/CHANGED: partition=1/);
    expect(run(parted, expandScripts.growFilesystem, vars).stdout).toMatch(/NOCHANGE: partition 1/);
    expect(run(parted, sharedScripts.dataVolumeSize, vars).exitCode).toBe(0);
  });
});

describe('simulated Docker and swarm', () => {
  it('starts Docker only once /data is mounted, with its data there and the API on the private address', () => {
    const host = hostWithVolume();
    run(host, nodeScripts.installDocker, { USER_NAME: 'ec2-user' });
    expect(host.units['docker.service']?.active).toBe(false);
    expect(run(host, nodeScripts.configureDocker, { ...DOCKER, PRIVATE_IP: '172.31.0.4' })).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('must go on the data volume before Docker first starts') });
    run(host, nodeScripts.mountData, MOUNT);
    expect(run(host, nodeScripts.configureDocker, { ...DOCKER, PRIVATE_IP: '172.31.0.4' }).exitCode).toBe(0);
    expect(host.daemon).toEqual({ dataRoot: '/data/docker', tcpHosts: ['172.31.0.4:2375'] });
    expect(run(host, nodeScripts.dockerConfigured, { ...DOCKER, PRIVATE_IP: '172.31.0.4' }).exitCode).toBe(0);
  });

  it('joins a worker only with its manager\'s real worker token, at the manager\'s address', () => {
    const manager = dockerNode('172.31.0.4');
    const worker = dockerNode('172.31.0.5');
    const peers = (ip: string) => (ip === '172.31.0.4' ? manager : undefined);
    expect(run(manager, nodeScripts.swarmRole, { ROLE: 'manager' }).exitCode).toBe(1);
    expect(run(manager, nodeScripts.swarmInit, { PRIVATE_IP: '172.31.0.4' }).exitCode).toBe(0);
    expect(run(manager, nodeScripts.swarmRole, { ROLE: 'manager' }).exitCode).toBe(0);
    expect(run(worker, nodeScripts.swarmJoinToken).exitCode).toBe(1);
    const token = run(manager, nodeScripts.swarmJoinToken).stdout.trim();
    expect(token).toMatch(/^SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}$/);

    const forged = token.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'));
    expect(run(worker, nodeScripts.swarmJoin, { TOKEN: forged, MANAGER_IP: '172.31.0.4' }, peers)).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('A valid join token is necessary') });
    expect(run(worker, nodeScripts.swarmJoin, { TOKEN: token, MANAGER_IP: '172.31.0.9' }, peers)).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('Timeout was reached') });
    expect(worker.swarm).toBeUndefined();

    expect(run(worker, nodeScripts.swarmJoin, { TOKEN: token, MANAGER_IP: '172.31.0.4' }, peers).exitCode).toBe(0);
    expect(run(worker, nodeScripts.swarmRole, { ROLE: 'worker' }).exitCode).toBe(0);
    expect(run(worker, nodeScripts.swarmRole, { ROLE: 'manager' })).toMatchObject({ exitCode: 2, stdout: expect.stringContaining('is a swarm worker, not a manager') });
    expect(worker.swarm?.clusterId).toBe(manager.swarm?.clusterId);
  });
});
