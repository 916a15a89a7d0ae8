/** Key pairs: none in a fresh account; CreateKeyPair returns freshly generated key material. */
import type { CreateKeyPairCommandInput, DeleteKeyPairCommandInput, DescribeKeyPairsCommandInput, KeyPairInfo } from '@aws-sdk/client-ec2';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { inputOf, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { applyFilters, tagList, tagsForResource } from '../lib/filters.js';
import { resourceId } from '../../account/ids.js';
import type { KeyPair } from '../../account/state.js';
import { ec2Named } from './common.js';

function keyPairView(k: KeyPair): KeyPairInfo {
  return { KeyPairId: k.KeyPairId, KeyName: k.KeyName, KeyFingerprint: k.KeyFingerprint, KeyType: k.KeyType as 'rsa', CreateTime: new Date(k.createdAt), Tags: tagList(k.Tags) };
}

const sshString = (b: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(b.length);
  return Buffer.concat([length, b]);
};

/** An unencrypted OpenSSH private key (`openssh-key-v1`), as EC2 returns an ED25519 key, and its public key blob. */
function opensshEd25519(): { material: string; publicBlob: Buffer } {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  const seed = Buffer.from(jwk.d!, 'base64url');
  const pub = Buffer.from(jwk.x!, 'base64url');
  const type = Buffer.from('ssh-ed25519');
  const publicBlob = Buffer.concat([sshString(type), sshString(pub)]);
  const check = randomBytes(4);
  let secret = Buffer.concat([check, check, sshString(type), sshString(pub), sshString(Buffer.concat([seed, pub])), sshString(Buffer.from('sandbox'))]);
  for (let pad = 1; secret.length % 8 !== 0; pad++) secret = Buffer.concat([secret, Buffer.from([pad])]);
  const none = sshString(Buffer.from('none'));
  const body = Buffer.concat([Buffer.from('openssh-key-v1\0', 'latin1'), none, none, sshString(Buffer.alloc(0)), Buffer.from([0, 0, 0, 1]), sshString(publicBlob), sshString(secret)]);
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  return { material: ['-----BEGIN OPENSSH PRIVATE KEY-----', ...lines, '-----END OPENSSH PRIVATE KEY-----', ''].join('\n'), publicBlob };
}

/**
 * A real key (never stored), with the fingerprint EC2 documents for keys it
 * creates: for ED25519 the base64 SHA-256 of the OpenSSH public key, for RSA
 * the SHA-1 of the private key's PKCS#8 DER.
 */
function generateKey(type: string): { material: string; fingerprint: string } {
  if (type === 'ed25519') {
    const { material, publicBlob } = opensshEd25519();
    return { material, fingerprint: `${createHash('sha256').update(publicBlob).digest('base64').replace(/=+$/, '')}=` };
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  const fingerprint = [...createHash('sha1').update(der).digest()].map((b) => b.toString(16).padStart(2, '0')).join(':');
  return { material: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), fingerprint };
}

export const keyPairs: ServiceHandlers = {
  DescribeKeyPairs: (ctx) => {
    const input = inputOf<DescribeKeyPairsCommandInput>(ctx);
    const missing = (input.KeyNames ?? []).filter((n) => !ctx.region.keyPairs[n] || !ctx.visible(ctx.region.keyPairs[n].createdAt));
    if (missing.length) throw awsError('InvalidKeyPair.NotFound', `The key pair '${missing.join(', ')}' does not exist`);
    let found = input.KeyPairIds?.length ? ec2Named(ctx, 'keyPair', input.KeyPairIds) : Object.values(ctx.region.keyPairs);
    if (input.KeyNames?.length) found = found.filter((k) => input.KeyNames!.includes(k.KeyName));
    found = applyFilters(found, input.Filters, {
      'key-name': (k) => k.KeyName,
      'key-pair-id': (k) => k.KeyPairId,
      fingerprint: (k) => k.KeyFingerprint,
      'key-type': (k) => k.KeyType,
    });
    return { KeyPairs: found.map(keyPairView) };
  },

  CreateKeyPair: (ctx) => {
    const input = inputOf<CreateKeyPairCommandInput>(ctx);
    const name = input.KeyName ?? '';
    if (ctx.region.keyPairs[name]) throw awsError('InvalidKeyPair.Duplicate', `The keypair already exists`);
    const type = input.KeyType ?? 'rsa';
    const { material, fingerprint } = generateKey(type);
    const key: KeyPair = { KeyPairId: resourceId('key'), KeyName: name, KeyFingerprint: fingerprint, KeyType: type, Tags: tagsForResource(input.TagSpecifications, 'key-pair'), createdAt: ctx.now };
    ctx.region.keyPairs[name] = key;
    return { KeyName: name, KeyPairId: key.KeyPairId, KeyFingerprint: fingerprint, KeyMaterial: material, Tags: tagList(key.Tags) };
  },

  // Deleting a key pair that does not exist succeeds, as on AWS.
  DeleteKeyPair: (ctx) => {
    const input = inputOf<DeleteKeyPairCommandInput>(ctx);
    const key = Object.values(ctx.region.keyPairs).find((k) => k.KeyName === input.KeyName || k.KeyPairId === input.KeyPairId);
    if (key) delete ctx.region.keyPairs[key.KeyName];
    return { Return: true, ...(key ? { KeyPairId: key.KeyPairId } : {}) };
  },
};
