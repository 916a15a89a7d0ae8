import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sshConfigKind, type SshConfigInput } from '../../../src/steps/ssm/ssh-config.js';
import { stepContext } from '../../helpers/step-context.js';

const input: SshConfigInput = { host: 'node-01.example.com', instanceId: 'i-0abc0000000000001', user: 'ec2-user' };
const BLOCK = [
  '# ssh node-01.example.com: i-0abc0000000000001 through AWS Systems Manager Session Manager (needs the AWS CLI and the Session Manager plugin)',
  'Host node-01.example.com',
  '    HostName i-0abc0000000000001',
  '    User ec2-user',
  `    ProxyCommand sh -c "aws ssm start-session --target %h --document-name AWS-StartSSHSession --parameters 'portNumber=%p' --region us-east-1"`,
  '',
].join('\n');

describe('ssm.sshConfig', () => {
  it('writes the block that tunnels ssh through AWS-StartSSHSession, then is done with the block as evidence', async () => {
    const ctx = stepContext();
    const path = join(ctx.files.outputDir, 'ssh-config', 'node-01.example.com.conf');
    await expect(sshConfigKind.check(ctx, input)).resolves.toEqual({ done: false, reason: `${path} does not exist.` });

    await expect(sshConfigKind.apply!(ctx, input, undefined)).resolves.toEqual({ path });

    expect(readFileSync(path, 'utf8')).toBe(BLOCK);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(ctx.progressLines[0]).toBe(`Add "Include ${path}" to ~/.ssh/config, or copy this block into it:`);
    await expect(sshConfigKind.check(ctx, input)).resolves.toEqual({ done: true, outputs: { path }, evidence: [`${path} (add "Include ${path}" to ~/.ssh/config):`, BLOCK] });
  });

  it('adds the IdentityFile line when a key is given, and rewrites a block that differs', async () => {
    const ctx = stepContext();
    await sshConfigKind.apply!(ctx, input, undefined);
    const withKey = { ...input, identityFile: '~/.ssh/lamp-node.pem' };
    await expect(sshConfigKind.check(ctx, withKey)).resolves.toMatchObject({ done: false, reason: expect.stringContaining('differs from the block for i-0abc0000000000001') });
    const { path } = await sshConfigKind.apply!(ctx, withKey, undefined);
    expect(readFileSync(path, 'utf8')).toContain('    User ec2-user\n    IdentityFile ~/.ssh/lamp-node.pem\n    ProxyCommand');
  });

  it("gives the AWS CLI in the ProxyCommand the run's profile and endpoint, so ssh uses the run's credentials and account", async () => {
    const ctx = stepContext({ target: { region: 'eu-west-1', profile: 'ops', endpointUrl: 'http://127.0.0.1:4566' } });
    const { path } = await sshConfigKind.apply!(ctx, input, undefined);
    expect(readFileSync(path, 'utf8')).toContain(`--parameters 'portNumber=%p' --region eu-west-1 --profile ops --endpoint-url http://127.0.0.1:4566"`);
    const odd = stepContext({ target: { region: 'eu-west-1', profile: 'my profile' } });
    await expect(sshConfigKind.apply!(odd, input, undefined)).rejects.toThrow('--profile "my profile" cannot go into an ssh ProxyCommand');
  });

  it('refuses a host that cannot name a file in the output folder', async () => {
    const ctx = stepContext();
    await expect(sshConfigKind.check(ctx, { ...input, host: '../x' })).rejects.toThrow('../x cannot name an ssh Host and its file.');
  });
});
