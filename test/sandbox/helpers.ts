/** A sandbox on a fresh temporary state dir, and the real SDK stack in front of it. */
import { CreateInstanceProfileCommand, AddRoleToInstanceProfileCommand, AttachRolePolicyCommand, CreateRoleCommand } from '../../src/aws/sdk/iam.js';
import { RunInstancesCommand } from '../../src/aws/sdk/ec2.js';
import { GetCommandInvocationCommand, SendCommandCommand, type GetCommandInvocationCommandOutput } from '../../src/aws/sdk/ssm.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { asProbe } from '../../src/aws/call-context.js';
import { AwsSession } from '../../src/aws/session.js';
import { renderScript, scriptOutput, wrapForRunShellScript } from '../../src/aws/shell.js';
import { openSandbox, SANDBOX_MS_PER_SECOND, type RunbookSimulation, type Sandbox, type SandboxFaults } from '../../src/sandbox/index.js';

const dirs: string[] = [];
const sessions: AwsSession[] = [];

afterEach(() => {
  for (const s of sessions.splice(0)) s.destroy();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function tempStateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-sandbox-'));
  dirs.push(dir);
  return dir;
}

export function sessionFor(sandbox: Sandbox): AwsSession {
  const session = new AwsSession({ target: {}, backend: sandbox });
  sessions.push(session);
  return session;
}

/** A fresh account; `simulation` is what the runbook under test does on its hosts. */
export function newSandbox(faults?: SandboxFaults, simulation?: RunbookSimulation): { sandbox: Sandbox; aws: AwsSession; stateDir: string } {
  const stateDir = tempStateDir();
  const sandbox = openSandbox({ stateDir, faults, ...(simulation ? { simulation } : {}) });
  return { sandbox, aws: sessionFor(sandbox), stateDir };
}

/** Wait `seconds` simulated seconds (real time, scaled). */
export function simulatedWait(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * SANDBOX_MS_PER_SECOND));
}

export const UBUNTU_AMD64_PARAMETER = '/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id';
export const UBUNTU_AMI = 'ami-0a1b2c3d4e5f60001';

/** An instance profile whose role SSM accepts, and a running Ubuntu instance with it, SSM-online. */
export async function ssmReadyInstance(aws: AwsSession, name = 'redis'): Promise<string> {
  await aws.iam.send(new CreateRoleCommand({ RoleName: `${name}-role`, AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }) }));
  await aws.iam.send(new AttachRolePolicyCommand({ RoleName: `${name}-role`, PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' }));
  await aws.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: `${name}-profile` }));
  await aws.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: `${name}-profile`, RoleName: `${name}-role` }));
  const run = await aws.ec2.send(
    new RunInstancesCommand({ ImageId: UBUNTU_AMI, InstanceType: 't3.small', MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: `${name}-profile` } }),
  );
  await simulatedWait(41);
  return run.Instances![0]!.InstanceId!;
}

export interface RunResult {
  status: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  invocation: GetCommandInvocationCommandOutput;
}

/** Send a rendered runbook script as the runbook's SSM helper does, and poll until it finishes; stdout as the helper reads it (the start line taken off). */
export async function runScript(aws: AwsSession, instanceId: string, name: string, vars: Record<string, string | number>, opts: { probe?: boolean } = {}): Promise<RunResult> {
  const text = wrapForRunShellScript(renderScript({ name, vars, body: 'echo simulated' }));
  const send = () => aws.ssm.send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: [instanceId], Parameters: { commands: [text] } }));
  const sent = opts.probe ? await asProbe(send) : await send();
  const commandId = sent.Command!.CommandId!;
  for (let i = 0; i < 400; i++) {
    await simulatedWait(1);
    try {
      const inv = await aws.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }));
      if (inv.Status === 'Success' || inv.Status === 'Failed')
        return { status: inv.Status, exitCode: inv.ResponseCode!, stdout: scriptOutput(inv.StandardOutputContent!) ?? `(no start line) ${inv.StandardOutputContent}`, stderr: inv.StandardErrorContent!, invocation: inv };
    } catch (err) {
      if ((err as Error).name !== 'InvocationDoesNotExist') throw err;
    }
  }
  throw new Error(`${name} did not finish`);
}
