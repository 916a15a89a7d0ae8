import { RebootInstancesCommand, RunInstancesCommand } from '../../../src/aws/sdk/ec2.js';
import { DescribeInstanceInformationCommand, SendCommandCommand } from '../../../src/aws/sdk/ssm.js';
import { describe, expect, it } from 'vitest';
import { newSandbox, runScript, simulatedWait, ssmReadyInstance, UBUNTU_AMI } from '../../../test/sandbox/helpers.js';
import simulation from '../simulation.js';

const CONTAINER = { CONTAINER: 'redis_server', IMAGE: 'redis:7', PORT: 6379 };

function unitFile(wantedBy: string): Record<string, string> {
  const content = [
    '[Unit]',
    'Description=Redis container',
    'After=docker.service',
    '',
    '[Service]',
    'Restart=always',
    'ExecStart=/usr/bin/docker start -a redis_server',
    'ExecStop=/usr/bin/docker stop -t 2 redis_server',
    '',
    '[Install]',
    `WantedBy=${wantedBy}`,
    '',
  ].join('\n');
  return { UNIT_NAME: 'redis-container', UNIT_PATH: '/etc/systemd/system/redis-container.service', UNIT_CONTENT: content };
}

describe('sandbox hosts through SSM', () => {
  it('reports an instance Online only once its agent has registered', async () => {
    const { aws } = newSandbox(undefined, simulation);
    const plain = await aws.ec2.send(new RunInstancesCommand({ ImageId: UBUNTU_AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }));
    const id = await ssmReadyInstance(aws);
    const { InstanceInformationList } = await aws.ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [id, plain.Instances![0]!.InstanceId!] }] }));
    // The instance without an SSM instance profile never registers.
    expect(InstanceInformationList!.map((i) => [i.InstanceId, i.PingStatus])).toEqual([[id, 'Online']]);
    await expect(
      aws.ssm.send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: [plain.Instances![0]!.InstanceId!], Parameters: { commands: ['true'] } })),
    ).rejects.toMatchObject({ name: 'InvalidInstanceId' });
  });

  it('installs docker, after which the probe says it is ready; probes change nothing', async () => {
    const { aws, sandbox } = newSandbox(undefined, simulation);
    const id = await ssmReadyInstance(aws);
    const before = await runScript(aws, id, 'redis-sessions/docker-ready', { USER_NAME: 'ubuntu' }, { probe: true });
    expect(before.exitCode).toBe(1);
    expect(before.stdout).toContain('docker is not installed');
    expect(before.stdout.startsWith('[sandbox] simulated output\n')).toBe(true);

    const install = await runScript(aws, id, 'redis-sessions/install-docker', { USER_NAME: 'ubuntu' });
    expect(install).toMatchObject({ status: 'Success', exitCode: 0 });
    const after = await runScript(aws, id, 'redis-sessions/docker-ready', { USER_NAME: 'ubuntu' }, { probe: true });
    expect(after.exitCode).toBe(0);

    const sent = sandbox.scriptsSent();
    expect(sent.map((s) => [s.name, s.probe])).toEqual([
      ['redis-sessions/docker-ready', true],
      ['redis-sessions/install-docker', false],
      ['redis-sessions/docker-ready', true],
    ]);
    expect(sent[1]!.text).toContain("USER_NAME='ubuntu'");
  });

  it('fails a script it has no simulation for with 127, never a fake success', async () => {
    const { aws } = newSandbox(undefined, simulation);
    const id = await ssmReadyInstance(aws);
    const result = await runScript(aws, id, 'redis-sessions/not-a-script', {});
    expect(result).toMatchObject({ status: 'Failed', exitCode: 127 });
    expect(result.stderr).toContain('sandbox: script redis-sessions/not-a-script has no simulation');
  });

  it('shows the source defect: a unit WantedBy=local.target does not come back after a reboot, multi-user.target does', async () => {
    const { aws } = newSandbox(undefined, simulation);
    const id = await ssmReadyInstance(aws);
    await runScript(aws, id, 'redis-sessions/install-docker', { USER_NAME: 'ubuntu' });
    expect((await runScript(aws, id, 'redis-sessions/create-redis-container', CONTAINER)).exitCode).toBe(0);
    expect((await runScript(aws, id, 'redis-sessions/redis-container-ready', CONTAINER, { probe: true })).exitCode).toBe(0);

    const broken = unitFile('local.target');
    expect((await runScript(aws, id, 'redis-sessions/install-redis-unit', broken)).exitCode).toBe(0);
    expect((await runScript(aws, id, 'redis-sessions/redis-unit-ready', broken, { probe: true })).exitCode).toBe(0);
    const listening = await runScript(aws, id, 'redis-sessions/port-listener', { PORT: 6379 }, { probe: true });
    expect(listening.exitCode).toBe(0);
    expect(listening.stdout).toContain('COMMAND     PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME');
    expect(listening.stdout.match(/^docker-pr .* TCP \*:6379 \(LISTEN\)$/gm)).toHaveLength(2);

    const reboot = async () => {
      await aws.ec2.send(new RebootInstancesCommand({ InstanceIds: [id] }));
      const info = await aws.ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [id] }] }));
      expect(info.InstanceInformationList![0]!.PingStatus).toBe('ConnectionLost');
      await simulatedWait(16);
    };
    await reboot();
    const afterBroken = await runScript(aws, id, 'redis-sessions/redis-ping', { CONTAINER: 'redis_server' }, { probe: true });
    expect(afterBroken.exitCode).toBe(1);
    expect(afterBroken.stderr).toMatch(/Error response from daemon: container [0-9a-f]+ is not running/);
    expect((await runScript(aws, id, 'redis-sessions/port-listener', { PORT: 6379 }, { probe: true })).exitCode).toBe(1);
    expect((await runScript(aws, id, 'redis-sessions/docker-ready', { USER_NAME: 'ubuntu' }, { probe: true })).exitCode).toBe(0);

    const fixed = unitFile('multi-user.target');
    expect((await runScript(aws, id, 'redis-sessions/redis-unit-ready', fixed, { probe: true })).exitCode).toBe(1);
    expect((await runScript(aws, id, 'redis-sessions/install-redis-unit', fixed)).exitCode).toBe(0);
    expect((await runScript(aws, id, 'redis-sessions/reboot-survived', { UNIT_PATH: fixed.UNIT_PATH! }, { probe: true })).exitCode).toBe(1);
    await reboot();
    const ping = await runScript(aws, id, 'redis-sessions/redis-ping', { CONTAINER: 'redis_server' }, { probe: true });
    expect(ping).toMatchObject({ exitCode: 0 });
    expect(ping.stdout).toContain('PONG');
    const survived = await runScript(aws, id, 'redis-sessions/reboot-survived', { UNIT_PATH: fixed.UNIT_PATH! }, { probe: true });
    expect(survived.exitCode).toBe(0);
    expect(survived.stdout).toMatch(/boot=\d+\.\d{3} unit=\d+\.\d{3}/);
  });

  it('refuses to create the container while docker is not running', async () => {
    const { aws } = newSandbox(undefined, simulation);
    const id = await ssmReadyInstance(aws);
    const result = await runScript(aws, id, 'redis-sessions/create-redis-container', CONTAINER);
    expect(result).toMatchObject({ exitCode: 1 });
    expect(result.stderr).toContain('docker is not running');
  });
});
