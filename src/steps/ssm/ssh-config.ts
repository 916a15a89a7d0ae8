/**
 * `ssm.sshConfig`: the `~/.ssh/config` block that makes `ssh <host>` reach
 * the instance through Session Manager (AWS-StartSSHSession as the
 * ProxyCommand), so port 22 never opens to the network. Written to a file
 * in the runbook's output folder, to `Include` from ~/.ssh/config; the block
 * is also the step's evidence. Rewritten only when it changes. The AWS CLI in
 * the ProxyCommand gets the run's region, profile and endpoint, so ssh
 * reaches the instance with the same credentials and account as the run.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { writeFileAtomic } from '../../io/files.js';

export interface SshConfigInput {
  /** What `ssh` is given: the Host alias. */
  host: string;
  instanceId: string;
  user: string;
  /** A private key for the instance's user, when it has one. */
  identityFile?: string;
}

export interface SshConfigOutputs {
  path: string;
}

/** Where `aws ssm start-session` must go: the run's own region, profile and endpoint. */
export interface SessionTarget {
  region: string;
  profile?: string;
  endpointUrl?: string;
}

/** Values that go into the ProxyCommand as they are: nothing a shell would read as code. */
const PLAIN = /^[A-Za-z0-9._:/@+=,-]+$/;

function cliOptions(target: SessionTarget): string {
  const options: [string, string | undefined][] = [
    ['--region', target.region],
    ['--profile', target.profile],
    ['--endpoint-url', target.endpointUrl],
  ];
  return options
    .filter((o): o is [string, string] => Boolean(o[1]))
    .map(([flag, value]) => ` ${flag} ${value}`)
    .join('');
}

export function sshConfigBlock(input: SshConfigInput, target: SessionTarget): string {
  return [
    `# ssh ${input.host}: ${input.instanceId} through AWS Systems Manager Session Manager (needs the AWS CLI and the Session Manager plugin)`,
    `Host ${input.host}`,
    `    HostName ${input.instanceId}`,
    `    User ${input.user}`,
    ...(input.identityFile ? [`    IdentityFile ${input.identityFile}`] : []),
    `    ProxyCommand sh -c "aws ssm start-session --target %h --document-name AWS-StartSSHSession --parameters 'portNumber=%p'${cliOptions(target)}"`,
    '',
  ].join('\n');
}

function targetOf(ctx: StepContext): SessionTarget {
  if (!ctx.aws.region) throw new Error('No AWS region is set for the ssh config block.');
  const target = { region: ctx.aws.region, profile: ctx.aws.profile, endpointUrl: ctx.aws.endpointUrl };
  for (const [flag, value] of [['--region', target.region], ['--profile', target.profile], ['--endpoint-url', target.endpointUrl]] as const)
    if (value !== undefined && !PLAIN.test(value)) throw new Error(`${flag} ${JSON.stringify(value)} cannot go into an ssh ProxyCommand: use letters, digits and . _ : / @ + = , - only.`);
  return target;
}

/** `<output folder>/ssh-config/<host>.conf` */
function target(ctx: StepContext, input: SshConfigInput): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._@+=,-]*$/.test(input.host)) throw new Error(`${input.host} cannot name an ssh Host and its file.`);
  return join(ctx.files.outputDir, 'ssh-config', `${input.host}.conf`);
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

const kind: StepKind<SshConfigInput, SshConfigOutputs> = {
  async check(ctx, input) {
    const path = target(ctx, input);
    const block = sshConfigBlock(input, targetOf(ctx));
    if (read(path) === block) return { done: true, outputs: { path }, evidence: [`${path} (add "Include ${path}" to ~/.ssh/config):`, block] };
    return { done: false, reason: read(path) === undefined ? `${path} does not exist.` : `${path} differs from the block for ${input.instanceId}.` };
  },
  plan: (input) => [{ service: 'local', operation: 'WriteFile', input: { dir: '<state-dir>/output/<runbook>', file: `ssh-config/${input.host}.conf`, block: sshConfigBlock(input, { region: '<region>' }) } }],
  async apply(ctx, input) {
    const path = target(ctx, input);
    const block = sshConfigBlock(input, targetOf(ctx));
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, block, 0o600);
    for (const line of [`Add "Include ${path}" to ~/.ssh/config, or copy this block into it:`, ...block.trimEnd().split('\n')]) ctx.progress(line);
    return { path };
  },
};

export { kind as sshConfigKind };
