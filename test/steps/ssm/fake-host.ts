/**
 * Fake hosts behind SSM Run Command, on the shared SSM mock: each SendCommand
 * gets a command id and, for each instance it names (by InstanceIds, or by
 * Targets resolved through `tagged`), an answer chosen by the script's name.
 * The first GetCommandInvocation of each invocation answers
 * InvocationDoesNotExist (as SSM does right after SendCommand), the next
 * ones the answer; ListCommands says the command finished once it was polled
 * once; ListCommandInvocations lists a tag-targeted command's instances.
 */
import {
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  SendCommandCommand,
  type SendCommandCommandInput,
} from '../../../src/aws/sdk/ssm.js';
import { parseScript, SCRIPT_STARTED, type ShellScript } from '../../../src/aws/shell.js';
import { awsError, mocks } from '../../helpers/mock-sdk.js';

export interface HostAnswer {
  exitCode: number;
  stdout?: string;
  stderr?: string;
  /** SendCommand itself rejects with this error (the script never runs). */
  sendError?: Error;
  /** The invocation ended without running the script (`Cancelled` when SSM reached MaxErrors, `Undeliverable`). */
  status?: string;
}

/** Answers consumed in order per script (the last one repeats), or chosen per instance and attempt. */
export type Answers = Record<string, HostAnswer[] | ((instanceId: string, attempt: number) => HostAnswer)>;

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

export function fakeHost(answers: Answers, options: { tagged?: Record<string, string[]> } = {}): FakeHost {
  const sent: SentScript[] = [];
  const commands = new Map<string, { invocations: Map<string, { answer: HostAnswer; polls: number }>; polled: boolean; byTargets: boolean }>();
  const used: Record<string, number> = {};
  mocks.ssm.on(SendCommandCommand).callsFake(async (input: SendCommandCommandInput) => {
    const text = input.Parameters?.commands?.[0] ?? '';
    const parsed = parseScript(text);
    if (!parsed) throw new Error(`fake host: no runbook-script marker in ${text}`);
    sent.push({ ...parsed, text, input });
    const rule = answers[parsed.name];
    if (!rule || (Array.isArray(rule) && !rule.length)) throw new Error(`fake host: no answer for ${parsed.name}`);
    const ids = input.InstanceIds ?? (input.Targets ?? []).flatMap((t) => (t.Values ?? []).flatMap((v) => options.tagged?.[`${t.Key}=${v}`] ?? []));
    const n = used[parsed.name] ?? 0;
    used[parsed.name] = n + 1;
    const answerFor = (id: string) => (typeof rule === 'function' ? rule(id, n) : rule[Math.min(n, rule.length - 1)]!);
    const first = ids.length ? answerFor(ids[0]!) : undefined;
    if (first?.sendError) throw first.sendError;
    const commandId = `cmd-${sent.length}`;
    commands.set(commandId, { invocations: new Map(ids.map((id) => [id, { answer: answerFor(id), polls: 0 }])), polled: false, byTargets: !input.InstanceIds });
    return { Command: { CommandId: commandId, TargetCount: ids.length } };
  });
  mocks.ssm.on(ListCommandsCommand).callsFake(async (input: { CommandId?: string }) => {
    const c = commands.get(input.CommandId ?? '');
    if (!c) throw awsError('InvalidCommandId');
    const status = c.polled ? 'Success' : 'InProgress';
    c.polled = true;
    return { Commands: [{ CommandId: input.CommandId, Status: status, TargetCount: c.invocations.size, CompletedCount: status === 'Success' ? c.invocations.size : 0 }] };
  });
  mocks.ssm.on(ListCommandInvocationsCommand).callsFake(async (input: { CommandId?: string }) => {
    const c = commands.get(input.CommandId ?? '');
    if (!c) throw awsError('InvalidCommandId');
    return { CommandInvocations: [...c.invocations.keys()].map((InstanceId) => ({ CommandId: input.CommandId, InstanceId })) };
  });
  mocks.ssm.on(GetCommandInvocationCommand).callsFake(async (input: { CommandId?: string; InstanceId?: string }) => {
    const c = commands.get(input.CommandId ?? '');
    const r = c?.invocations.get(input.InstanceId ?? '');
    // A fleet's invocations are read once the command has finished: visible by then.
    if (!c || !r || (r.polls++ === 0 && !c.polled)) throw awsError('InvocationDoesNotExist');
    const { answer } = r;
    if (answer.status) return { CommandId: input.CommandId, InstanceId: input.InstanceId, Status: answer.status, StatusDetails: answer.status === 'Cancelled' ? 'Terminated' : answer.status, ResponseCode: -1, StandardOutputContent: '', StandardErrorContent: '' };
    return {
      CommandId: input.CommandId,
      InstanceId: input.InstanceId,
      Status: answer.exitCode === 0 ? 'Success' : 'Failed',
      ResponseCode: answer.exitCode,
      StandardOutputContent: `${SCRIPT_STARTED}\n${answer.stdout ?? ''}`,
      StandardErrorContent: answer.stderr ?? '',
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
