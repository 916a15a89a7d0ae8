/** The sandbox's Run Command on a fleet: tag Targets, MaxConcurrency turns, MaxErrors cancellations, ListCommands, ListCommandInvocations. */
import { RunInstancesCommand } from '../../src/aws/sdk/ec2.js';
import { AddRoleToInstanceProfileCommand, AttachRolePolicyCommand, CreateInstanceProfileCommand, CreateRoleCommand } from '../../src/aws/sdk/iam.js';
import { GetCommandInvocationCommand, ListCommandInvocationsCommand, ListCommandsCommand, SendCommandCommand } from '../../src/aws/sdk/ssm.js';
import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/core/clock.js';
import type { AwsSession } from '../../src/aws/session.js';
import { renderScript, wrapForRunShellScript } from '../../src/aws/shell.js';
import { runOnFleet } from '../../src/aws/ssm-fleet.js';
import { defineSimulation, outcome } from '../../src/sandbox/host/simulation.js';
import { SANDBOX_MS_PER_SECOND } from '../../src/sandbox/index.js';
import { newSandbox, simulatedWait, UBUNTU_AMI } from './helpers.js';

// `fleet/break` marks a host; `fleet/check` then fails there, and succeeds elsewhere, after 100 simulated seconds (long enough to watch the turns).
const simulation = defineSimulation(
  ['fleet/break', (host) => ((host.packages.broken = '1'), outcome(0, ['broken']))],
  ['fleet/check', (host) => (host.packages.broken ? outcome(1, ['broken here'], [], 100) : outcome(0, ['fine'], [], 100))],
);

const text = (name: string) => wrapForRunShellScript(renderScript({ name, vars: {}, body: 'true' }));

/** `count` SSM-online instances tagged Role=web, one more without the tag; ids sorted. */
async function fleet(aws: AwsSession, count: number): Promise<string[]> {
  await aws.iam.send(new CreateRoleCommand({ RoleName: 'web', AssumeRolePolicyDocument: '{}' }));
  await aws.iam.send(new AttachRolePolicyCommand({ RoleName: 'web', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' }));
  await aws.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web' }));
  await aws.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'web' }));
  const launch = (n: number, tags: { Key: string; Value: string }[]) =>
    aws.ec2.send(new RunInstancesCommand({ ImageId: UBUNTU_AMI, InstanceType: 't3.small', MinCount: n, MaxCount: n, IamInstanceProfile: { Name: 'web' }, TagSpecifications: [{ ResourceType: 'instance', Tags: tags }] }));
  const web = await launch(count, [{ Key: 'Role', Value: 'web' }]);
  await launch(1, [{ Key: 'Role', Value: 'db' }]);
  await simulatedWait(41);
  return web.Instances!.map((i) => i.InstanceId!).sort();
}

async function finished(aws: AwsSession, commandId: string) {
  for (let i = 0; i < 100; i++) {
    const command = (await aws.ssm.send(new ListCommandsCommand({ CommandId: commandId }))).Commands![0]!;
    if (!['Pending', 'InProgress'].includes(command.Status!)) return command;
    await simulatedWait(10);
  }
  throw new Error('the command did not finish');
}

async function statuses(aws: AwsSession, commandId: string) {
  const list = (await aws.ssm.send(new ListCommandInvocationsCommand({ CommandId: commandId }))).CommandInvocations!;
  return Object.fromEntries(list.map((i) => [i.InstanceId!, `${i.Status}/${i.StatusDetails}`]));
}

