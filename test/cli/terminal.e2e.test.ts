/**
 * The guided walkthrough at a real terminal (a pseudo-terminal): parameters
 * asked one at a time, each change confirmed with what it will change, Ctrl-C
 * at a confirmation an interruption (exit 130, the step not run, not failed),
 * and the printed resume command continuing the run. Also: a non-terminal run
 * writes only JSON events on stdout.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawn, type IPty } from 'node-pty';
import { describe, expect, it } from 'vitest';
import { readState, tempStateDir } from '../helpers/cli.js';

const ENTRY = join(import.meta.dirname, '..', 'helpers', 'cli-entry.ts');
// The runs happen in temporary folders: tsx by its full address, not by a name resolved from there.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
// eslint-disable-next-line no-control-regex -- the terminal's own escape sequences
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r/g;

class Terminal {
  private screen = '';
  private exited?: number;
  private readonly pty: IPty;
  constructor(args: string[], cwd: string) {
    this.pty = spawn(process.execPath, ['--import', TSX, ENTRY, ...args], {
      name: 'xterm-256color',
      cols: 140,
      rows: 50,
      cwd,
      env: { ...process.env, CI: '', NO_COLOR: '1', FORCE_COLOR: '0', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    this.pty.onData((d) => (this.screen += d.replace(ANSI, '')));
    this.pty.onExit(({ exitCode }) => (this.exited = exitCode));
  }
  get text(): string {
    return this.screen;
  }
  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!pattern.test(this.screen)) {
      if (Date.now() > until) throw new Error(`Timed out waiting for ${pattern} on the screen:\n${this.screen.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  /** Wait for a fresh match: the part of the screen written after this call. */
  async next(pattern: RegExp, timeoutMs?: number): Promise<void> {
    const from = this.screen.length;
    const until = Date.now() + (timeoutMs ?? 30_000);
    while (!pattern.test(this.screen.slice(from))) {
      if (Date.now() > until) throw new Error(`Timed out waiting for ${pattern}:\n${this.screen.slice(from).slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  type(keys: string): void {
    this.pty.write(keys);
  }
  async exit(timeoutMs = 30_000): Promise<number> {
    const until = Date.now() + timeoutMs;
    while (this.exited === undefined) {
      if (Date.now() > until) throw new Error(`Still running:\n${this.screen.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.exited;
  }
}

describe('the guided walkthrough at a terminal', () => {
  it('asks, shows what each change will change, treats Ctrl-C at a confirmation as an interruption, and resumes', async () => {
    const home = tempStateDir('terminal-');
    const run = new Terminal(['run', 'redis-sessions', '--sandbox', '--state-dir', 'state'], home);
    await run.waitFor(/vpcId: VPC to run in/);
    run.type('\r'); // leave unset: the default VPC
    await run.waitFor(/subnetId: Subnet for the instance/);
    run.type('\r');
    // The first change: the instance profile, with the role it creates and the policy it attaches.
    await run.waitFor(/Instance profile for SSM \[instance-profile\] will call:[\s\S]*iam:CreateRole[\s\S]*RoleName: runbook-redis-sessions-ssm[\s\S]*Proceed\?/);
    run.type('y\r');
    // The security group's confirmation shows the port and where it is open from.
    await run.next(/Security group redis-security-group \[redis-security-group\] will call:[\s\S]*ec2:CreateSecurityGroup[\s\S]*GroupName: redis-security-group[\s\S]*Proceed\?/);
    expect(run.text).toMatch(/6379/);
    run.type('\x03'); // Ctrl-C at the prompt
    const code = await run.exit();
    expect(code).toBe(130);
    const hint = /Continue with "(runbook resume (\S+) --sandbox --state-dir state)"/.exec(run.text);
    expect(hint, run.text.slice(-1500)).not.toBeNull();
    const runId = hint![2]!;
    const state = readState(join(home, 'state'), runId);
    expect(state.status).toBe('interrupted');
    expect(state.steps.find((s) => s.id === 'instance-profile')?.status).toBe('changed');
    expect(state.steps.find((s) => s.id === 'redis-security-group')).toMatchObject({ status: 'pending', reason: 'Interrupted at the prompt; resume to be asked again.' });
    expect(state.steps.some((s) => s.status === 'failed')).toBe(false);
    // No step that did not run shows a success mark.
    expect(run.text).not.toMatch(/✔ Security group redis-security-group/);

    // The printed command works as printed (with --yes, so this test need not answer every prompt).
    const resumed = new Terminal([...hint![1]!.split(' ').slice(1), '--yes'], home);
    expect(await resumed.exit(120_000)).toBe(0);
    expect(resumed.text).toMatch(/Run redis-sessions-\S+ succeeded/);
    expect(resumed.text).toMatch(/Outputs:\s+Redis instance\s+i-[0-9a-f]+/);
  }, 180_000);

  it('at a manual step, shows the instructions as text, not Markdown, and goes on when the person says done', async () => {
    const home = tempStateDir('terminal-');
    mkdirSync(join(home, 'sign'));
    writeFileSync(join(home, 'sign', 'package.json'), '{"type":"module"}');
    writeFileSync(
      join(home, 'sign', 'index.ts'),
      `import { defineRunbook, manual, runbookDir } from 'runbook';
export default defineRunbook({
  id: 'sign-off', title: 'Sign off', summary: 'One manual step.',
  source: { file: 'p.md', procedure: 'Sign off', steps: ['1'] }, dir: runbookDir(import.meta.url), params: {},
  steps: () => [manual('sign', { covers: '1', instructions: 'Ask **the owner** to run \`approve --now\` and read [the policy](https://example.com/policy).' })],
});
`,
    );
    const run = new Terminal(['run', './sign', '--sandbox', '--state-dir', 'state'], home);
    await run.waitFor(/Done with/);
    expect(run.text).toContain('Ask the owner to run approve --now and read the policy (https://example.com/policy).');
    expect(run.text).not.toMatch(/\*\*the owner\*\*|`approve/);
    run.type('y\r');
    expect(await run.exit()).toBe(0);
    expect(run.text).toMatch(/Run sign-off-\S+ succeeded: 1 changed/);
  }, 60_000);
});

describe('output a machine reads', () => {
  it('writes only JSON events on stdout, one object a line, with progress on stderr', () => {
    const home = tempStateDir('json-');
    // A run that fails half-way: progress and the failure are on stderr, stdout is events only.
    const child = spawnSync(process.execPath, ['--import', TSX, ENTRY, 'run', 'lamp-ssm-tunnel', '--sandbox', '--non-interactive', '--json', '--state-dir', 'state', '--param', 'instance=nowhere'], {
      cwd: home,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    expect(child.status).toBe(1);
    expect(child.stderr).toMatch(/Find the node \[find-instance\]/);
    const lines = child.stdout.trim().split('\n');
    const events = lines.map((l) => JSON.parse(l) as { event: string });
    expect(events[0]!.event).toBe('run-started');
    expect(events.at(-1)!.event).toBe('run-finished');
  });
});
