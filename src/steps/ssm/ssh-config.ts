/**
 * `ssm.sshConfig`: the `~/.ssh/config` block that makes `ssh <host>` reach
 * the instance through Session Manager (AWS-StartSSHSession as the
 * ProxyCommand), so port 22 never opens to the network. Written to a file
 * in the runbook's output folder, to `Include` from ~/.ssh/config; the block
 * is also the step's evidence. Rewritten only when it changes.
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

export function sshConfigBlock(input: SshConfigInput, region: string): string {
  return [
    `# ssh ${input.host}: ${input.instanceId} through AWS Systems Manager Session Manager (needs the AWS CLI and the Session Manager plugin)`,
    `Host ${input.host}`,
    `    HostName ${input.instanceId}`,
    `    User ${input.user}`,
    ...(input.identityFile ? [`    IdentityFile ${input.identityFile}`] : []),
    `    ProxyCommand sh -c "aws ssm start-session --target %h --document-name AWS-StartSSHSession --parameters 'portNumber=%p' --region ${region}"`,
    '',
  ].join('\n');
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
    const block = sshConfigBlock(input, ctx.aws.region ?? '');
    if (read(path) === block) return { done: true, outputs: { path }, evidence: [`${path} (add "Include ${path}" to ~/.ssh/config):`, block] };
    return { done: false, reason: read(path) === undefined ? `${path} does not exist.` : `${path} differs from the block for ${input.instanceId}.` };
  },
  plan: (input) => [{ service: 'local', operation: 'WriteFile', input: { dir: '<state-dir>/output/<runbook>', file: `ssh-config/${input.host}.conf`, block: sshConfigBlock(input, '<region>') } }],
  async apply(ctx, input) {
    const path = target(ctx, input);
    const block = sshConfigBlock(input, ctx.aws.region ?? '');
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, block, 0o600);
    for (const line of [`Add "Include ${path}" to ~/.ssh/config, or copy this block into it:`, ...block.trimEnd().split('\n')]) ctx.progress(line);
    return { path };
  },
};

export { kind as sshConfigKind };
