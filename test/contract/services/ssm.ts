/** SSM: public parameters, secrets put for a host script, Run Command on one instance and on a fleet by tag. */
import { RunInstancesCommand } from '../../../src/aws/sdk/ec2.js';
import { DeleteParameterCommand, GetCommandInvocationCommand, GetParameterCommand, ListCommandsCommand, PutParameterCommand, SendCommandCommand } from '../../../src/aws/sdk/ssm.js';
import { renderScript, scriptOutput, wrapForRunShellScript } from '../../../src/aws/shell.js';
import { shapeOf, type Probe, type ServiceContract } from '../harness.js';
import { launchRequest, UBUNTU_PARAMETER } from './ec2-compute.js';
import { ssmProfile } from './others.js';

/** A script the sandbox simulates for no runbook: it answers 127 for it, moto answers Success. */
const ECHO = wrapForRunShellScript(renderScript({ name: 'contract/echo', vars: {}, body: 'echo hello' }));
const FINISHED = ['Success', 'Failed', 'Cancelled', 'TimedOut'];

/** `count` instances named `name` that take Run Command. */
async function managedInstances(t: Probe, name: string, count: number): Promise<string[]> {
  await ssmProfile(t, name);
  const launched = await t.aws.ec2.send(new RunInstancesCommand({ ...(await launchRequest(t, name, { IamInstanceProfile: { Name: name } })), MinCount: count, MaxCount: count }));
  const ids = launched.Instances!.map((i) => i.InstanceId!);
  for (const id of ids) await t.arrange.ssmReady(id);
  return ids;
}

export const ssmContract: ServiceContract = {
  service: 'ssm',
  scenarios: [
    {
      name: "Canonical's public parameter for Ubuntu 24.04, and one that does not exist",
      operations: ['ssm:GetParameter'],
      async run(t) {
        const parameter = await t.aws.ssm.send(new GetParameterCommand({ Name: UBUNTU_PARAMETER }));
        t.observe('GetParameter', shapeOf(parameter, ['Parameter.Name', 'Parameter.Value', 'Parameter.Type', 'Parameter.Version']));
        t.observe('an AMI id', /^ami-[0-9a-f]+$/.test(parameter.Parameter?.Value ?? ''));
        t.observe('a missing parameter', await t.outcome(t.aws.ssm.send(new GetParameterCommand({ Name: '/aws/service/none/such/parameter' }))));
      },
    },
    {
      name: 'Run Command as runScript sends it: the wrapped script, the invocation, its output, not found',
      operations: ['ssm:SendCommand', 'ssm:GetCommandInvocation'],
      async run(t) {
        const [instanceId] = await managedInstances(t, t.unique('contract-ssm'), 1);
        const sent = await t.aws.ssm.send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: [instanceId!], Parameters: { commands: [ECHO] }, TimeoutSeconds: 600 }));
        t.observe('SendCommand', shapeOf(sent, ['Command.CommandId', 'Command.Status', 'Command.DocumentName', 'Command.InstanceIds']));
        const { value: invocation, states } = await t.until(
          'the invocation to finish',
          () => t.aws.ssm.send(new GetCommandInvocationCommand({ CommandId: sent.Command!.CommandId!, InstanceId: instanceId! })).catch((err: Error) => ({ Status: err.name })),
          (i) => ['Success', 'Failed'].includes(i.Status ?? ''),
          (i) => i.Status,
        );
        t.observe('invocation states', states.every((s) => ['InvocationDoesNotExist', 'Pending', 'InProgress', 'Success', 'Failed'].includes(s!)));
        t.observe('GetCommandInvocation', shapeOf(invocation, ['Status', 'ResponseCode', 'StandardOutputContent', 'StandardErrorContent']));
        t.observe('the script ran: its start line leads the output', scriptOutput((invocation as { StandardOutputContent?: string }).StandardOutputContent ?? '') !== undefined);
        t.observe('an unknown invocation', await t.outcome(t.aws.ssm.send(new GetCommandInvocationCommand({ CommandId: '00000000-0000-0000-0000-000000000000', InstanceId: instanceId! }))));
      },
    },
    {
      name: 'a secret as a host script takes it: a SecureString put for the run, overwritten, read decrypted, deleted, gone',
      operations: ['ssm:PutParameter', 'ssm:DeleteParameter'],
      async run(t) {
        const name = `/runbook/contract/${t.unique('secret')}`;
        const put = (value: string, overwrite: boolean) => t.aws.ssm.send(new PutParameterCommand({ Name: name, Type: 'SecureString', Value: value, Overwrite: overwrite, Description: 'contract: read once by the host, then deleted' }));
        t.observe('PutParameter', shapeOf(await put('first', true), ['Version', 'Tier']));
        t.observe('the same name without Overwrite', await t.outcome(put('second', false)));
        t.observe('overwritten: its version', (await put('second', true)).Version);
        const read = await t.aws.ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
        t.observe('read back decrypted', [read.Parameter?.Type, read.Parameter?.Value, read.Parameter?.Version]);
        t.observe('read without decryption is not the value', (await t.aws.ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value !== 'second');
        t.observe('DeleteParameter', await t.outcome(t.aws.ssm.send(new DeleteParameterCommand({ Name: name }))));
        t.observe('the deleted parameter', await t.outcome(t.aws.ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))));
        t.observe('deleting it again', await t.outcome(t.aws.ssm.send(new DeleteParameterCommand({ Name: name }))));
      },
    },
    {
      name: 'a fleet command as ssm.script sends it by tag: Targets, MaxConcurrency and MaxErrors, ListCommands until finished',
      operations: ['ssm:SendCommand', 'ssm:ListCommands'],
      async run(t) {
        const name = t.unique('contract-fleet');
        await managedInstances(t, name, 2);
        const sent = await t.aws.ssm.send(
          new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', Targets: [{ Key: 'tag:Name', Values: [name] }], MaxConcurrency: '1', MaxErrors: '0', Parameters: { commands: [ECHO] }, TimeoutSeconds: 600 }),
        );
        t.observe('SendCommand by tag', shapeOf(sent, ['Command.CommandId', 'Command.Status', 'Command.Targets[].Key', 'Command.MaxConcurrency', 'Command.MaxErrors']));
        const { value: command, states } = await t.until(
          'the command to finish',
          () => t.aws.ssm.send(new ListCommandsCommand({ CommandId: sent.Command!.CommandId })).then((r) => r.Commands?.[0]),
          (c) => FINISHED.includes(c?.Status ?? ''),
          (c) => c?.Status,
        );
        t.observe('command states', states.every((s) => ['Pending', 'InProgress', ...FINISHED].includes(s)));
        t.observe('ListCommands', shapeOf(command, ['CommandId', 'Status', 'TargetCount', 'CompletedCount', 'ErrorCount', 'MaxConcurrency', 'MaxErrors']));
        t.observe('the tag resolved to both instances', command?.TargetCount);
        t.observe('an unknown command', await t.outcome(t.aws.ssm.send(new ListCommandsCommand({ CommandId: '00000000-0000-0000-0000-000000000000' }))));
      },
    },
  ],
  notInMoto: {
    'ssm:DescribeInstanceInformation': 'not implemented by moto 5.2.1 (500 HTML page): no agent ever registers',
    'ssm:StartSession': 'not implemented by moto 5.2.1 (500 HTML page)',
    'ssm:TerminateSession': 'not implemented by moto 5.2.1 (500 HTML page)',
    'ssm:ListCommandInvocations': 'not implemented by moto 5.2.1 (no list_command_invocations in moto/ssm: a 500 HTML page)',
  },
};
