import { ListCommandInvocationsCommand, SendCommandCommand } from '../../../src/aws/sdk/ssm.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { lsofCommandIs, outputLineIs } from '../../../src/steps/ssm/expectations.js';
import { verifyKind, type VerifyInput } from '../../../src/steps/ssm/verify.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';
import { fakeHost, INSTANCE_ID, shellScript } from './fake-host.js';
import { verify } from '../../../src/steps/ssm/index.js';

const PROBE = 'redis-sessions/lsof-6379';
const input: VerifyInput = { instanceId: INSTANCE_ID, probe: shellScript(PROBE, { PORT: 6379 }, 'lsof -i ":$PORT"'), expect: lsofCommandIs('docker-pr') };

const HEADER = 'COMMAND    PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME';
const DOCKER_PROXY = [HEADER, 'docker-pr 1234 root    4u  IPv4  23456      0t0  TCP *:6379 (LISTEN)', 'docker-pr 1240 root    4u  IPv6  23461      0t0  TCP *:6379 (LISTEN)'].join('\n');
const REDIS_SERVER = [HEADER, 'redis-ser  812 redis   6u  IPv4  19876      0t0  TCP 127.0.0.1:6379 (LISTEN)'].join('\n');

describe('ssm.verify', () => {
  beforeEach(resetMocks);

  it('is done when lsof shows docker-pr holding the port', async () => {
    const host = fakeHost({ [PROBE]: [{ exitCode: 0, stdout: DOCKER_PROXY }] });

    const result = await verifyKind.check(stepContext(), input);

    expect(result).toEqual({ done: true, outputs: {}, evidence: [DOCKER_PROXY] });
    expect(host.sent[0]!.input.Comment).toMatch(/ probe$/);
    expect(host.sent[0]!.text).toContain("PORT='6379'");
    expect(verify('x', { covers: '1' } as never).mutating).toBe(false);
    expect(verifyKind.plan(input, undefined)).toEqual([]);
  });

  it('is not done when another process holds the port, naming it and showing the output', async () => {
    fakeHost({ [PROBE]: [{ exitCode: 0, stdout: REDIS_SERVER }] });

    const result = await verifyKind.check(stepContext(), input);

    expect(result.done).toBe(false);
    if (result.done) return;
    expect(result.reason).toBe('lsof shows docker-pr in the COMMAND column: lsof shows redis-ser in the COMMAND column, not docker-pr.');
    expect(result.evidence).toEqual([REDIS_SERVER]);
  });

  it('is not done when nothing listens (empty output, exit 1)', async () => {
    fakeHost({ [PROBE]: [{ exitCode: 1, stdout: '' }] });

    const result = await verifyKind.check(stepContext(), input);

    expect(result).toMatchObject({ done: false, reason: 'lsof shows docker-pr in the COMMAND column: lsof printed no listing: nothing listens on the port.' });
  });

  it('checks an output line with outputLineIs', async () => {
    fakeHost({ 'redis-sessions/redis-ping': [{ exitCode: 0, stdout: 'PONG\n' }, { exitCode: 1, stdout: 'Could not connect to Redis at 127.0.0.1:6379' }] });
    const ping = { instanceId: INSTANCE_ID, probe: shellScript('redis-sessions/redis-ping'), expect: outputLineIs('PONG') };

    await expect(verifyKind.check(stepContext(), ping)).resolves.toMatchObject({ done: true });
    await expect(verifyKind.check(stepContext(), ping)).resolves.toMatchObject({
      done: false,
      reason: 'the output is PONG: expected PONG, got Could not connect to Redis at 127.0.0.1:6379 (exit 1).',
    });
  });

  it('passes AWS errors on', async () => {
    const denied = awsError('AccessDeniedException', 'not authorized to perform ssm:SendCommand');
    mocks.ssm.on(SendCommandCommand).rejects(denied);
    await expect(verifyKind.check(stepContext(), input)).rejects.toBe(denied);
  });
});

