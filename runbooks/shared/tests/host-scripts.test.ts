/**
 * The lamp runbooks' real bash scripts, exactly as the runbooks send them, on
 * a fake host (host-world.ts): a device that holds a file
 * system is never formatted, the fstab line is never added twice, the device
 * is found by the volume id, and growing works for a file system on the whole
 * device (growpart never runs) and on a partition.
 */
import { describe, expect, it } from 'vitest';
import lampEbsExpand from '../../lamp-ebs-expand/index.js';
import lampSwarmNode from '../../lamp-swarm-node/index.js';
import type { ShellScript } from '../../../src/aws/shell.js';
import type { RunbookDefinition } from '../../../src/engine/model/runbook.js';
import { instantiateSteps } from '../../../src/engine/plan/planner.js';
import { GIB, world, type World } from './host-world.js';

const VOLUME = 'vol-0123456789abcdef0';

/** The body a runbook step sends as its `probe` or `script`, with this test's variables. */
function scriptOf(def: RunbookDefinition, stepId: string, which: 'probe' | 'script', vars: ShellScript['vars']): ShellScript {
  const step = instantiateSteps(def).find((s) => s.id === stepId)!;
  const { name, body } = (step.input as Record<string, ShellScript>)[which]!;
  return { name, body, vars };
}

function mountVars(w: World, apiDevice = '/dev/sdf') {
  return { VOLUME_ID: VOLUME, API_DEVICE: apiDevice, ...w.vars };
}

const mountData = (w: World) => scriptOf(lampSwarmNode, 'mount-data', 'script', mountVars(w));
const mounted = (w: World) => scriptOf(lampSwarmNode, 'mount-data', 'probe', mountVars(w));
const uuidLines = (w: World) => w.fstab().split('\n').filter((l) => l.includes(w.vars.MOUNT_POINT));
const mkfsCalls = (w: World) => w.calls().filter((c) => c.startsWith('mkfs'));

describe('mount-data (lamp-swarm-node)', () => {
  it('formats a blank device once, adds one fstab line by UUID, mounts it with mount -a; a second run changes nothing', () => {
    const w = world();
    const device = w.addDisk('nvme1n1', 1024 * GIB, { volumeId: VOLUME });
    expect(w.run(mounted(w)).code).toBe(1);

    const first = w.run(mountData(w));
    expect(first.code, first.stderr).toBe(0);
    expect(mkfsCalls(w)).toEqual([`mkfs.xfs ${device}`]);
    expect(uuidLines(w)).toEqual([expect.stringMatching(new RegExp(`^UUID=[0-9a-f-]{36} ${w.vars.MOUNT_POINT} xfs defaults,nofail 0 2$`))]);
    expect(w.calls()).toContain('mount -a');
    expect(w.run(mounted(w))).toMatchObject({ code: 0, stdout: expect.stringContaining('listed once') });

    const second = w.run(mountData(w));
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('already holds an XFS file system: not formatted');
    expect(mkfsCalls(w)).toHaveLength(1);
    expect(uuidLines(w)).toHaveLength(1);
  });

  it('never formats a device that already holds a file system, and mounts that file system', () => {
    const w = world();
    w.addDisk('nvme1n1', 1024 * GIB, { volumeId: VOLUME, fs: { type: 'xfs', uuid: '11111111-2222-3333-4444-555555555555' } });

    const result = w.run(mountData(w));

    expect(result.code, result.stderr).toBe(0);
    expect(mkfsCalls(w)).toEqual([]);
    expect(uuidLines(w)).toEqual([`UUID=11111111-2222-3333-4444-555555555555 ${w.vars.MOUNT_POINT} xfs defaults,nofail 0 2`]);
  });

  it('refuses a device with another file system: no mkfs, no fstab line, exit 1', () => {
    const w = world();
    w.addDisk('nvme1n1', 1024 * GIB, { volumeId: VOLUME, fs: { type: 'ext4', uuid: 'aaaa' } });
    const before = w.fstab();

    const result = w.run(mountData(w));

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('holds a ext4 file system; refusing to format or mount it as XFS');
    expect(mkfsCalls(w)).toEqual([]);
    expect(w.fstab()).toBe(before);
  });

  it('refuses a device with a partition table: no mkfs', () => {
    const w = world();
    w.addDisk('nvme1n1', 1024 * GIB, { volumeId: VOLUME });
    w.addPartition('nvme1n1', 1024 * GIB - 1048576);

    const result = w.run(mountData(w));

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('holds a partition table; refusing to format it');
    expect(mkfsCalls(w)).toEqual([]);
  });

  it('finds the device by the volume id, not by the name nvme1n1', () => {
    const w = world();
    const other = w.addDisk('nvme1n1', 8 * GIB);
    const data = w.addDisk('nvme2n1', 1024 * GIB, { volumeId: VOLUME });

    const result = w.run(mountData(w));

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`data volume ${VOLUME} is ${data}`);
    expect(mkfsCalls(w)).toEqual([`mkfs.xfs ${data}`]);
    expect(w.calls().join('\n')).not.toContain(`mkfs.xfs ${other}`);
  });

  it('never adds a line when fstab already mounts something else at the mount point', () => {
    const w = world();
    w.addDisk('nvme1n1', 1024 * GIB, { volumeId: VOLUME, fs: { type: 'xfs', uuid: 'new-uuid' } });
    w.addDisk('nvme2n1', 64 * GIB, { fs: { type: 'xfs', uuid: 'old-uuid' } });
    const stale = `UUID=old-uuid ${w.vars.MOUNT_POINT} xfs defaults,nofail 0 2`;
    w.run({ name: 'test/append', vars: { FSTAB: w.vars.FSTAB, LINE: stale }, body: 'printf "%s\\n" "$LINE" >> "$FSTAB"' });

    const result = w.run(mountData(w));

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('already mounts UUID=old-uuid');
    expect(uuidLines(w)).toEqual([stale]);
  });

  it("the probe refuses fstab with the source's line twice", () => {
    const w = world();
    w.addDisk('nvme1n1', 1024 * GIB, { volumeId: VOLUME });
    expect(w.run(mountData(w)).code).toBe(0);
    const line = uuidLines(w)[0]!;
    w.run({ name: 'test/append', vars: { FSTAB: w.vars.FSTAB, LINE: line }, body: 'printf "%s\\n" "$LINE" >> "$FSTAB"' });

    const probe = w.run(mounted(w));
    expect(probe.code).toBe(1);
    expect(probe.stdout).toMatch(/has 2 entries for .*, not one for UUID=/);
    const again = w.run(mountData(w));
    expect(again.code).toBe(1);
    expect(uuidLines(w)).toHaveLength(2);
  });
});

