/** A private key file is matched to its EC2 key pair by the fingerprint EC2 documents (ssh-keygen is the oracle). */
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintsOf, matchesFingerprint } from '../../../src/steps/ec2/key-fingerprint.js';

const hasSshKeygen = (() => {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    return (err as { status?: number }).status !== undefined && (err as { code?: string }).code !== 'ENOENT';
  }
})();

function sshKeygenFingerprint(file: string): string {
  // "256 SHA256:<base64> comment (ED25519)"
  return execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', file], { encoding: 'utf8' }).split(' ')[1]!;
}

describe('key pair fingerprints', () => {
  it.skipIf(!hasSshKeygen)('an OpenSSH ED25519 private key (what CreateKeyPair returns) gives the fingerprint ssh-keygen prints, as EC2 shows it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-key-'));
    const file = join(dir, 'k');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
    const fingerprint = sshKeygenFingerprint(file);
    const pem = readFileSync(file, 'utf8');
    expect(fingerprintsOf(pem)[0]).toBe(fingerprint.replace(/^SHA256:/, ''));
    expect(matchesFingerprint(pem, fingerprint)).toBe(true);
    expect(matchesFingerprint(pem, `${fingerprint.replace(/^SHA256:/, '')}=`)).toBe(true);

    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'other')]);
    expect(matchesFingerprint(readFileSync(join(dir, 'other'), 'utf8'), fingerprint)).toBe(false);
  });

  it('a PKCS#8 ED25519 key: the base64 SHA-256 of its SSH public key, and the hex digest of its DER public key (moto writes that)', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const [openssh, moto] = fingerprintsOf(pem);
    expect(openssh).toMatch(/^[A-Za-z0-9+/]{43}$/);
    expect(moto).toBe(createHash('sha256').update(spki).digest('hex').replace(/(..)(?!$)/g, '$1:'));
  });

  it('an RSA key made by CreateKeyPair: the SHA-1 of its PKCS#8 DER, in hex pairs', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const [created] = fingerprintsOf(pem);
    expect(created).toMatch(/^([0-9a-f]{2}:){19}[0-9a-f]{2}$/);
    expect(matchesFingerprint(pem, created!.toUpperCase())).toBe(true);
  });

  it('something that is not a key matches nothing', () => {
    expect(fingerprintsOf('an older key')).toEqual([]);
    expect(matchesFingerprint('an older key', 'SHA256:abc')).toBe(false);
  });
});
