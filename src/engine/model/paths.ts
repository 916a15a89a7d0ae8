/**
 * Where the package's own files are, whether running from source (tests) or
 * from the compiled `dist/` (the installed CLI): templates live beside each
 * runbook's source, never in `dist/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`No package.json above ${from}.`);
    dir = up;
  }
  return dir;
}

/** The source folder of a module: `dist/runbooks/x/index.js` -> `runbooks/x`. */
export function sourceDirOf(moduleUrl: string): string {
  const file = fileURLToPath(moduleUrl);
  const root = packageRoot(file);
  const rel = relative(root, dirname(file)).split(sep);
  return join(root, ...(rel[0] === 'dist' ? rel.slice(1) : rel));
}

export function readTemplate(dir: string, name: string): string {
  return readFileSync(join(dir, name), 'utf8');
}
