import type { CliIo } from '../io.js';
import { RUNBOOKS } from '../catalog.js';

export function listCommand(io: CliIo, options: { json?: boolean }): number {
  if (options.json) {
    io.stdout.write(`${JSON.stringify(RUNBOOKS.map(({ id, title, source }) => ({ id, title, source })), null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...RUNBOOKS.map((r) => r.id.length));
  for (const r of RUNBOOKS) io.stdout.write(`${r.id.padEnd(width)}  ${r.title}  (${r.source.file}, "${r.source.procedure}", steps ${r.source.steps})\n`);
  return 0;
}
