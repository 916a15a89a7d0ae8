/**
 * Runbooks a team writes: loaded from a folder, a file, --runbooks and
 * RUNBOOK_PATH; an id clash and a file that does not compile refused with one
 * sentence; `runbook new` on each numbering style; `runbook check` listing
 * every problem at once.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderScript } from '../../src/aws/shell.js';
import type { RunbookDefinition } from '../../src/engine/model/runbook.js';
import { scriptsOfSteps } from '../../src/engine/model/scripts.js';
import { instantiateSteps } from '../../src/engine/plan/planner.js';
import { simulationOf } from '../../src/sandbox/host/load.js';
import { newHost } from '../../src/sandbox/host/model.js';
import { runOnHost } from '../../src/sandbox/host/scripts.js';
import { readState, runCli, runIdOf, tempStateDir } from '../helpers/cli.js';

/** A runbook folder with this index.ts (and a README, as `check` wants one). */
function runbookFolder(parent: string, name: string, index: string, files: Record<string, string> = {}): string {
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(join(dir, 'index.ts'), index);
  writeFileSync(join(dir, 'README.md'), `# ${name}\n`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

const twoStepRunbook = (id: string) => `
import { defineRunbook, ec2, manual, runbookDir } from 'runbook';
export default defineRunbook({
  id: '${id}',
  title: 'Two steps of ${id}',
  summary: 'A test runbook.',
  source: { file: 'procedure.md', procedure: '${id}', steps: ['1', '2'] },
  dir: runbookDir(import.meta.url),
  params: {},
  rehearsal: { params: {}, acks: ['sign-off'] },
  steps: () => {
    const net = ec2.network('network', { covers: '1' });
    const sign = manual('sign-off', { covers: '2', after: [net], instructions: 'Sign it off.' });
    return [net, sign];
  },
});
`;

describe('runbooks from outside the package', () => {
  it('runs one given by its folder or by its index file, records where it came from, and resumes it from there', async () => {
    const home = tempStateDir('authoring-');
    const dir = runbookFolder(home, 'team-one', twoStepRunbook('team-one'));
    const stateDir = join(home, 'state');
    const first = await runCli(['run', './team-one', '--sandbox', '--non-interactive', '--state-dir', stateDir], { cwd: home });
    expect(first.code).toBe(3); // the manual step waits for an --ack
    const runId = runIdOf(first);
    expect(readState(stateDir, runId).runbook.origin).toBe(join(dir, 'index.ts'));
    // The resume finds the runbook by the recorded path, with no --runbooks.
    const resumed = await runCli(['resume', runId, '--sandbox', '--non-interactive', '--ack', 'sign-off', '--state-dir', stateDir], { cwd: '/' });
    expect(resumed.stderr).toContain('succeeded');
    expect(resumed.code).toBe(0);

    const byFile = await runCli(['run', join(dir, 'index.ts'), '--sandbox', '--non-interactive', '--ack', 'sign-off', '--state-dir', stateDir], { cwd: home });
    expect(byFile.code).toBe(0);
  });

  it('lists runbooks of --runbooks and RUNBOOK_PATH folders with where each comes from, and runs them by id', async () => {
    const home = tempStateDir('authoring-');
    const team = join(home, 'team');
    runbookFolder(team, 'alpha', twoStepRunbook('alpha'));
    runbookFolder(team, 'beta', twoStepRunbook('beta'));
    const other = runbookFolder(home, 'gamma', twoStepRunbook('gamma'));

    const list = await runCli(['list', '--json', '--runbooks', team], { cwd: home, env: { RUNBOOK_PATH: other } });
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as { id: string; origin: string }[];
    expect(rows.find((r) => r.id === 'redis-sessions')?.origin).toBe('shipped');
    expect(rows.filter((r) => ['alpha', 'beta', 'gamma'].includes(r.id)).map((r) => r.origin)).toEqual([
      join(team, 'alpha', 'index.ts'),
      join(team, 'beta', 'index.ts'),
      join(other, 'index.ts'),
    ]);

    const run = await runCli(['run', 'beta', '--runbooks', team, '--sandbox', '--non-interactive', '--ack', 'sign-off', '--state-dir', join(home, 'state')], { cwd: home });
    expect(run.code).toBe(0);
    const show = await runCli(['show', 'gamma', '--format', 'json'], { cwd: home, env: { RUNBOOK_PATH: other } });
    expect(JSON.parse(show.stdout).id).toBe('gamma');
  });

  it('refuses two runbooks with one id, naming both places', async () => {
    const home = tempStateDir('authoring-');
    const clash = runbookFolder(home, 'mine', twoStepRunbook('redis-sessions'));
    const list = await runCli(['list', '--runbooks', clash], { cwd: home });
    expect(list.code).toBe(2);
    expect(list.stderr.trim()).toBe(`Two runbooks have the id redis-sessions: the one shipped with runbook and ${join(clash, 'index.ts')}; rename one.`);
  });

  it('refuses a runbook that does not compile, or exports no runbook, with one sentence and exit 2', async () => {
    const home = tempStateDir('authoring-');
    runbookFolder(home, 'broken', "import { defineRunbook } from 'runbook';\nexport default defineRunbook({ id: 'broken', \n");
    const broken = await runCli(['show', './broken'], { cwd: home });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^Runbook .*broken\/index\.ts could not be loaded: .+\n$/);

    runbookFolder(home, 'empty', 'export const x = 1;\n');
    const empty = await runCli(['run', './empty', '--sandbox', '--non-interactive'], { cwd: home });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('does not export a runbook');

    const none = await runCli(['run', './nowhere', '--sandbox', '--non-interactive'], { cwd: home });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('./nowhere: no runbook there');
  });
});

describe('runbook new', () => {
  const styles: Record<string, { text: string; labels: string[] }> = {
    'dot lists': { text: '# Rotate keys\n\n1. Make a new key.\n2. Deploy it.\n3. Remove the old key.\n', labels: ['1', '2', '3'] },
    'parenthesis lists': { text: 'Restore\n\n0) Tell the team.\n1) Stop the service.\n2) Restore the dump.\n', labels: ['0', '1', '2'] },
    'nested lists': { text: '## Upgrade\n\n1. Prepare:\n   1. Back up.\n   2. Announce.\n2. Upgrade.\n', labels: ['1', '1.1', '1.2', '2'] },
    'numbered headings': { text: '# Failover\n\n## 1. Promote the replica\n\nRun the promotion.\n\n## Step 2: Repoint the application\n\n1. Edit the config.\n2. Restart.\n', labels: ['1', '2', '2.1', '2.2'] },
  };

  it.each(Object.entries(styles))('scaffolds a runnable, sound checklist from %s', async (_name, { text, labels }) => {
    const home = tempStateDir('new-');
    writeFileSync(join(home, 'procedure.md'), text);
    const made = await runCli(['new', 'my-procedure', '--source', 'procedure.md'], { cwd: home });
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`Created my-procedure/ with ${labels.length} manual steps`);

    const shown = JSON.parse((await runCli(['show', './my-procedure', '--format', 'json'], { cwd: home })).stdout) as { steps: { id: string; covers: string[]; manual: boolean }[]; sourceMap: { sourceStep: string }[] };
    expect(shown.steps.map((s) => s.covers[0])).toEqual(labels);
    expect(shown.steps.every((s) => s.manual)).toBe(true);
    expect(shown.sourceMap.map((r) => r.sourceStep)).toEqual(labels);

    expect((await runCli(['check', './my-procedure'], { cwd: home })).code).toBe(0);
    const acks = shown.steps.flatMap((s) => ['--ack', s.id]);
    const run = await runCli(['run', './my-procedure', '--sandbox', '--non-interactive', '--state-dir', join(home, 'state'), ...acks], { cwd: home });
    expect(run.stderr).toContain(`succeeded: ${labels.length} changed`);
  });

  it('refuses a bad id, a missing document, one with no numbered step, and a folder that exists', async () => {
    const home = tempStateDir('new-');
    writeFileSync(join(home, 'prose.md'), '# Notes\n\nNothing numbered here.\n');
    writeFileSync(join(home, 'steps.md'), '1. One.\n');
    mkdirSync(join(home, 'taken'));
    writeFileSync(join(home, 'taken', 'x'), '');
    const cases: [string[], string][] = [
      [['new', 'Bad_Id', '--source', 'steps.md'], 'Runbook id Bad_Id: expected lower-case letters'],
      [['new', 'a', '--source', 'missing.md'], '--source missing.md: no such file.'],
      [['new', 'a', '--source', 'prose.md'], 'has no numbered steps'],
      [['new', 'a', '--source', 'steps.md', '--dir', 'taken'], 'taken already exists and is not an empty folder'],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args, { cwd: home });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });
});

