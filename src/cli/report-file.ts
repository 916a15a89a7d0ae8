/** Report files at paths the operator names: checked before a run, written without hiding its result. */
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../core/errors.js';
import { writeFileAtomic } from '../io/files.js';

export function checkReportPath(flag: string, path: string): void {
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${flag} ${path}: the folder ${folder} does not exist.`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`${flag} ${path}: that is a folder, not a file.`);
}

/** Write a report; a failure is one sentence (returned), never an exception over the run's outcome. */
export function writeReportFile(path: string, text: string): string | undefined {
  try {
    writeFileAtomic(path, text, 0o600);
    return undefined;
  } catch (err) {
    return `Could not write the report ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`;
  }
}
