/** list, show, runs, status, report and --from, end to end in the sandbox. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readState, runCli, runIdOf, tempStateDir } from '../helpers/cli.js';

describe('commands around a run', () => {
  const dir = tempStateDir();
  let runId = '';
  beforeAll(async () => {
    const run = await runCli(['run', 'redis-sessions', '--sandbox', '--non-interactive', '--state-dir', dir]);
    expect(run.code, run.stderr).toBe(0);
    runId = runIdOf(run);
  });

  it('list names every runbook with its source procedure', async () => {
    const list = await runCli(['list', '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toContainEqual({ id: 'redis-sessions', title: expect.any(String), source: { file: '000_5ca29d32c4f75b96.txt', procedure: 'Redis Sessions', steps: 43 }, origin: 'shipped' });
  });

  it('show prints the step graph as Mermaid and the definition as JSON', async () => {
    const mermaid = await runCli(['show', 'redis-sessions', '--format', 'mermaid']);
    expect(mermaid.stdout).toMatch(/^graph TD/);
    expect(mermaid.stdout).toContain('redis_security_group --> launch_instance');
    const json = JSON.parse((await runCli(['show', 'redis-sessions', '--format', 'json'])).stdout);
    expect(json.steps.find((s: { id: string }) => s.id === 'launch-instance')).toMatchObject({ kind: 'ec2.instance', covers: ['1', '3-9'] });
  });

  it('runs lists the run; status shows its steps; report renders each format', async () => {
    const runs = JSON.parse((await runCli(['runs', '--json', '--state-dir', dir])).stdout);
    expect(runs).toContainEqual(expect.objectContaining({ runId, runbook: 'redis-sessions', mode: 'apply', status: 'succeeded' }));
    const status = await runCli(['status', runId, '--state-dir', dir]);
    expect(status.stdout).toMatch(/changed\s+launch-instance/);
    const statusJson = JSON.parse((await runCli(['status', runId, '--json', '--state-dir', dir])).stdout);
    expect(statusJson).toMatchObject({ runId, status: 'succeeded', summary: { mutatingCallsSent: expect.any(Number) } });
    const md = await runCli(['report', runId, '--format', 'markdown', '--state-dir', dir]);
    expect(md.stdout).toContain('arn:aws:iam::123456789012:user/sandbox-operator');
    const xmlPath = join(dir, 'report.xml');
    expect((await runCli(['report', runId, '--format', 'junit', '--output', xmlPath, '--state-dir', dir])).code).toBe(0);
    expect(readFileSync(xmlPath, 'utf8')).toMatch(/<testcase classname="redis-sessions" name="launch-instance: /);
    expect((await runCli(['report', runId, '--format', 'pdf', '--state-dir', dir])).code).toBe(2);
  });

  it('--from starts at a step: earlier steps are only checked', async () => {
    const from = await runCli(['run', 'redis-sessions', '--sandbox', '--non-interactive', '--state-dir', dir, '--from', 'redis-unit']);
    expect(from.code, from.stderr).toBe(0);
    const state = readState(dir, runIdOf(from));
    expect(state.steps.find((s) => s.id === 'launch-instance')?.calls.every((c) => !c.mutating)).toBe(true);
  });

  it('--from refuses to skip a step that is not done', async () => {
    const fresh = tempStateDir();
    const from = await runCli(['run', 'redis-sessions', '--sandbox', '--non-interactive', '--state-dir', fresh, '--from', 'elastic-ip']);
    expect(from.code).toBe(1);
    expect(from.stderr).toMatch(/is not done .*--from starts after it/);
  });
});
