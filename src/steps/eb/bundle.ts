/**
 * Application bundles for Elastic Beanstalk. Reproducible: the same files give
 * the same bytes (sorted entries, fixed timestamps, fixed modes), so the
 * version label can be derived from the content and a re-run finds it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { zipSync, type Zippable } from 'fflate';

const SKIP = new Set(['.git', 'node_modules', '.runbook']);

/** Every file under `dir`, as bundle paths (forward slashes) in sorted order. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (SKIP.has(name)) continue;
      const full = join(d, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile()) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** Zip files given as path -> content, reproducibly. */
export function zipFiles(files: Record<string, Uint8Array | string>): Uint8Array {
  // Zip stores local time (fflate reads a Date's local fields): local midnight, built now, gives the same bytes in every time zone.
  const mtime = new Date(1980, 0, 1);
  const entries: Zippable = {};
  for (const path of Object.keys(files).sort()) {
    const content = files[path]!;
    const data = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    // Executable hooks keep their mode; everything else is 0644.
    const mode = path.includes('/hooks/') || path.endsWith('.sh') ? 0o755 : 0o644;
    entries[path] = [data, { mtime, os: 3, attrs: (0o100000 | mode) << 16, level: 6 }];
  }
  return zipSync(entries);
}

export function bundleFolder(dir: string): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const path of listFiles(dir)) files[path] = readFileSync(join(dir, ...path.split('/')));
  return zipFiles(files);
}

export function contentLabel(prefix: string, bundle: Uint8Array): string {
  return `${prefix}-${createHash('sha256').update(bundle).digest('hex').slice(0, 12)}`;
}
