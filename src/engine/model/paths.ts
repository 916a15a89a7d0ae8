/**
 * Where a runbook's own files are. A runbook's templates and scripts live
 * beside its source; when the package runs from its compiled `dist/`, they
 * are still read from the source folder, which the package ships.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding this package's package.json. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`No package.json above ${from}.`);
    dir = up;
  }
  return dir;
}

/** A runbook's folder from its module's `import.meta.url`: `runbookDir(import.meta.url)`. */
export function runbookDir(moduleUrl: string): string {
  const dir = dirname(fileURLToPath(moduleUrl));
  const root = packageRoot();
  // dist/runbooks/x -> runbooks/x; a runbook outside this package is its own folder.
  const inDist = relative(join(root, 'dist'), dir);
  return inDist.startsWith('..') || isAbsolute(inDist) ? dir : join(root, inDist);
}

/** A text file of the runbook's folder (a unit file, instructions, a config template). */
export function template(dir: string, name: string): string {
  return readFileSync(join(dir, name), 'utf8');
}
