/** The sandbox's key pairs are real keys with the fingerprint EC2 documents (ssh-keygen is the oracle). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CreateKeyPairCommand } from '../../src/aws/sdk/ec2.js';
import { matchesFingerprint } from '../../src/steps/ec2/key-fingerprint.js';
import { newSandbox } from './helpers.js';

const sshKeygen = (() => {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    return (err as { code?: string }).code !== 'ENOENT';
  }
})();

describe('sandbox key pairs', () => {
  it.skipIf(!sshKeygen)('an ED25519 key comes as an OpenSSH private key whose SHA-256 fingerprint is the one the key pair shows', async () => {
    const { aws } = newSandbox();
    const key = await aws.ec2.send(new CreateKeyPairCommand({ KeyName: 'k', KeyType: 'ed25519', KeyFormat: 'pem' }));
    expect(key.KeyMaterial).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    const file = join(mkdtempSync(join(tmpdir(), 'runbook-key-')), 'k.pem');
    writeFileSync(file, key.KeyMaterial!, { mode: 0o600 });
    const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', file], { encoding: 'utf8' }).split(' ')[1]!;
    expect(`${printed.replace(/^SHA256:/, '')}=`).toBe(key.KeyFingerprint);
    expect(matchesFingerprint(key.KeyMaterial!, key.KeyFingerprint!)).toBe(true);
  });
});
