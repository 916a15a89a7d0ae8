/**
 * Figure 3: start-up as whole processes, against `node -e 0` on the same
 * machine in the same run (interleaved, median of several runs each).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

function timeOnce(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface StartupFigures {
  nodeMs: number;
  versionMs: number;
  listMs: number;
  versionRatio: number;
  listRatio: number;
}

export function startup(rounds = 15): StartupFigures {
  const bin = join(ROOT, 'bin/runbook.js');
  if (!existsSync(join(ROOT, 'dist/src/cli/main.js'))) throw new Error('dist/ is missing: run "npm run build" (npm ci does it).');
  const node: number[] = [];
  const version: number[] = [];
  const list: number[] = [];
  timeOnce([bin, 'list']); // warm the file cache
  for (let i = 0; i < rounds; i++) {
    node.push(timeOnce(['-e', '0']));
    version.push(timeOnce([bin, '--version']));
    list.push(timeOnce([bin, 'list']));
  }
  const [n, v, l] = [median(node), median(version), median(list)];
  return { nodeMs: n, versionMs: v, listMs: l, versionRatio: v / n, listRatio: l / n };
}
