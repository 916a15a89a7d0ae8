/**
 * The package as a team installs it: `npm pack`, installed into an empty
 * project, where the example runbook (examples/office-access, written
 * against the public API only) is type-checked, checked, rehearsed with the
 * installed CLI, and its own test passes with `runbook/testing`.
 */
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };

const root = join(import.meta.dirname, '..', '..');
const project = mkdtempSync(join(tmpdir(), 'runbook-pack-'));
const env = { ...process.env, CI: 'true', NO_COLOR: '1', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };
const run = (cmd: string, args: string[], options: ExecFileSyncOptions = {}) => execFileSync(cmd, args, { cwd: project, env, encoding: 'utf8', stdio: 'pipe', ...options }) as string;

describe('the packed package, installed into an empty project', () => {
  beforeAll(() => {
    run('npm', ['pack', '--silent', '--pack-destination', project], { cwd: root });
    const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'))!;
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'team-runbooks', private: true, type: 'module' }));
    run('npm', ['install', '--prefer-offline', '--no-save', `./${tarball}`, `typescript@${pkg.devDependencies.typescript}`, `@types/node@${pkg.devDependencies['@types/node']}`]);
    cpSync(join(root, 'examples', 'office-access'), join(project, 'office-access'), { recursive: true });
  }, 600_000);

  it('type-checks a runbook that imports the API', () => {
    expect(() => run('npx', ['tsc', '-p', 'office-access/tsconfig.json'])).not.toThrow();
  });

  it('checks and rehearses it with the installed CLI, loading it from its folder', () => {
    expect(run('npx', ['runbook', 'check', './office-access'])).toContain('Runbook office-access is sound');
    const out = run('npx', ['runbook', 'run', './office-access', '--sandbox', '--non-interactive', '--ack', 'step-3', '--ack', 'step-4', '--json']);
    const finished = out.trim().split('\n').map((l) => JSON.parse(l) as { event: string; status?: string }).find((e) => e.event === 'run-finished');
    expect(finished?.status).toBe('succeeded');
  });

  it("passes the example's own test, written with runbook/testing", () => {
    expect(() => run('node', ['--import', 'tsx', '--test', 'office-access/office-access.test.ts'])).not.toThrow();
  });
});
