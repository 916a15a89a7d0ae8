import { GetCommandInvocationCommand, ListCommandsCommand, SendCommandCommand } from '../../../src/aws/sdk/ssm.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { ScriptFailedError, scriptKind, type ScriptInput } from '../../../src/steps/ssm/script.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';
import { fakeHost, INSTANCE_ID, shellScript } from './fake-host.js';

const input: ScriptInput = {
  instanceId: INSTANCE_ID,
  probe: shellScript('redis-sessions/docker-installed-probe', {}, 'command -v docker'),
  script: shellScript('redis-sessions/install-docker', { DOCKER_VERSION: '27.1', MOTD: "it's ready" }, 'apt-get install -y "docker-ce=$DOCKER_VERSION"'),
};

describe('ssm.script', () => {
  beforeEach(resetMocks);

  it('is done when the probe exits 0, and sends no script', async () => {
    const host = fakeHost({ 'redis-sessions/docker-installed-probe': [{ exitCode: 0, stdout: '/usr/bin/docker' }] });

    const result = await scriptKind.check(stepContext(), input);

    expect(result).toEqual({ done: true, outputs: {}, evidence: ['/usr/bin/docker'] });
    expect(host.names()).toEqual(['redis-sessions/docker-installed-probe']);
  });

  it('runs the script through AWS-RunShellScript when the probe exits 1, with its marker and quoted vars', async () => {
    const host = fakeHost({
      'redis-sessions/docker-installed-probe': [{ exitCode: 1, stdout: 'docker: not installed' }],
      'redis-sessions/install-docker': [{ exitCode: 0, stdout: 'installed' }],
    });
    const ctx = stepContext();

    const result = await scriptKind.check(ctx, input);
    expect(result).toMatchObject({ done: false, reason: 'docker: not installed' });
    if (result.done) return;

    expect(scriptKind.plan(input, result.found)).toEqual([
      {
        service: 'ssm',
        operation: 'SendCommand',
        input: { DocumentName: 'AWS-RunShellScript', InstanceIds: [INSTANCE_ID], script: 'redis-sessions/install-docker', vars: input.script.vars },
      },
    ]);

    await expect(scriptKind.apply!(ctx, input, result.found)).resolves.toEqual({});

    expect(host.names()).toEqual(['redis-sessions/docker-installed-probe', 'redis-sessions/install-docker']);
    const sent = host.sent[1]!;
    expect(sent.input.DocumentName).toBe('AWS-RunShellScript');
    expect(sent.input.InstanceIds).toEqual([INSTANCE_ID]);
    expect(sent.input.Parameters?.executionTimeout).toEqual(['900']);
    expect(sent.input.Comment).toBe('runbook test-runbook step-under-test');
    expect(sent.text).toContain('# runbook-script: redis-sessions/install-docker');
    expect(sent.text).toContain("DOCKER_VERSION='27.1'");
    expect(sent.text).toContain(`MOTD='it'\\''s ready'`);
    expect(sent.text).toContain('apt-get install -y "docker-ce=$DOCKER_VERSION"');
    expect(sent.vars).toEqual({ DOCKER_VERSION: '27.1', MOTD: "it's ready" });
    // The probe was marked as such; the script was polled past InvocationDoesNotExist.
    expect(host.sent[0]!.input.Comment).toBe('runbook test-runbook step-under-test probe');
    expect(mocks.ssm.commandCalls(GetCommandInvocationCommand).filter((c) => c.args[0].input.CommandId === 'cmd-2')).toHaveLength(2);
  });

  it('rejects with ScriptFailed and the output when the script exits 1', async () => {
    fakeHost({ 'redis-sessions/install-docker': [{ exitCode: 1, stdout: 'Reading package lists...', stderr: 'E: Unable to locate package docker-ce' }] });

    const apply = scriptKind.apply!(stepContext(), input, undefined);

    await expect(apply).rejects.toBeInstanceOf(ScriptFailedError);
    await expect(apply).rejects.toMatchObject({ name: 'ScriptFailed' });
    await expect(apply).rejects.toThrow(
      `redis-sessions/install-docker failed on ${INSTANCE_ID} (Failed, exit 1):\nReading package lists...\nE: Unable to locate package docker-ce`,
    );
  });

  it('rejects the check when the probe exits 2: an error on the host, not an answer', async () => {
    const host = fakeHost({ 'redis-sessions/docker-installed-probe': [{ exitCode: 2, stderr: 'bash: line 4: syntax error' }] });

    await expect(scriptKind.check(stepContext(), input)).rejects.toThrow(
      `Probe redis-sessions/docker-installed-probe failed on ${INSTANCE_ID} (exit 2):\nbash: line 4: syntax error`,
    );
    expect(host.names()).toEqual(['redis-sessions/docker-installed-probe']);
  });

  it('passes AWS errors on and does not run the script', async () => {
    const denied = awsError('AccessDeniedException', 'not authorized to perform ssm:SendCommand');
    mocks.ssm.on(SendCommandCommand).rejects(denied);
    await expect(scriptKind.check(stepContext(), input)).rejects.toBe(denied);
    await expect(scriptKind.apply!(stepContext(), input, undefined)).rejects.toBe(denied);
    expect(mocks.ssm.commandCalls(GetCommandInvocationCommand)).toHaveLength(0);

    resetMocks();
    mocks.ssm.on(SendCommandCommand).resolves({ Command: { CommandId: 'cmd-1' } });
    mocks.ssm.on(GetCommandInvocationCommand).rejects(awsError('AccessDeniedException', 'ssm:GetCommandInvocation'));
    await expect(scriptKind.apply!(stepContext(), input, undefined)).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('ssm.script on a fleet', () => {
  beforeEach(resetMocks);

  const fleet = ['i-00000000000000001', 'i-00000000000000002', 'i-00000000000000003'];
  const onFleet: ScriptInput = { ...input, instanceId: undefined, instanceIds: fleet, maxConcurrency: 2, maxErrors: '1' };
  const PROBE = 'redis-sessions/docker-installed-probe';
  const SCRIPT = 'redis-sessions/install-docker';

  it('is done when every instance already holds, and sends no script', async () => {
    const host = fakeHost({ [PROBE]: [{ exitCode: 0, stdout: '/usr/bin/docker' }] });
    const ctx = stepContext();

    await expect(scriptKind.check(ctx, onFleet)).resolves.toEqual({ done: true, outputs: {}, evidence: [`All 3 instances: ${PROBE} holds.`] });
    expect(host.names()).toEqual([PROBE]);
    expect(host.sent[0]!.input).toMatchObject({ InstanceIds: fleet, MaxConcurrency: '2', MaxErrors: '100%' });
    expect(Object.values(ctx.hosts).map((h) => h.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('sends the script, with the rate controls, only to the instances whose probe said no', async () => {
    const host = fakeHost({
      [PROBE]: (id) => (id === fleet[1] ? { exitCode: 0, stdout: '/usr/bin/docker' } : { exitCode: 1, stdout: 'docker: not installed' }),
      [SCRIPT]: [{ exitCode: 0, stdout: 'installed' }],
    });
    const ctx = stepContext();

    const result = await scriptKind.check(ctx, onFleet);
    expect(result).toMatchObject({ done: false, reason: `Not yet on 2 of 3 instances (${fleet[0]}, ${fleet[2]}): docker: not installed`, found: { instanceIds: [fleet[0], fleet[2]] } });
    if (result.done) return;
    expect(scriptKind.plan(onFleet, result.found)[0]!.input).toMatchObject({ InstanceIds: [fleet[0], fleet[2]], MaxConcurrency: '2', MaxErrors: '1' });
    expect(ctx.hosts[fleet[0]!]).toEqual({ status: 'pending', detail: 'docker: not installed' });

    await scriptKind.apply!(ctx, onFleet, result.found);

    expect(host.sent[1]!.input).toMatchObject({ InstanceIds: [fleet[0], fleet[2]], MaxConcurrency: '2', MaxErrors: '1' });
    expect(ctx.hosts).toEqual({ [fleet[0]!]: { status: 'changed', detail: 'installed' }, [fleet[1]!]: { status: 'ok', detail: '/usr/bin/docker' }, [fleet[2]!]: { status: 'changed', detail: 'installed' } });
    // The check after apply finds all three true; the two it changed stay changed.
    fakeHost({ [PROBE]: [{ exitCode: 0, stdout: '/usr/bin/docker' }] });
    await expect(scriptKind.check(ctx, onFleet)).resolves.toMatchObject({ done: true });
    expect(ctx.hosts[fleet[0]!]!.status).toBe('changed');
  });

  it('fails naming the instances that failed and those SSM stopped at MaxErrors; a resume goes to them only', async () => {
    fakeHost({
      [PROBE]: [{ exitCode: 1, stdout: 'docker: not installed' }],
      [SCRIPT]: (id) => (id === fleet[0] ? { exitCode: 0, stdout: 'installed' } : id === fleet[1] ? { exitCode: 100, stderr: 'E: Unable to locate package docker-ce' } : { exitCode: -1, status: 'Cancelled' }),
    });
    const ctx = stepContext();

    const apply = scriptKind.apply!(ctx, onFleet, { instanceIds: fleet });

    await expect(apply).rejects.toThrow(`${SCRIPT} failed on 2 of 3 instances (${fleet[1]} exit 100, ${fleet[2]} Cancelled (Terminated)); a resume runs it again only there:\nE: Unable to locate package docker-ce`);
    expect(ctx.hosts[fleet[0]!]!.status).toBe('changed');
    expect(ctx.hosts[fleet[1]!]).toEqual({ status: 'failed', detail: 'exit 100: E: Unable to locate package docker-ce' });
    expect(ctx.hosts[fleet[2]!]).toEqual({ status: 'failed', detail: 'Cancelled (Terminated)' });

    // The resume's check: the one that succeeded holds now, so the script goes to the other two.
    const resumed = fakeHost({ [PROBE]: (id) => (id === fleet[0] ? { exitCode: 0, stdout: 'yes' } : { exitCode: 1, stdout: 'no' }), [SCRIPT]: [{ exitCode: 0, stdout: 'installed' }] });
    const again = await scriptKind.check(ctx, onFleet);
    if (again.done) throw new Error('expected not done');
    await scriptKind.apply!(ctx, onFleet, again.found);
    expect(resumed.sent[1]!.input.InstanceIds).toEqual([fleet[1], fleet[2]]);
  });

  it('refuses a probe that did not run on an instance: no answer is not a "no"', async () => {
    fakeHost({ [PROBE]: (id) => (id === fleet[2] ? { exitCode: -1, status: 'Undeliverable' } : { exitCode: 1, stdout: 'no' }) });
    const ctx = stepContext();
    await expect(scriptKind.check(ctx, onFleet)).rejects.toThrow(`Probe ${PROBE} failed on ${fleet[2]} of 3 instances (Undeliverable).`);
    expect(ctx.hosts[fleet[2]!]!.status).toBe('failed');
  });

  it('sends more than 50 instances in batches of 50', async () => {
    const many = Array.from({ length: 120 }, (_, i) => `i-${String(i).padStart(17, '0')}`);
    const host = fakeHost({ [SCRIPT]: [{ exitCode: 0, stdout: 'installed' }] });
    await scriptKind.apply!(stepContext(), { ...onFleet, instanceIds: many }, { instanceIds: many });
    expect(host.sent.map((s) => s.input.InstanceIds!.length)).toEqual([50, 50, 20]);
  });

  it('refuses rate controls SSM would not accept, before any call', async () => {
    fakeHost({});
    await expect(scriptKind.check(stepContext(), { ...onFleet, maxErrors: 'many' })).rejects.toThrow('ssm.script: maxErrors must be a count such as 0 or a share such as 10%, not "many".');
    expect(mocks.ssm.calls()).toHaveLength(0);
  });

  it('passes AWS errors on', async () => {
    const denied = awsError('AccessDeniedException', 'not authorized to perform ssm:ListCommands');
    fakeHost({ [PROBE]: [{ exitCode: 0 }] });
    mocks.ssm.on(ListCommandsCommand).rejects(denied);
    await expect(scriptKind.check(stepContext(), onFleet)).rejects.toBe(denied);
  });
});
