/**
 * KMS: keys are regional. DescribeKey takes a key id or a key ARN; an ARN of
 * another region answers NotFoundException "Invalid arn", an unknown key
 * "Key '<arn>' does not exist" (as KMS words them).
 */
import type { DescribeKeyCommandInput, KeyMetadata } from '@aws-sdk/client-kms';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError, unsupported } from '../lib/errors.js';
import type { KmsKey } from '../../account/state.js';

const KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/(.+)$/;

export function keyArn(regionName: string, accountId: string, keyId: string): string {
  return `arn:aws:kms:${regionName}:${accountId}:key/${keyId}`;
}

/** The key a KeyId names in this region, or the error KMS answers. */
export function findKey(ctx: OperationContext, keyIdOrArn: string | undefined): KmsKey {
  const given = keyIdOrArn ?? '';
  if (given.startsWith('alias/') || given.includes(':alias/')) throw unsupported('kms', 'DescribeKey', ' by alias (the sandbox keeps no aliases)');
  const arn = KEY_ARN.exec(given);
  if (arn && (arn[1] !== ctx.regionName || arn[2] !== ctx.account.accountId)) throw awsError('NotFoundException', 'Invalid arn');
  const keyId = arn ? arn[3]! : given;
  const key = ctx.region.kmsKeys?.[keyId];
  if (!key || !ctx.visible(key.createdAt)) throw awsError('NotFoundException', `Key '${keyArn(ctx.regionName, ctx.account.accountId, keyId)}' does not exist`);
  return key;
}

function metadata(ctx: OperationContext, key: KmsKey): KeyMetadata {
  return {
    AWSAccountId: ctx.account.accountId,
    KeyId: key.KeyId,
    Arn: keyArn(ctx.regionName, ctx.account.accountId, key.KeyId),
    CreationDate: new Date(key.createdAt),
    Enabled: key.KeyState === 'Enabled',
    Description: key.Description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: key.KeyState,
    Origin: 'AWS_KMS',
    KeyManager: key.KeyManager,
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    KeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: key.KeyId.startsWith('mrk-'),
  };
}

export const kms: ServiceHandlers = {
  DescribeKey: (ctx) => ({ KeyMetadata: metadata(ctx, findKey(ctx, inputOf<DescribeKeyCommandInput>(ctx).KeyId)) }),
};
