/** Key pairs: none in a fresh account; CreateKeyPair returns freshly generated key material. */
import type { CreateKeyPairCommandInput, DescribeKeyPairsCommandInput, KeyPairInfo } from '@aws-sdk/client-ec2';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { inputOf, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { applyFilters, tagList, tagsForResource } from '../lib/filters.js';
import { resourceId } from '../../account/ids.js';
import type { KeyPair } from '../../account/state.js';
import { ec2Named } from './common.js';

function keyPairView(k: KeyPair): KeyPairInfo {
  return { KeyPairId: k.KeyPairId, KeyName: k.KeyName, KeyFingerprint: k.KeyFingerprint, KeyType: k.KeyType as 'rsa', CreateTime: new Date(k.createdAt), Tags: tagList(k.Tags) };
}

/** A real key (never stored): EC2 shows the SHA-1 of the private key's DER as the fingerprint of keys it creates. */
function generateKey(type: string): { material: string; fingerprint: string } {
  if (type === 'ed25519') {
    const { privateKey } = generateKeyPairSync('ed25519');
    const der = privateKey.export({ type: 'pkcs8', format: 'der' });
    return { material: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), fingerprint: createHash('sha256').update(der).digest('base64').replace(/=+$/, '') };
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
};
