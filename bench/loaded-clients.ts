/**
 * Figure 4: which AWS SDK client packages a run loads. Run as its own process
 * (`tsx bench/loaded-clients.ts <state-dir> <runbook>`), so nothing loaded by
 * an earlier run in the benchmark's process counts: it dry-runs the runbook's
 * rehearsal against the sandbox account in <state-dir> and prints the
 * packages as JSON.
 */
import { shippedRunbook } from '../runbooks/index.js';
import { loadedClients } from '../src/aws/client-registry.js';
import { sandboxRun } from './sandbox-run.js';

const [stateDir, id] = process.argv.slice(2);
if (stateDir && id) {
  const def = await shippedRunbook(id);
  const run = await sandboxRun(def, stateDir, { given: def.rehearsal?.params ?? {}, dryRun: true });
  process.stdout.write(`${JSON.stringify({ exitCode: run.exitCode, clients: loadedClients() })}\n`);
}
