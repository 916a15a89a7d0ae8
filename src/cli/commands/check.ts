/** `runbook check <runbook>`: every problem of a definition at once; exit 2 when there is one. */
import { checkRunbook } from '../../authoring/check.js';
import { ExitCode } from '../../core/errors.js';
import { findRunbook, type CatalogOptions } from '../catalog.js';
import type { CliIo } from '../io.js';

export async function checkCommand(io: CliIo, name: string, options: { json?: boolean }, catalog: CatalogOptions): Promise<number> {
  const { def, origin } = await findRunbook(name, catalog);
  const report = await checkRunbook(def);
  if (options.json) io.stdout.write(`${JSON.stringify({ runbook: def.id, origin, ...report }, null, 2)}\n`);
  else if (report.problems.length === 0)
    io.stdout.write(`Runbook ${def.id} is sound: ${report.steps} steps, ${report.sourceSteps} source steps each covered or decided, ${report.scripts} host scripts each simulated or declared unsimulated.\n`);
  else io.stderr.write(`Runbook ${def.id} has ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}:\n${report.problems.map((p) => `  - ${p}`).join('\n')}\n`);
  return report.problems.length ? ExitCode.BadInput : ExitCode.Done;
}