describe('ssm.verify on several instances', () => {
  beforeEach(resetMocks);

  const OTHER = 'i-0fedcba9876543210';
  const mounted = { instanceIds: [INSTANCE_ID, OTHER], probe: shellScript('efs-shared-documents/documents-mount'), expect: outputLineIs('efs-mounted') };

  it('sends the probe to all of them as one command and is done when every output is as expected', async () => {
    const host = fakeHost({ 'efs-shared-documents/documents-mount': [{ exitCode: 0, stdout: 'efs-mounted\n' }] });
    const ctx = stepContext();

    const result = await verifyKind.check(ctx, mounted);

    expect(result).toEqual({ done: true, outputs: {}, evidence: [`${INSTANCE_ID}:\nefs-mounted`, `${OTHER}:\nefs-mounted`] });
    expect(host.sent.map((s) => s.input.InstanceIds)).toEqual([[INSTANCE_ID, OTHER]]);
    // Every instance answers a probe: a "no" on one must not stop SSM from asking the others.
    expect(host.sent[0]!.input.MaxErrors).toBe('100%');
    expect(ctx.hosts).toEqual({ [INSTANCE_ID]: { status: 'ok', detail: 'efs-mounted' }, [OTHER]: { status: 'ok', detail: 'efs-mounted' } });
  });

  it('names the instance whose output is not as expected, and records each one', async () => {
    fakeHost({
      'efs-shared-documents/documents-mount': (id) => (id === OTHER ? { exitCode: 1, stdout: '/var/app/current/sample/documents is not a mountpoint\n' } : { exitCode: 0, stdout: 'efs-mounted\n' }),
    });
    const ctx = stepContext();

    const result = await verifyKind.check(ctx, mounted);

    expect(result).toMatchObject({ done: false, reason: `${OTHER}: the output is efs-mounted: expected efs-mounted, got /var/app/current/sample/documents is not a mountpoint (exit 1).` });
    expect(ctx.hosts[OTHER]).toMatchObject({ status: 'failed' });
    expect(ctx.hosts[INSTANCE_ID]).toMatchObject({ status: 'ok' });
  });

  it('targets instances by tag with SSM Targets and its rate control, listing who answered', async () => {
    const fleet = Array.from({ length: 12 }, (_, i) => `i-${String(i).padStart(17, '0')}`);
    const host = fakeHost({ 'efs-shared-documents/documents-mount': (id) => (id === fleet[7] ? { exitCode: 1, stdout: 'not a mountpoint\n' } : { exitCode: 0, stdout: 'efs-mounted\n' }) }, { tagged: { 'tag:aws:autoscaling:groupName=web': fleet } });
    const ctx = stepContext();
    const byTag = { instanceTags: { 'aws:autoscaling:groupName': 'web' }, maxConcurrency: '25%', probe: mounted.probe, expect: mounted.expect };

    const result = await verifyKind.check(ctx, byTag);

    expect(host.sent[0]!.input).toMatchObject({ Targets: [{ Key: 'tag:aws:autoscaling:groupName', Values: ['web'] }], MaxConcurrency: '25%', MaxErrors: '100%' });
    expect(host.sent[0]!.input.InstanceIds).toBeUndefined();
    expect(result).toMatchObject({ done: false, reason: `${fleet[7]}: the output is efs-mounted: expected efs-mounted, got not a mountpoint (exit 1).` });
    expect(Object.keys(ctx.hosts)).toHaveLength(12);
    // Fifty identical outputs help nobody: the evidence shows the failing instance.
    expect(result.evidence).toEqual([`${fleet[7]}:\nnot a mountpoint`]);
    expect(mocks.ssm.commandCalls(ListCommandInvocationsCommand)).toHaveLength(1);
  });

  it('fails when a tag matches no managed instance, rather than passing on nobody', async () => {
    fakeHost({ 'efs-shared-documents/documents-mount': [{ exitCode: 0, stdout: 'efs-mounted\n' }] }, { tagged: {} });
    await expect(verifyKind.check(stepContext(), { instanceTags: { Role: 'web' }, probe: mounted.probe, expect: mounted.expect })).rejects.toThrow(
      'SSM found no managed instance among instances tagged Role=web for efs-shared-documents/documents-mount: none is running with the SSM agent online.',
    );
  });

  it('needs exactly one way of naming the instances, and rate controls SSM accepts', async () => {
    await expect(verifyKind.check(stepContext(), { ...mounted, instanceIds: [] })).rejects.toThrow('ssm.verify was given an empty instanceIds.');
    await expect(verifyKind.check(stepContext(), { ...mounted, instanceId: INSTANCE_ID })).rejects.toThrow('ssm.verify needs one of instanceId, instanceIds or instanceTags, not instanceId and instanceIds.');
    await expect(verifyKind.check(stepContext(), { probe: mounted.probe, expect: mounted.expect })).rejects.toThrow(/not none/);
    await expect(verifyKind.check(stepContext(), { ...mounted, maxConcurrency: '0' })).rejects.toThrow('ssm.verify: maxConcurrency must be a count such as 10 or a share such as 25%, not "0".');
    const withLimit = { ...mounted, maxErrors: '1' } as VerifyInput;
    await expect(verifyKind.check(stepContext(), withLimit)).rejects.toThrow('ssm.verify takes no maxErrors: a verification asks every instance, whatever some of them answer.');
  });
});

describe('lsofCommandIs', () => {
  it('ignores the sandbox marker line and reads the COMMAND column', () => {
    const e = lsofCommandIs('docker-pr');
    expect(e.test(`[sandbox] simulated host\n${DOCKER_PROXY}`, 0)).toBeUndefined();
    expect(e.test(`${REDIS_SERVER}\n${DOCKER_PROXY.split('\n')[1]}`, 0)).toBeUndefined();
    expect(e.test(HEADER, 0)).toBe('lsof shows no process in the COMMAND column, not docker-pr.');
  });
});
