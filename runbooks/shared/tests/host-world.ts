/**
 * A fake Linux host for running the lamp runbooks' real bash scripts: block
 * devices are files under <world>/dev, and stub commands (blkid, mkfs.xfs,
 * findmnt, mount, lsblk, growpart, xfs_growfs, xfs_info, df) keep their state
 * in <world>/state and log every call, so a test can prove what the script
 * did and never did. Coreutils, awk and grep are the real ones.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderScript, type ShellScript } from '../../../src/aws/shell.js';

export const GIB = 1024 ** 3;

/** Each stub: `log` records the call; state files are `<world>/state/<kind>/<device name>`. */
const STUBS: Record<string, string> = {
  blkid: `
    dev=$(basename "\${@: -1}"); field="$4"
    if [ "$field" = PTTYPE ]; then grep -qx "$dev" "$W"/state/parent/* 2>/dev/null && echo gpt && exit 0; exit 2; fi
    [ -f "$W/state/fs/$dev" ] || exit 2
    read -r type uuid < "$W/state/fs/$dev"
    [ "$field" = TYPE ] && echo "$type" || echo "$uuid"`,
  'mkfs.xfs': `
    dev=$(basename "$1")
    if [ -f "$W/state/fs/$dev" ]; then echo "mkfs.xfs: $1 appears to contain an existing filesystem ($(cut -d' ' -f1 "$W/state/fs/$dev")). Use -f to force overwrite." >&2; exit 1; fi
    echo "xfs $(cat /proc/sys/kernel/random/uuid)" > "$W/state/fs/$dev"
    echo $(( $(cat "$W/state/size/$dev") / 4096 )) > "$W/state/blocks/$dev"
    echo "meta-data=$1 isize=512"`,
  findmnt: `
    cols=SOURCE; mp=""
    while [ $# -gt 0 ]; do case "$1" in -o) cols="$2"; shift ;; -M) mp="$2"; shift ;; -n) ;; *) mp="$1" ;; esac; shift; done
    line=$(awk -v mp="$mp" '$1 == mp' "$W/state/mounts")
    [ -n "$line" ] || exit 1
    src=$(echo "$line" | cut -d' ' -f2)
    out=""; for c in \${cols//,/ }; do case "$c" in SOURCE) v="$src" ;; FSTYPE) v=xfs ;; SIZE) v="$(( $(cat "$W/state/size/$(basename "$src")") / 1073741824 ))G" ;; esac; out="$out$v "; done
    echo "\${out% }"`,
  mount: `
    [ "$1" = -a ] || exit 1
    awk '$1 ~ /^UUID=/ { print substr($1, 6), $2, $4 }' "$FSTAB_PATH" | while read -r uuid mp opts; do
      awk -v mp="$mp" '$1 == mp' "$W/state/mounts" | grep -q . && continue
      dev=$(grep -l " $uuid\\$" "$W"/state/fs/* 2>/dev/null | head -n 1)
      if [ -z "$dev" ]; then case "$opts" in *nofail*) continue ;; esac; echo "mount: $mp: can't find UUID=$uuid." >&2; exit 32; fi
      echo "$mp $W/dev/$(basename "$dev")" >> "$W/state/mounts"
    done`,
  lsblk: `
    dev=$(basename "\${@: -1}")
    case "$*" in
      *PKNAME*) cat "$W/state/parent/$dev" 2>/dev/null || true ;;
      *-bdno\\ SIZE*) cat "$W/state/size/$dev" ;;
      *) echo "NAME SIZE"; echo "$dev $(( $(cat "$W/state/size/$dev" 2>/dev/null || echo 0) / 1073741824 ))G" ;;
    esac`,
  xfs_info: `
    src=$(awk -v mp="$1" '$1 == mp { print $2 }' "$W/state/mounts")
    echo "meta-data=$src isize=512 agcount=4"
    echo "data     =                       bsize=4096   blocks=$(cat "$W/state/blocks/$(basename "$src")"), imaxpct=5"`,
  growpart: `
    part="$(basename "$1")p$2"; disk=$(cat "$W/state/size/$(basename "$1")"); size=$(cat "$W/state/size/$part")
    if [ $((disk - size)) -le 1048576 ]; then echo "NOCHANGE: partition $2 is size $size. it cannot be grown"; exit 1; fi
    echo $((disk - 1048576)) > "$W/state/size/$part"; echo "CHANGED: partition=$2 start=2048 old: size=$size new: size=$((disk - 1048576))"`,
  xfs_growfs: `
    src=$(awk -v mp="\${@: -1}" '$1 == mp { print $2 }' "$W/state/mounts"); dev=$(basename "$src")
    echo $(( $(cat "$W/state/size/$dev") / 4096 )) > "$W/state/blocks/$dev"`,
  df: `
    src=$(awk -v mp="\${@: -1}" '$1 == mp { print $2 }' "$W/state/mounts"); dev=$(basename "$src")
    bytes=$(( $(cat "$W/state/blocks/$dev") * 4096 - 536870912 ))
    case "$*" in *--output=size*) echo "1B-blocks"; echo "$bytes" ;; *) echo "Filesystem Size Mounted on"; echo "$src $((bytes / 1073741824))G \${@: -1}" ;; esac`,
  sleep: 'true',
};

