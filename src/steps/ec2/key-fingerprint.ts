/**
 * Does a private key file belong to an EC2 key pair? EC2 documents its
 * KeyFingerprint as: for ED25519, the base64 SHA-256 digest of the OpenSSH
 * public key (as `ssh-keygen -l` prints it); for RSA made by CreateKeyPair,
 * the SHA-1 digest of the DER (PKCS#8) private key; for RSA imported, the MD5
 * of the public key (RFC 4716). moto writes the digest of the DER public key
 * in hex instead; that spelling is accepted too, since it names the same key.
 */
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';

const OPENSSH_MAGIC = 'openssh-key-v1\0';

/** The SSH wire-format public key of an OpenSSH private key file (the one unencrypted part). */
function opensshPublicBlob(pem: string): Buffer | undefined {
  const body = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]+?)-----END OPENSSH PRIVATE KEY-----/.exec(pem)?.[1];
  if (!body) return undefined;
  const data = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (data.subarray(0, OPENSSH_MAGIC.length).toString('latin1') !== OPENSSH_MAGIC) return undefined;
  let at = OPENSSH_MAGIC.length;
  const next = () => {
    const length = data.readUInt32BE(at);
    const value = data.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    return value;
  };
  next(); // cipher
  next(); // kdf
  next(); // kdf options
  if (data.readUInt32BE(at) < 1) return undefined;
  at += 4;
  return next();
}

/** `ssh-ed25519 <32 bytes>` as a DER SubjectPublicKeyInfo. */
function ed25519SpkiDer(blob: Buffer): Buffer | undefined {
  const type = blob.subarray(4, 4 + blob.readUInt32BE(0)).toString();
  if (type !== 'ssh-ed25519') return undefined;
  const keyAt = 4 + type.length;
  const key = blob.subarray(keyAt + 4, keyAt + 4 + blob.readUInt32BE(keyAt));
  return Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key]);
}

/** An SSH public key blob from a node KeyObject: ed25519 and RSA. */
function sshBlob(publicKey: ReturnType<typeof createPublicKey>): Buffer | undefined {
  const str = (b: Buffer) => Buffer.concat([uint32(b.length), b]);
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && jwk.x) return Buffer.concat([str(Buffer.from('ssh-ed25519')), str(Buffer.from(jwk.x, 'base64url'))]);
  if (jwk.kty === 'RSA' && jwk.e && jwk.n) return Buffer.concat([str(Buffer.from('ssh-rsa')), str(mpint(Buffer.from(jwk.e, 'base64url'))), str(mpint(Buffer.from(jwk.n, 'base64url')))]);
  return undefined;
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** An SSH mpint: a leading zero when the high bit is set. */
function mpint(b: Buffer): Buffer {
  return b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b;
}

const hexColons = (digest: Buffer) => digest.toString('hex').replace(/(..)(?!$)/g, '$1:');
const base64NoPad = (digest: Buffer) => digest.toString('base64').replace(/=+$/, '');
const digest = (algorithm: string, data: Buffer) => createHash(algorithm).update(data).digest();

/** Every spelling of this key's fingerprint that EC2 (or moto) may show; empty when the file is not a key. */
export function fingerprintsOf(pem: string): string[] {
  const blob = opensshPublicBlob(pem);
  if (blob) {
    const spki = ed25519SpkiDer(blob);
    return [base64NoPad(digest('sha256', blob)), ...(spki ? [hexColons(digest('sha256', spki))] : [])];
  }
  let key;
  try {
    key = createPrivateKey(pem);
  } catch {
    return [];
  }
  const pub = createPublicKey(key);
  const ssh = sshBlob(pub);
  const spki = pub.export({ type: 'spki', format: 'der' });
  if (key.asymmetricKeyType === 'ed25519') return [...(ssh ? [base64NoPad(digest('sha256', ssh))] : []), hexColons(digest('sha256', spki))];
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  return [hexColons(digest('sha1', pkcs8)), ...(ssh ? [hexColons(digest('md5', ssh))] : []), hexColons(digest('md5', spki))];
}

/** EC2's KeyFingerprint, compared with what the file yields (a `SHA256:` prefix and base64 padding aside). */
export function matchesFingerprint(pem: string, keyFingerprint: string): boolean {
  const wanted = keyFingerprint.trim().replace(/^SHA256:/, '').replace(/=+$/, '');
  // Hex digests may come in either case; base64 is case-sensitive.
  const same = (f: string) => (/^[0-9a-f:]+$/i.test(wanted) ? f.toLowerCase() === wanted.toLowerCase() : f === wanted);
  return fingerprintsOf(pem).some(same);
}
