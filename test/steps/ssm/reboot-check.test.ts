import { RebootInstancesCommand } from '../../../src/aws/sdk/ec2.js';
import { DescribeInstanceInformationCommand, SendCommandCommand } from '../../../src/aws/sdk/ssm.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { outputLineIs } from '../../../src/steps/ssm/expectations.js';
import { RebootCheckFailed, rebootCheckKind, type RebootCheckInput } from '../../../src/steps/ssm/reboot-check.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';
import { agentOnline, fakeHost, INSTANCE_ID, shellScript } from './fake-host.js';

const SINCE = 'redis-sessions/booted-since-setup';
const PING = 'redis-sessions/redis-ping';

const input: RebootCheckInput = {
  instanceId: INSTANCE_ID,
  since: shellScript(SINCE, { MARKER: '/var/lib/runbook/setup-done' }),
  checks: [{ probe: shellScript(PING), expect: outputLineIs('PONG') }],
};

const booted = { exitCode: 0, stdout: 'booted 2024-05-01T10:02:00Z, setup 2024-05-01T09:55:00Z' };
const notBooted = { exitCode: 1, stdout: 'last boot 2024-05-01T09:00:00Z is before setup' };

describe('ssm.rebootCheck', () => {
  beforeEach(resetMocks);

  it('is done without rebooting when the host has booted since the setup and the checks pass', async () => {
    const host = fakeHost({ [SINCE]: [booted], [PING]: [{ exitCode: 0, stdout: 'PONG' }] });

    const result = await rebootCheckKind.check(stepContext(), input);

    expect(result).toEqual({
      done: true,
      outputs: {},
      evidence: [`rebooted after setup: ${booted.stdout}`, `$ ${PING}\nPONG`],
    });
    expect(host.names()).toEqual([SINCE, PING]);
    expect(mocks.ec2.commandCalls(RebootInstancesCommand)).toHaveLength(0);
  });

  it('reboots when the host has not booted since the setup, then waits for the agent and the probe', async () => {
    const host = fakeHost({ [SINCE]: [notBooted, notBooted, booted], [PING]: [{ exitCode: 0, stdout: 'PONG' }] });
    mocks.ec2.on(RebootInstancesCommand).resolves({});
    let pings = 0;
    mocks.ssm.on(DescribeInstanceInformationCommand).callsFake(async () => ({
      InstanceInformationList: [{ InstanceId: INSTANCE_ID, PingStatus: pings++ === 0 ? 'ConnectionLost' : 'Online' }],
    }));
    const ctx = stepContext();

    const result = await rebootCheckKind.check(ctx, input);
    expect(result).toEqual({ done: false, reason: `No reboot since the setup yet (${notBooted.stdout}).` });
    if (result.done) return;
    expect(host.names()).toEqual([SINCE]);

    expect(rebootCheckKind.plan(input, undefined)).toEqual([
      { service: 'ec2', operation: 'RebootInstances', input: { InstanceIds: [INSTANCE_ID] }, note: 'then the checks run again' },
    ]);

    await expect(rebootCheckKind.apply!(ctx, input, undefined)).resolves.toEqual({});

    expect(mocks.ec2.commandCalls(RebootInstancesCommand)).toHaveLength(1);
    expect(mocks.ec2.commandCalls(RebootInstancesCommand)[0]!.args[0].input).toEqual({ InstanceIds: [INSTANCE_ID] });
    // One probe in check, then: agent ConnectionLost (no probe), Online + not yet, Online + booted.
    expect(host.names()).toEqual([SINCE, SINCE, SINCE]);
    expect(pings).toBe(3);
    expect(ctx.progressLines.some((l) => l.includes('SSM agent ConnectionLost'))).toBe(true);
    expect(ctx.progressLines.some((l) => l.includes('not rebooted yet'))).toBe(true);

    const verified = await rebootCheckKind.verify!(ctx, input, {});
    expect(verified).toEqual({ ok: true, evidence: [`$ ${PING}\nPONG`] });
  });

  it('fails the check, with the output, when a check does not hold after the reboot', async () => {
    fakeHost({ [SINCE]: [booted], [PING]: [{ exitCode: 1, stdout: 'Could not connect to Redis at 127.0.0.1:6379: Connection refused' }] });

    const check = rebootCheckKind.check(stepContext(), input);

    await expect(check).rejects.toBeInstanceOf(RebootCheckFailed);
    await expect(check).rejects.toThrow('After the reboot: the output is PONG: expected PONG, got Could not connect');
    expect(mocks.ec2.commandCalls(RebootInstancesCommand)).toHaveLength(0);
  });

  it('reports failing checks from verify', async () => {
    fakeHost({ [PING]: [{ exitCode: 1, stdout: '' }] });
    const result = await rebootCheckKind.verify!(stepContext(), input, {});
    expect(result).toMatchObject({ ok: false, reason: 'After the reboot: the output is PONG: expected PONG, got no output (exit 1).' });
  });

  it('passes AWS errors on: SendCommand in check, RebootInstances in apply', async () => {
    const denied = awsError('AccessDeniedException', 'not authorized to perform ssm:SendCommand');
    mocks.ssm.on(SendCommandCommand).rejects(denied);
    await expect(rebootCheckKind.check(stepContext(), input)).rejects.toBe(denied);

    agentOnline();
    mocks.ec2.on(RebootInstancesCommand).rejects(awsError('UnauthorizedOperation'));
    await expect(rebootCheckKind.apply!(stepContext(), input, undefined)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    expect(mocks.ssm.commandCalls(DescribeInstanceInformationCommand)).toHaveLength(0);
  });

  it('keeps waiting while SendCommand answers InvalidInstanceId as the host goes down', async () => {
    mocks.ec2.on(RebootInstancesCommand).resolves({});
    agentOnline();
    const host = fakeHost({ [SINCE]: [{ exitCode: 0, sendError: awsError('InvalidInstanceId', 'Instances not in a valid state for account') }, booted] });
    const ctx = stepContext();

    await expect(rebootCheckKind.apply!(ctx, input, undefined)).resolves.toEqual({});

    expect(host.names()).toEqual([SINCE, SINCE]);
    expect(ctx.progressLines.some((l) => l.includes('going down'))).toBe(true);
  });
});
