/** `runbook list`: every runbook a command can name, and where each comes from. */
import { openCatalog, SHIPPED_ORIGIN, type CatalogOptions } from '../catalog.js';
import type { CliIo } from '../io.js';

export async function listCommand(io: CliIo, options: { json?: boolean }, catalog: CatalogOptions): Promise<number> {
  const entries = await openCatalog(catalog);
  const rows = await Promise.all(
    entries.map(async (e) => {
      const def = await e.load();
      return { id: def.id, title: def.title, source: { file: def.source.file, procedure: def.source.procedure, steps: def.source.steps.length }, origin: e.origin };
    }),
  );
  if (options.json) {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.id.length));
  for (const r of rows)
    io.stdout.write(`${r.id.padEnd(width)}  ${r.title}  (${r.source.file}, "${r.source.procedure}", ${r.source.steps} source steps)${r.origin === SHIPPED_ORIGIN ? '' : `  from ${r.origin}`}\n`);
  return 0;
}