describe('grow-filesystem (lamp-ebs-expand)', () => {
  const growVars = (w: World, sizeGiB: number) => ({ ...mountVars(w), SIZE_GIB: sizeGiB });
  const grow = (w: World, size: number) => scriptOf(lampEbsExpand, 'grow-filesystem', 'script', growVars(w, size));
  const fills = (w: World, size: number) => scriptOf(lampEbsExpand, 'grow-filesystem', 'probe', growVars(w, size));
  const dfSize = (w: World, size: number) => scriptOf(lampEbsExpand, 'filesystem-size', 'probe', growVars(w, size));

  it('on the whole device (the source\'s layout): xfs_growfs only, never growpart; then df shows the new size', () => {
    const w = world();
    const device = w.addDisk('nvme1n1', 1024 * GIB, { volumeId: VOLUME, fs: { type: 'xfs', uuid: 'u1' } });
    w.mount(w.vars.MOUNT_POINT, device);
    w.resize('nvme1n1', 2048 * GIB);
    expect(w.run(fills(w, 2048))).toMatchObject({ code: 1, stdout: expect.stringContaining('spans') });
    expect(w.run(dfSize(w, 2048)).code).toBe(1);

    const result = w.run(grow(w, 2048));

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('on the whole device');
    expect(w.calls().filter((c) => c.startsWith('growpart'))).toEqual([]);
    expect(w.calls()).toContain(`xfs_growfs -d ${w.vars.MOUNT_POINT}`);
    expect(w.run(fills(w, 2048)).code).toBe(0);
    expect(w.run(dfSize(w, 2048))).toMatchObject({ code: 0, stdout: expect.stringContaining('with 2048 GiB') });
  });

  it('on a partition: growpart DEVICE 1, then xfs_growfs; NOCHANGE on a second run is not an error', () => {
    const w = world();
    const disk = w.addDisk('nvme1n1', 2048 * GIB, { volumeId: VOLUME });
    const part = w.addPartition('nvme1n1', 1024 * GIB - 1048576, { type: 'xfs', uuid: 'u2' });
    w.mount(w.vars.MOUNT_POINT, part);
    expect(w.run(fills(w, 2048))).toMatchObject({ code: 1, stdout: expect.stringContaining('partition') });

    const result = w.run(grow(w, 2048));
    expect(result.code, result.stderr).toBe(0);
    expect(w.calls()).toContain(`growpart ${disk} 1`);
    expect(result.stdout).toContain('CHANGED: partition=1');
    expect(w.run(fills(w, 2048)).code).toBe(0);

    const again = w.run(grow(w, 2048));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('NOCHANGE');
  });

  it('fails when the kernel does not see the new size, without growing anything', () => {
    const w = world();
    const device = w.addDisk('nvme1n1', 1024 * GIB, { volumeId: VOLUME, fs: { type: 'xfs', uuid: 'u3' } });
    w.mount(w.vars.MOUNT_POINT, device);

    const result = w.run(grow(w, 2048));

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is still smaller than 2048 GiB');
    expect(w.calls().filter((c) => c.startsWith('xfs_growfs') || c.startsWith('growpart'))).toEqual([]);
  });
});
