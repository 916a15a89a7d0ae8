/** `runbook new <id> --source PROCEDURE.md`: a runbook folder scaffolded from a procedure document. */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { RUNBOOK_ID, scaffold } from '../../authoring/scaffold/scaffold.js';
import { UsageError } from '../../core/errors.js';
import { writeFileAtomic } from '../../io/files.js';
import type { CliIo } from '../io.js';

const MAX_SOURCE_BYTES = 1024 * 1024;

export async function newCommand(io: CliIo, id: string, options: { source: string; dir?: string; title?: string }): Promise<number> {
  if (!RUNBOOK_ID.test(id)) throw new UsageError(`Runbook id ${id}: expected lower-case letters, digits and single dashes, starting with a letter (such as restore-database).`);
  const sourcePath = resolve(io.cwd, options.source);
  if (!existsSync(sourcePath) || !statSync(sourcePath).isFile()) throw new UsageError(`--source ${options.source}: no such file.`);
  if (statSync(sourcePath).size > MAX_SOURCE_BYTES) throw new UsageError(`--source ${options.source}: larger than 1 MiB; a procedure document is smaller.`);
  const dir = resolve(io.cwd, options.dir ?? id);
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) throw new UsageError(`${relative(io.cwd, dir) || dir} already exists and is not an empty folder; choose another --dir.`);
  let made;
  try {
    made = scaffold({ id, source: { text: readFileSync(sourcePath, 'utf8'), file: sourcePath }, ...(options.title ? { title: options.title } : {}) });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(made.files)) writeFileAtomic(join(dir, name), text, 0o644);
  const shown = relative(io.cwd, dir) || '.';
  io.stdout.write(
    [
      `Created ${shown}/ with ${made.steps.length} manual steps, one per numbered step of ${options.source}:`,
      ...made.steps.slice(0, 8).map((s) => `  ${s.label.padEnd(6)} ${s.title}`),
      ...(made.steps.length > 8 ? [`  ... and ${made.steps.length - 8} more`] : []),
      '',
      `  runbook run ./${shown}        the guided checklist, with saved state and resume`,
      `  runbook check ./${shown}      every source step covered or decided`,
      'Then automate one step at a time (docs/authoring.md).',
      '',
    ].join('\n'),
  );
  return 0;
}