export interface World {
  dir: string;
  /** Paths the scripts get as variables. */
  vars: { DISK_BY_ID: string; FSTAB: string; MOUNT_POINT: string };
  addDisk(name: string, bytes: number, opts?: { volumeId?: string; fs?: { type: string; uuid: string } }): string;
  addPartition(disk: string, bytes: number, fs?: { type: string; uuid: string }): string;
  resize(name: string, bytes: number): void;
  mount(mountPoint: string, device: string): void;
  fstab(): string;
  /** Every stub call, e.g. `mkfs.xfs /tmp/.../dev/nvme1n1`. */
  calls(): string[];
  run(script: ShellScript): { code: number; stdout: string; stderr: string };
}

export function world(): World {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lamp-host-')));
  for (const d of ['bin', 'dev/disk/by-id', 'etc', 'data', 'state/fs', 'state/size', 'state/blocks', 'state/parent']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'state/mounts'), '/ /dev/nvme0n1p1\n');
  writeFileSync(join(dir, 'log'), '');
  writeFileSync(join(dir, 'etc/fstab'), 'UUID=0a0a0a0a-root /  xfs  defaults,noatime  1 1\n');
  for (const [name, body] of Object.entries(STUBS)) {
    const path = join(dir, 'bin', name);
    writeFileSync(path, `#!/bin/bash\necho "${name} $*" >> "$W/log"\n${body}\n`);
    chmodSync(path, 0o755);
  }
  const write = (kind: string, name: string, value: string) => writeFileSync(join(dir, 'state', kind, name), `${value}\n`);
  const setFs = (name: string, fs: { type: string; uuid: string }, bytes: number) => {
    write('fs', name, `${fs.type} ${fs.uuid}`);
    write('blocks', name, String(Math.floor(bytes / 4096)));
  };
  const vars = { DISK_BY_ID: join(dir, 'dev/disk/by-id'), FSTAB: join(dir, 'etc/fstab'), MOUNT_POINT: join(dir, 'data') };
  return {
    dir,
    vars,
    addDisk(name, bytes, opts = {}) {
      writeFileSync(join(dir, 'dev', name), '');
      write('size', name, String(bytes));
      if (opts.volumeId) symlinkSync(join('..', '..', name), join(dir, 'dev/disk/by-id', `nvme-Amazon_Elastic_Block_Store_${opts.volumeId.replace('-', '')}`));
      if (opts.fs) setFs(name, opts.fs, bytes);
      return join(dir, 'dev', name);
    },
    addPartition(disk, bytes, fs) {
      const name = `${disk}p1`;
      writeFileSync(join(dir, 'dev', name), '');
      write('size', name, String(bytes));
      write('parent', name, disk);
      if (fs) setFs(name, fs, bytes);
      return join(dir, 'dev', name);
    },
    resize: (name, bytes) => write('size', name, String(bytes)),
    mount: (mountPoint, device) => writeFileSync(join(dir, 'state/mounts'), `${mountPoint} ${device}\n`, { flag: 'a' }),
    fstab: () => readFileSync(vars.FSTAB, 'utf8'),
    calls: () => readFileSync(join(dir, 'log'), 'utf8').split('\n').filter(Boolean),
    run(script) {
      const file = join(dir, 'script.sh');
      writeFileSync(file, renderScript(script));
      const r = spawnSync('bash', [file], { env: { PATH: `${join(dir, 'bin')}:/usr/bin:/bin`, W: dir, FSTAB_PATH: vars.FSTAB }, encoding: 'utf8' });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
  };
}
