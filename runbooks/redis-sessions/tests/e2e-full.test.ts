/**
 * redis-sessions with every option in the sandbox: deploy to an existing
 * Elastic Beanstalk environment, the reboot check, and the session counter.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSandbox } from '../../../src/sandbox/index.js';
import { mutatingCallsSent, readState, runCli, runIdOf, tempStateDir } from '../../../test/helpers/cli.js';

describe('redis-sessions with deploy, reboot check and session check', () => {
  it('deploys, survives a reboot, keeps sessions across servers, and a re-run changes nothing', async () => {
    const dir = tempStateDir();
    const appDir = join(dir, 'openemr');
    mkdirSync(appDir);
    writeFileSync(join(appDir, 'index.php'), '<?php session_start(); echo "OK";\n');
    openSandbox({ stateDir: dir }).seedElasticBeanstalkEnvironment('openemr', 'OpenEMR', { cname: 'openemr.sandbox.invalid' });
    const args = [
      'run', 'redis-sessions', '--sandbox', '--non-interactive', '--state-dir', dir,
      '--param', `appDir=${appDir}`, '--param', 'ebApplication=openemr', '--param', 'ebEnvironment=OpenEMR',
      '--param', 'rebootCheck=true', '--param', 'sessionCheckUrl=http://openemr.sandbox.invalid/session.php',
    ];
    const first = await runCli(args);
    expect(first.code, first.stderr).toBe(0);
    const state = readState(dir, runIdOf(first));
    const step = (id: string) => state.steps.find((s) => s.id === id)!;
    expect(step('deploy')).toMatchObject({ status: 'changed', outputs: { versionLabel: expect.stringMatching(/^redis-sessions-[0-9a-f]{12}$/) } });
    expect(step('deploy').calls.map((c) => c.operation)).toEqual(expect.arrayContaining(['PutObject', 'CreateApplicationVersion', 'UpdateEnvironment']));
    expect(step('reboot-check').status).toBe('changed');
    expect(step('reboot-check').calls.some((c) => c.operation === 'RebootInstances')).toBe(true);
    expect(step('reboot-check').evidence.join('\n')).toMatch(/docker-pr/);
    expect(step('session-check').status).toBe('ok');
    expect(step('session-check').evidence.join('\n')).toMatch(/request 10: HTTP 200, visits 9/);
    expect(step('deploy-manually').status).toBe('skipped');

    const again = await runCli(args);
    expect(again.code, again.stderr).toBe(0);
    const second = readState(dir, runIdOf(again));
    expect(mutatingCallsSent(second)).toEqual([]);
    expect(second.steps.find((s) => s.id === 'reboot-check')?.status).toBe('ok');
  });

  it('in a dry-run plans the session check instead of checking an account the earlier steps have not built', async () => {
    const dir = tempStateDir();
    openSandbox({ stateDir: dir }).seedElasticBeanstalkEnvironment('openemr', 'OpenEMR', { cname: 'openemr.sandbox.invalid' });
    const result = await runCli(['run', 'redis-sessions', '--sandbox', '--non-interactive', '--state-dir', dir, '--dry-run', '--param', 'sessionCheckUrl=http://openemr.sandbox.invalid/session.php']);
    expect(result.code, result.stderr).toBe(0);
    const check = readState(dir, runIdOf(result)).steps.find((s) => s.id === 'session-check')!;
    expect(check.status).toBe('planned');
    expect(check.reason).toMatch(/planned in this dry-run/);
  });
});
