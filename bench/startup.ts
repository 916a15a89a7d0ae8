/**
 * Figure 3: start-up as whole processes, against `node -e 0` on the same
 * machine in the same run (interleaved, median of several runs each).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './median.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/runbook.js');

export function timeOnce(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return performance.now() - t;
}

export interface StartupFigures {
  nodeMs: number;
  commands: { name: string; ms: number; ratio: number }[];
}

/** Each command timed against `node -e 0`, interleaved so both see the same machine. */
export function startup(commands: { name: string; args: string[] }[], rounds = 11): StartupFigures {
  if (!existsSync(join(ROOT, 'dist/src/cli/main.js'))) throw new Error('dist/ is missing: run "npm run build" (npm ci does it).');
  const node: number[] = [];
  const times = commands.map(() => [] as number[]);
  for (const c of commands) timeOnce([BIN, ...c.args]); // warm the file cache
  for (let i = 0; i < rounds; i++) {
    node.push(timeOnce(['-e', '0']));
    commands.forEach((c, j) => times[j]!.push(timeOnce([BIN, ...c.args])));
  }
  const n = median(node);
  return { nodeMs: n, commands: commands.map((c, j) => ({ name: c.name, ms: median(times[j]!), ratio: median(times[j]!) / n })) };
}
