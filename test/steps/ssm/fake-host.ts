/**
 * A fake host behind SSM Run Command, on the shared SSM mock: each SendCommand
 * gets a command id and an answer chosen by the script's name; the first
 * GetCommandInvocation of each command answers InvocationDoesNotExist (as SSM
 * does right after SendCommand), the next ones the answer.
 */
import { DescribeInstanceInformationCommand, GetCommandInvocationCommand, SendCommandCommand, type SendCommandCommandInput } from '../../../src/aws/sdk/ssm.js';
import { parseScript, SCRIPT_STARTED, type ShellScript } from '../../../src/aws/shell.js';
import { awsError, mocks } from '../../helpers/mock-sdk.js';

export interface HostAnswer {
  exitCode: number;
  stdout?: string;
  stderr?: string;
  /** SendCommand itself rejects with this error (the script never runs). */
  sendError?: Error;
}

export interface SentScript {
  name: string;
  vars: Record<string, string>;
  text: string;
  input: SendCommandCommandInput;
}

export interface FakeHost {
  /** Every script sent, in order. */
  sent: SentScript[];
  /** Names of the scripts sent, in order. */
  names(): string[];
}

export const INSTANCE_ID = 'i-0123456789abcdef0';

/** `answers[name]` is a list consumed in order; its last answer repeats. */
export function fakeHost(answers: Record<string, HostAnswer[]>): FakeHost {
  const sent: SentScript[] = [];
  const results = new Map<string, { answer: HostAnswer; polls: number }>();
  const used: Record<string, number> = {};
  mocks.ssm.on(SendCommandCommand).callsFake(async (input: SendCommandCommandInput) => {
    const text = input.Parameters?.commands?.[0] ?? '';
    const parsed = parseScript(text);
    if (!parsed) throw new Error(`fake host: no runbook-script marker in ${text}`);
    sent.push({ ...parsed, text, input });
    const list = answers[parsed.name];
    if (!list?.length) throw new Error(`fake host: no answer for ${parsed.name}`);
    const n = used[parsed.name] ?? 0;
    used[parsed.name] = n + 1;
    const answer = list[Math.min(n, list.length - 1)]!;
    if (answer.sendError) throw answer.sendError;
    const commandId = `cmd-${sent.length}`;
    results.set(commandId, { answer, polls: 0 });
    return { Command: { CommandId: commandId } };
  });
  mocks.ssm.on(GetCommandInvocationCommand).callsFake(async (input: { CommandId?: string; InstanceId?: string }) => {
    const r = results.get(input.CommandId ?? '');
    if (!r || r.polls++ === 0) throw awsError('InvocationDoesNotExist');
    return {
      CommandId: input.CommandId,
      InstanceId: input.InstanceId,
      Status: r.answer.exitCode === 0 ? 'Success' : 'Failed',
      ResponseCode: r.answer.exitCode,
      StandardOutputContent: `${SCRIPT_STARTED}\n${r.answer.stdout ?? ''}`,
      StandardErrorContent: r.answer.stderr ?? '',
    };
  });
  return { sent, names: () => sent.map((s) => s.name) };
}

export function agentOnline(): void {
  mocks.ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [{ InstanceId: INSTANCE_ID, PingStatus: 'Online' }] });
}

export function shellScript(name: string, vars: ShellScript['vars'] = {}, body = 'true'): ShellScript {
  return { name, vars, body };
}
