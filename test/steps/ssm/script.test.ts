import { GetCommandInvocationCommand, SendCommandCommand } from '../../../src/aws/sdk/ssm.js';
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
