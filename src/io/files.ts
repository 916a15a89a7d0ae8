/**
 * Files that must survive a crash and stay private: run state, the sandbox
 * account, key material.
 */
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { dirname, join, resolve } from 'node:path';

/**
 * Create `dir` owner-only, one missing folder at a time (Node's recursive mkdir
 * spins forever under /proc), and prove it writable. A folder that already
 * exists keeps its mode: it may be the operator's own. Every failure is one
 * sentence (exit 2).
 */
export function ensurePrivateDir(dir: string): void {
  const full = resolve(dir);
  if (existsSync(full)) {
    if (!statSync(full).isDirectory()) throw new UsageError(`${dir} is not a folder.`);
  } else {
    const missing: string[] = [];
    for (let d = full; !existsSync(d); d = dirname(d)) missing.unshift(d);
    for (const d of missing) {
      try {
        mkdirSync(d, { mode: 0o700 });
        chmodSync(d, 0o700);
      } catch (err) {
        throw new UsageError(`${dir} cannot be created (${(err as NodeJS.ErrnoException).code ?? 'error'} at ${d}).`);
      }
    }
  }
  const probe = join(full, `.runbook-write-test-${process.pid}`);
  try {
    closeSync(openSync(probe, 'w', 0o600));
    rmSync(probe, { force: true });
  } catch (err) {
    throw new UsageError(`${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

/**
 * Write a file so that readers see the old or the new content, never a mix:
 * temporary file, fsync, rename, fsync of the folder.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  replaceVia(path, data, mode, true);
}

/**
 * The same without waiting for the disk (no fsync of the file or the folder):
 * for a file that can be rebuilt from others, whose loss in a power cut costs
 * nothing.
 */
export function replaceFile(path: string, data: string, mode = 0o600): void {
  replaceVia(path, data, mode, false);
}

function replaceVia(path: string, data: string | Uint8Array, mode: number, flush: boolean): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', mode);
  try {
    try {
      if (typeof data === 'string') writeSync(fd, data);
      else writeSync(fd, data);
      if (flush) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  if (!flush) return;
  const dirFd = openSync(dirname(path), 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}
