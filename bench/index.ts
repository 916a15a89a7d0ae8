/**
 * `npm run bench`: each figure with its goal, side by side in one run, and the
 * same figures in bench/results/latest.json. A benchmark, not a test: it never
 * fails on a number. Reproduce with `npm ci && npm run bench` on a 2-core machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED, shippedRunbook } from '../runbooks/index.js';
import { awsCliComparison } from './aws-cli.js';
import { countCalls } from './calls.js';
import { medianBy } from './median.js';
import { pathFigures, VARIES } from './critical-path.js';
import { engineOverhead, type OverheadFigures } from './overhead.js';
import { runsListing } from './runs-listing.js';
import { fleetStep, type FleetFigures } from './fleet.js';
import { freshStateDir, prepareAccount, sandboxRun } from './sandbox-run.js';
import { startup } from './startup.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const figures: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
const line = (name: string, value: string, goal: string, met: boolean | undefined) =>
  console.log(`${name.padEnd(56)} ${value.padEnd(44)} goal ${goal}${met === undefined ? '' : met ? '  met' : '  MISSED'}`);
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
const defs = await Promise.all(SHIPPED.map(async (s) => (await s.load()).default));

console.log('1. Parallel wall time (setup included) over the critical path measured one step at a time (medians of 3, 5 or 11 pairs)');
figures.criticalPath = {};
for (const def of defs) {
  const p = await pathFigures(def);
  (figures.criticalPath as Record<string, unknown>)[def.id] = p;
  line(`   ${def.id}`, `${p.ratio.toFixed(3)} (${ms(p.parallelWallMs)} / ${ms(p.criticalPathMs)})`, '<= 1.10', p.ratio <= 1.1);
  const [shortest, longest] = p.range.criticalPathMs;
  // A runbook whose own work varies this much from run to run (a new RSA key) gets a figure that varies with it.
  if (longest / shortest > VARIES)
    line(`   ${def.id}: its own work varies`, `${p.pairs} pairs: critical path ${ms(shortest)} to ${ms(longest)}, wall ${ms(p.range.parallelWallMs[0])} to ${ms(p.range.parallelWallMs[1])}`, 'information', undefined);
  line(`   ${def.id}: one after another / side by side`, `${p.speedup.toFixed(2)}x (${ms(p.serialWallMs)})`, 'information', undefined);
}

console.log('2. Engine overhead per step (generated steps, state saved after every phase)');
await engineOverhead(200); // warm up: JIT and module loads are not a per-step cost
// A run's own fixed cost (its lock, the caller-identity check, the first and last save), from one-step runs:
// the cost of a step is what each one adds beyond it.
const oneStepRuns: OverheadFigures[] = [];
for (let rep = 0; rep < 5; rep++) oneStepRuns.push(await engineOverhead(1));
const fixed = medianBy(oneStepRuns, (f) => f.totalMs);
line('   a one-step run (the run\'s fixed cost), median of 5', ms(fixed.totalMs), 'information', undefined);
const bySize: OverheadFigures[] = [];
const marginal: number[] = [];
for (const n of [100, 1000, 10_000]) {
  // The median of three: a run of 100 steps lasts a tenth of a second, where one slow fsync shows.
  const o = medianBy([await engineOverhead(n), await engineOverhead(n), await engineOverhead(n)], (f) => f.msPerStep);
  bySize.push(o);
  marginal.push((o.totalMs - fixed.totalMs) / (n - 1));
  line(
    `   ${n} steps: per step beyond the fixed cost (all in; state)`,
    `${ms(marginal.at(-1)!)} (${ms(o.msPerStep)}; ${ms(o.stateMsPerStep)}, ${o.stateWrites} writes)`,
    n === 10_000 ? '< 2 ms' : 'flat',
    n === 10_000 ? o.msPerStep < 2 : undefined,
  );
}
const spread = Math.max(...marginal) / Math.min(...marginal);
const spreadAllIn = Math.max(...bySize.map((o) => o.msPerStep)) / Math.min(...bySize.map((o) => o.msPerStep));
line('   largest / smallest per-step cost, 100 to 10,000 steps', `${spread.toFixed(2)}x (all in: ${spreadAllIn.toFixed(2)}x)`, '<= 1.3x', spread <= 1.3);
// Each of 0, 10 and 100 calls a step five times, interleaved, and the median of each: one slow fsync does not decide the figure.
const callRuns: Record<number, OverheadFigures[]> = { 0: [], 10: [], 100: [] };
for (let rep = 0; rep < 5; rep++) for (const c of [0, 10, 100]) callRuns[c]!.push(await engineOverhead(200, c));
const byCalls = [0, 10, 100].map((c) => medianBy(callRuns[c]!, (f) => f.stateMsPerStep));
for (const o of byCalls) {
  const c = o.callsPerStep;
  const perCall = c === 0 ? '' : `, ${((o.stateMsPerStep - byCalls[0]!.stateMsPerStep) / c).toFixed(3)} ms and ${Math.round((o.stateBytes - byCalls[0]!.stateBytes) / (200 * c))} B a call`;
  line(`   200 steps, ${c} calls each: state per step (median of 5)`, `${ms(o.stateMsPerStep)}${perCall}`, c === 0 ? 'baseline' : 'linear in calls', undefined);
}
const perCallCost = byCalls.slice(1).map((o, i) => (o.stateMsPerStep - byCalls[0]!.stateMsPerStep) / [10, 100][i]!);
const callSpread = Math.max(...perCallCost) / Math.min(...perCallCost);
line('   state cost per recorded call, 10 vs 100 calls a step', `${callSpread.toFixed(2)}x`, 'flat (<= 1.3x)', callSpread <= 1.3);
const perCallBytes = byCalls.slice(1).map((o, i) => (o.stateBytes - byCalls[0]!.stateBytes) / (200 * [10, 100][i]!));
const bytesSpread = Math.max(...perCallBytes) / Math.min(...perCallBytes);
line('   state file bytes per recorded call, 10 vs 100 calls a step', `${bytesSpread.toFixed(2)}x`, 'flat (<= 1.3x)', bytesSpread <= 1.3);
figures.overhead = { fixedMs: fixed.totalMs, bySize, marginal, spread, spreadAllIn, byCalls, callSpread, bytesSpread };

console.log('3. Start-up (whole processes, median of 11, against node -e 0)');
const s = startup([
  { name: '--version', args: ['--version'] },
  { name: 'list', args: ['list'] },
  { name: 'show lamp-swarm-node', args: ['show', 'lamp-swarm-node'] },
]);
line('   node -e 0', ms(s.nodeMs), 'baseline', undefined);
const goals: Record<string, number> = { '--version': 1.5, list: 2.5, 'show lamp-swarm-node': 2.5 };
for (const c of s.commands) line(`   runbook ${c.name}`, `${ms(c.ms)} (${c.ratio.toFixed(2)}x)`, `<= ${goals[c.name]}x`, c.ratio <= goals[c.name]!);
figures.startup = s;

console.log('4. AWS SDK client packages a dry-run loads (its own process)');
{
  const def = await shippedRunbook('lamp-ebs-expand');
  const dir = freshStateDir();
  await prepareAccount(def, dir);
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'loaded-clients.ts'), dir, def.id], { encoding: 'utf8' });
  const loaded = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { clients?: string[]; exitCode?: number };
  const clients = loaded.clients ?? [];
  line('   lamp-ebs-expand --dry-run in the sandbox', clients.join(', ') || `(failed: ${child.stderr.slice(0, 80)})`, 'ec2, sts', clients.join(',') === 'ec2,sts');
  figures.loadedClients = { runbook: def.id, clients };
}

console.log('5. AWS calls per runbook (first run / second run / dry-run)');
figures.calls = {};
for (const def of defs) {
  const dir = freshStateDir();
  await prepareAccount(def, dir);
  const given = def.rehearsal?.params ?? {};
  const first = countCalls((await sandboxRun(def, dir, { given })).state);
  const second = countCalls((await sandboxRun(def, dir, { given })).state);
  const dryDir = freshStateDir();
  await prepareAccount(def, dryDir);
  const dry = countCalls((await sandboxRun(def, dryDir, { given, dryRun: true })).state);
  (figures.calls as Record<string, unknown>)[def.id] = { first, second, dry };
  line(`   ${def.id}: first run`, `${first.total} calls, ${first.writes} writes, ${first.sessions ? `${first.sessions} session calls, ` : ''}${first.reads} reads, ${first.probes} probes`, 'information', undefined);
  const sessions = second.sessions ? ` (and ${second.sessions} session calls: it opens a session on every run)` : '';
  line(`   ${def.id}: second run, writes`, `${second.writes}${sessions}`, '0', second.writes === 0);
  line(`   ${def.id}: dry-run, writes`, `${dry.writes} (${dry.total} calls)`, '0', dry.writes === 0);
}

console.log('6. runbook runs with 1,000 saved runs against 1');
const listing = await runsListing();
line('   1,000 runs / 1 run', `${listing.ratio.toFixed(2)}x (${ms(listing.thousandMs)} / ${ms(listing.oneMs)})`, '<= 1.5x', listing.ratio <= 1.5);
figures.runsListing = listing;

console.log('7. A dry-run against moto, against the same reads as a sequential AWS CLI script');
const cli = await awsCliComparison();
if ('skipped' in cli) console.log(`   skipped: ${cli.skipped}`);
else line(`   lamp-swarm-node dry-run / aws script (${cli.reads} reads)`, `${cli.ratio.toFixed(2)}x (${ms(cli.runbookMs)} / ${ms(cli.cliMs)})`, 'information', undefined);
figures.awsCli = cli;

console.log('8. One ssm.script by tag on a fleet of simulated instances (probe, script, probe again; 30 s on each host)');
await fleetStep(1); // warm up
const fleets: FleetFigures[] = [];
// Interleaved, three of each, and the median of each size: one slow run does not decide the figure.
const fleetRuns: Record<number, FleetFigures[]> = { 1: [], 10: [], 50: [] };
for (let rep = 0; rep < 3; rep++) for (const n of [1, 10, 50]) fleetRuns[n]!.push(await fleetStep(n));
for (const n of [1, 10, 50]) {
  const f = medianBy(fleetRuns[n]!, (r) => r.stepMs);
  fleets.push(f);
  line(`   ${n} instance${n === 1 ? '' : 's'}: step wall time, median of 3`, `${ms(f.stepMs)} (${f.commands} SSM commands)`, n === 1 ? 'baseline' : 'flat', undefined);
}
const fleetRatio = fleets.at(-1)!.stepMs / fleets[0]!.stepMs;
line('   50 instances / 1 instance', `${fleetRatio.toFixed(2)}x`, '<= 1.3x', fleetRatio <= 1.3);
figures.fleet = { bySize: fleets, ratio: fleetRatio };

const out = join(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'latest.json'), `${JSON.stringify(figures, null, 2)}\n`);
console.log(`Figures written to ${join('bench', 'results', 'latest.json')}.`);
