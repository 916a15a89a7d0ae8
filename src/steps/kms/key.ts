/**
 * `kms.key`: a KMS key, by ARN, exists and is enabled. Keys are regional, so
 * it is described in the region its ARN names. Read-only: a key that is
 * missing, disabled or pending deletion fails the step with what was found.
 */
import { DescribeKeyCommand } from '../../aws/sdk/kms.js';
import { hasErrorName } from '../../aws/errors.js';
import { regionOfArn } from '../../aws/arn.js';
import { type StepKind } from '../../engine/model/step.js';

export interface KeyInput {
  keyArn: string;
  /** What the key is for, in messages: "the original stack's key". */
  what: string;
}

export interface KeyOutputs {
  keyArn: string;
  keyId: string;
  region: string;
}

const kind: StepKind<KeyInput, KeyOutputs> = {
  async check(ctx, input) {
    const region = regionOfArn(input.keyArn, 'The KMS key');
    try {
      const key = (await ctx.aws.inRegion(region).kms.send(new DescribeKeyCommand({ KeyId: input.keyArn }))).KeyMetadata;
      const state = key?.KeyState ?? 'Unknown';
      const shown = `${input.what}: ${key?.Arn ?? input.keyArn} is ${state}${key?.Description ? ` (${key.Description})` : ''}`;
      if (state !== 'Enabled') return { done: false, reason: `${shown}; it must be Enabled to decrypt what it protects.`, evidence: [shown] };
      return { done: true, outputs: { keyArn: key?.Arn ?? input.keyArn, keyId: key?.KeyId ?? '', region }, evidence: [shown] };
    } catch (err) {
      if (hasErrorName(err, 'NotFoundException')) return { done: false, reason: `${input.what}: no KMS key ${input.keyArn} in ${region} (KMS keys are regional).` };
      throw err;
    }
  },
  plan: () => [],
};

export { kind as keyKind };