describe('sandbox Run Command on a fleet', () => {
  it('sends to every online instance with the tag, in turns of MaxConcurrency, and cancels the turns after MaxErrors', async () => {
    const { aws } = newSandbox(undefined, simulation);
    const ids = await fleet(aws, 5);
    await aws.ssm.send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: ids.slice(0, 2), Parameters: { commands: [text('fleet/break')] } }));

    const sent = await aws.ssm.send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', Targets: [{ Key: 'tag:Role', Values: ['web'] }], MaxConcurrency: '2', MaxErrors: '0', Parameters: { commands: [text('fleet/check')] } }));
    expect(sent.Command).toMatchObject({ Status: 'Pending', TargetCount: 5, CompletedCount: 0, MaxConcurrency: '2', MaxErrors: '0', InstanceIds: [], Targets: [{ Key: 'tag:Role', Values: ['web'] }] });
    const commandId = sent.Command!.CommandId!;
    // The first turn runs on two instances; the others wait for theirs.
    expect(Object.values(await statuses(aws, commandId))).toEqual(['InProgress/In Progress', 'InProgress/In Progress', 'Pending/Pending', 'Pending/Pending', 'Pending/Pending']);

    const command = await finished(aws, commandId);
    expect(command).toMatchObject({ Status: 'Failed', StatusDetails: 'Failed', TargetCount: 5, CompletedCount: 5, ErrorCount: 2 });
    expect(await statuses(aws, commandId)).toEqual({
      [ids[0]!]: 'Failed/Failed',
      [ids[1]!]: 'Failed/Failed',
      [ids[2]!]: 'Cancelled/Terminated',
      [ids[3]!]: 'Cancelled/Terminated',
      [ids[4]!]: 'Cancelled/Terminated',
    });
    await expect(aws.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: ids[2]! }))).resolves.toMatchObject({ Status: 'Cancelled', StatusDetails: 'Terminated', ResponseCode: -1, StandardOutputContent: '' });
  });

  it('runs on all when MaxErrors allows the failures: the command is Incomplete, each result is there', async () => {
    const { aws } = newSandbox(undefined, simulation);
    const ids = await fleet(aws, 4);
    await aws.ssm.send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: [ids[3]!], Parameters: { commands: [text('fleet/break')] } }));
    const sent = await aws.ssm.send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: ids, MaxErrors: '50%', Parameters: { commands: [text('fleet/check')] } }));

    const command = await finished(aws, sent.Command!.CommandId!);

    expect(command).toMatchObject({ Status: 'Failed', StatusDetails: 'Incomplete', ErrorCount: 1, InstanceIds: ids });
    const details = await aws.ssm.send(new ListCommandInvocationsCommand({ CommandId: sent.Command!.CommandId!, InstanceId: ids[3]!, Details: true }));
    expect(details.CommandInvocations![0]!.CommandPlugins![0]).toMatchObject({ Name: 'aws:runShellScript', Status: 'Failed', ResponseCode: 1, Output: expect.stringContaining('broken here') });
  });

  it('refuses rate controls SSM refuses, InstanceIds with Targets, and an unknown command', async () => {
    const { aws } = newSandbox(undefined, simulation);
    const ids = await fleet(aws, 1);
    const send = (extra: object) => aws.ssm.send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', Parameters: { commands: [text('fleet/check')] }, ...extra }));
    await expect(send({ InstanceIds: ids, MaxConcurrency: '0' })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(send({ InstanceIds: ids, MaxErrors: '101%' })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(send({ InstanceIds: ids, Targets: [{ Key: 'tag:Role', Values: ['web'] }] })).rejects.toMatchObject({ name: 'InvalidParameters' });
    await expect(send({ Targets: [{ Key: 'resource-groups:Name', Values: ['web'] }] })).rejects.toThrow(/not supported by the sandbox|sandbox/);
    await expect(aws.ssm.send(new ListCommandsCommand({ CommandId: '00000000-0000-0000-0000-000000000000' }))).rejects.toMatchObject({ name: 'InvalidCommandId' });
    // A tag no instance has: a command to nobody, finished at once.
    const none = await send({ Targets: [{ Key: 'tag:Role', Values: ['cache'] }] });
    expect(none.Command).toMatchObject({ TargetCount: 0 });
  });

  it('is what runOnFleet reads: each instance of a tag target with its own result', async () => {
    const { aws } = newSandbox(undefined, simulation);
    const ids = await fleet(aws, 3);
    const ctx = { aws, runId: 'r', runbookId: 'fleet', stepId: 'check', clock: createClock(SANDBOX_MS_PER_SECOND), signal: new AbortController().signal, progress: () => {} };

    const results = await runOnFleet(ctx, { tags: { Role: 'web' } }, { name: 'fleet/check', vars: {}, body: 'true' }, { maxConcurrency: '50%' });

    expect(results.map((r) => [r.instanceId, r.status, r.exitCode])).toEqual(ids.map((id) => [id, 'Success', 0]));
    expect(results[0]!.stdout).toContain('fine');
  });
});
