/**
 * EBS encryption by default, per region: once on, every new volume is
 * encrypted with the default key whatever its request says (as on AWS, where
 * it also covers the volumes Auto Scaling launches for Elastic Beanstalk).
 */
import { defaultEbsKeyArn } from '../../account/world.js';
import type { OperationContext, ServiceHandlers } from '../lib/context.js';

/** Encryption of a new volume: asked for, or the region's default. */
export function volumeEncryption(ctx: OperationContext, requested: { Encrypted?: boolean; KmsKeyId?: string }): { Encrypted: boolean; KmsKeyId?: string } {
  const encrypted = requested.Encrypted === true || ctx.region.ebsEncryptionByDefault === true;
  return { Encrypted: encrypted, KmsKeyId: encrypted ? (requested.KmsKeyId ?? defaultEbsKeyArn(ctx.regionName)) : undefined };
}

export const encryptionByDefault: ServiceHandlers = {
  GetEbsEncryptionByDefault: (ctx) => ({ EbsEncryptionByDefault: ctx.region.ebsEncryptionByDefault === true, SseType: 'sse-ebs' }),

  EnableEbsEncryptionByDefault: (ctx) => {
    ctx.region.ebsEncryptionByDefault = true;
    return { EbsEncryptionByDefault: true };
  },

  DisableEbsEncryptionByDefault: (ctx) => {
    ctx.region.ebsEncryptionByDefault = false;
    return { EbsEncryptionByDefault: false };
  },
};
