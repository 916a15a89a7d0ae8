/**
 * `npm run bench`: the engine against its critical path, its own cost per
 * step, start-up, and AWS calls. Prints one line per figure with its goal and
 * writes the same figures to bench/results/latest.json. A benchmark, not a
 * test: it never fails on a number.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED, shippedRunbook } from '../runbooks/index.js';
import { countCalls, environmentLaunch, instanceWaiter } from './calls.js';
import { pathFigures } from './critical-path.js';
import { engineOverhead } from './overhead.js';
import { freshStateDir, sandboxRun } from './sandbox-run.js';
import { startup } from './startup.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const figures: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
const line = (name: string, value: string, goal: string, met: boolean | undefined) =>
  console.log(`${name.padEnd(52)} ${value.padEnd(34)} goal ${goal}${met === undefined ? '' : met ? '  met' : '  MISSED'}`);
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;

console.log('1. Critical path (sandbox, default parameters)');
for (const entry of SHIPPED) {
  const def = (await entry.load()).default;
  const rehearsal = def.rehearsal;
  if (!rehearsal) throw new Error(`Runbook ${entry.id} has no rehearsal.`);
  const given = rehearsal.params;
  const dir = freshStateDir();
  for (const b of rehearsal.before ?? []) {
    const made = await sandboxRun(await shippedRunbook(b.runbook), dir, { given: b.params });
    if (made.exitCode !== 0) throw new Error(`${b.runbook} (before ${entry.id}): ${made.message}`);
  }
  const first = await sandboxRun(def, dir, { given });
  if (first.exitCode !== 0) throw new Error(`${entry.id}: ${first.message}`);
  const p = pathFigures(def, first.state);
  line(`   ${entry.id}: wall / critical path`, `${p.ratio.toFixed(3)} (${ms(p.wallMs)} / ${ms(p.criticalPathMs)})`, '<= 1.10', p.ratio <= 1.1);
  line(`   ${entry.id}: one-after-another executor`, `${ms(p.sequentialMs)} (${(p.sequentialMs / p.wallMs).toFixed(2)}x the wall time)`, 'information', undefined);

  const second = await sandboxRun(def, dir, { given });
  const dryDir = freshStateDir();
  for (const b of rehearsal.before ?? []) await sandboxRun(await shippedRunbook(b.runbook), dryDir, { given: b.params });
  const dry = await sandboxRun(def, dryDir, { given, dryRun: true });
  const [c1, c2, cd] = [countCalls(first.state), countCalls(second.state), countCalls(dry.state)];
  const waiter = instanceWaiter(first.state);
  const launch = environmentLaunch(first.state);
  figures[entry.id] = { path: p, calls: { first: c1, second: c2, dryRun: cd }, waiter, environmentLaunch: launch };
}

console.log('2. Engine overhead (generated runbooks, no latency, state saved after every phase)');
const overhead = [];
for (const n of [100, 500, 2000]) {
  const o = await engineOverhead(n);
  overhead.push(o);
  line(`   ${n} steps: per step (state share)`, `${ms(o.msPerStep)} (${ms(o.stateMsPerStep)}, ${o.stateWrites} writes)`, n === 500 ? '< 2 ms' : 'flat', n === 500 ? o.msPerStep < 2 : undefined);
}
figures.overhead = overhead;

console.log('3. Start-up (whole processes, median of 15)');
const s = startup();
line('   node -e 0', ms(s.nodeMs), 'baseline', undefined);
line('   runbook --version', `${ms(s.versionMs)} (${s.versionRatio.toFixed(2)}x)`, '<= 1.5x', s.versionRatio <= 1.5);
line('   runbook list', `${ms(s.listMs)} (${s.listRatio.toFixed(2)}x)`, '<= 2.5x', s.listRatio <= 2.5);
figures.startup = s;

console.log('4. AWS calls per runbook (first run / second run / dry-run)');
for (const entry of SHIPPED) {
  const f = figures[entry.id] as { calls: Record<string, ReturnType<typeof countCalls>>; waiter?: ReturnType<typeof instanceWaiter> };
  const { first, second, dryRun } = f.calls as { first: ReturnType<typeof countCalls>; second: ReturnType<typeof countCalls>; dryRun: ReturnType<typeof countCalls> };
  line(`   ${entry.id}: first run`, `${first.total} calls, ${first.writes} writes, ${first.reads} reads, ${first.probes} probes`, 'information', undefined);
  line(`   ${entry.id}: second run, writes`, `${second.writes}`, '0', second.writes === 0);
  line(`   ${entry.id}: second run, most reads in one step`, `${second.maxReadsPerStep} (${second.maxReadsStep})`, '<= 1', second.maxReadsPerStep <= 1);
  line(`   ${entry.id}: dry-run, writes`, `${dryRun.writes} (${dryRun.total} calls)`, '0', dryRun.writes === 0);
  const launch = (f as { environmentLaunch?: ReturnType<typeof environmentLaunch> }).environmentLaunch;
  if (launch) line(`   ${entry.id}: environment launch, calls while waiting`, `${launch.calls} over ${launch.simulatedMinutes.toFixed(1)} simulated min`, 'few (backoff)', undefined);
  if (f.waiter)
    line(`   ${entry.id}: ${f.waiter.step} noticed ready after`, `${ms(f.waiter.lagMs)} (poll interval ${ms(f.waiter.intervalMs)}, ${f.waiter.polls} polls)`, '<= interval', f.waiter.lagMs <= f.waiter.intervalMs);
}

const out = join(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'latest.json'), `${JSON.stringify(figures, null, 2)}\n`);
console.log(`Figures written to ${join('bench', 'results', 'latest.json')}.`);