describe('runbook check', () => {
  it('lists every problem of a definition at once, with exit 2', async () => {
    const home = tempStateDir('check-');
    runbookFolder(
      home,
      'faulty',
      `
import { defineRunbook, hostScripts, manual, runbookDir, ssm } from 'runbook';
const dir = runbookDir(import.meta.url);
const scripts = hostScripts(dir, { probe: 'probe.sh', fix: 'fix.sh' });
export default defineRunbook({
  id: 'faulty',
  title: 'Faulty',
  summary: 'Everything wrong at once.',
  source: { file: 'procedure.md', procedure: 'Faulty', steps: ['1', '2', '3'] },
  dir,
  params: {},
  rehearsal: { params: { nope: 1 } },
  steps: () => {
    const a = manual('a', { covers: '1', instructions: 'x' });
    const b = manual('a', { covers: '9', instructions: 'y' });
    const c = ssm.script('c', { covers: '1', instanceId: 'i-0123456789abcdef0', probe: scripts.probe.with(), script: scripts.fix.with() });
    return [a, b, c];
  },
});
`,
      { 'probe.sh': 'exit 1\n', 'fix.sh': 'true\n' },
    );
    const r = await runCli(['check', './faulty'], { cwd: home });
    expect(r.code).toBe(2);
    const problems = r.stderr.split('\n').filter((l) => l.startsWith('  - '));
    expect(problems).toEqual([
      '  - Step id a is declared twice.',
      '  - Step a covers source step 9, which Faulty does not have.',
      '  - Source steps 2, 3 are covered by no step and no decision.',
      `  - Script faulty/probe (${join(home, 'faulty', 'probe.sh')}) has no sandbox simulation: add simulate(...) for it to the runbook's simulation, or declare it with unsimulated: '<why>'.`,
      `  - Script faulty/fix (${join(home, 'faulty', 'fix.sh')}) has no sandbox simulation: add simulate(...) for it to the runbook's simulation, or declare it with unsimulated: '<why>'.`,
      "  - Its rehearsal's parameters are refused: Unknown parameter nope.",
    ]);
  });

  it('passes every shipped runbook, and a script declared unsimulated fails its rehearsal with the reason', async () => {
    for (const id of ['redis-sessions', 'efs-shared-documents', 'lamp-swarm-node', 'lamp-ebs-expand', 'lamp-ssm-tunnel']) {
      const r = await runCli(['check', id]);
      expect(r.stdout, r.stderr).toContain(`Runbook ${id} is sound`);
    }
    const home = tempStateDir('check-');
    runbookFolder(
      home,
      'unsimulated',
      `
import { defineRunbook, ec2, hostScripts, runbookDir, ssm } from 'runbook';
const dir = runbookDir(import.meta.url);
const scripts = hostScripts(dir, { probe: { file: 'probe.sh', unsimulated: 'it talks to the vendor API' } });
export default defineRunbook({
  id: 'unsimulated', title: 'Unsimulated', summary: 'A script the sandbox cannot play.',
  source: { file: 'procedure.md', procedure: 'Unsimulated', steps: ['1'] },
  dir, params: {},
  steps: () => {
    const net = ec2.network('network', { covers: '1' });
    return [net, ssm.verify('vendor', { covers: '1', instanceId: 'i-0123456789abcdef0', probe: scripts.probe.with(), expect: ssm.succeeds('the vendor answers') })];
  },
});
`,
      { 'probe.sh': 'curl -fsS https://vendor.example/health\n' },
    );
    expect((await runCli(['check', './unsimulated'], { cwd: home })).code).toBe(0);
    // In the sandbox the script arrives at a stand-in that fails it with the declared reason.
    const def = ((await import(join(home, 'unsimulated', 'index.ts'))) as { default: RunbookDefinition }).default;
    const [script] = scriptsOfSteps(instantiateSteps(def));
    const result = runOnHost(newHost('ubuntu', 'ubuntu', 0), renderScript({ name: script!.name, vars: {}, body: script!.body }), { now: 1 }, await simulationOf(def));
    expect(result).toMatchObject({ exitCode: 127, stderr: 'sandbox: unsimulated/probe is not simulated: it talks to the vendor API\n' });
  });
});
