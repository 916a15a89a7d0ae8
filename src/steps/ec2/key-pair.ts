/**
 * `ec2.keyPair`: an EC2 key pair with this name. CreateKeyPair has no
 * idempotency token, so the name is checked first. AWS shows a private key
 * once: it is registered as a secret at once and written once, owner-only
 * (0600), to a file; it is never an output, never logged, never in the state.
 * An existing file is never overwritten, and is used only when it holds this
 * key pair's private key (its fingerprint is the key pair's).
 */
import { CreateKeyPairCommand, DescribeKeyPairsCommand, type KeyPairInfo } from '../../aws/sdk/ec2.js';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import { plannedTags, TAG_RUNBOOK, tagSpecifications, tagValue } from '../../aws/tags.js';
import { matchesFingerprint } from './key-fingerprint.js';
import { writeFileAtomic } from '../../io/files.js';

export interface KeyPairInput {
  keyName: string;
}

export interface KeyPairOutputs {
  keyName: string;
  keyPairId: string;
  /** Where the private key is, or '' when this machine does not have it. */
  privateKeyFile: string;
}

export class KeyPairError extends Error {
  override name = 'KeyPairError';
}

/** The private key's file: in the runbook's output folder under the state dir (owner-only). */
export function privateKeyFile(ctx: StepContext, keyName: string): string {
  return join(ctx.files.outputDir, `${keyName}.pem`);
}

async function findKeyPair(ctx: StepContext, keyName: string): Promise<KeyPairInfo | undefined> {
  try {
    return (await ctx.aws.ec2.send(new DescribeKeyPairsCommand({ KeyNames: [keyName] }))).KeyPairs?.[0];
  } catch (err) {
    if (hasErrorName(err, 'InvalidKeyPair.NotFound')) return undefined;
    throw err;
  }
}

const kind: StepKind<KeyPairInput, KeyPairOutputs> = {
  async check(ctx, input) {
    const file = privateKeyFile(ctx, input.keyName);
    const key = await findKeyPair(ctx, input.keyName);
    const haveFile = existsSync(file);
    if (!key) {
      if (haveFile) throw new KeyPairError(`There is no key pair ${input.keyName}, but ${file} exists: a private key is written once and never overwritten; move it away or choose another keyName.`);
      return { done: false, reason: `No key pair ${input.keyName} yet.` };
    }
    if (haveFile && key.KeyFingerprint && !matchesFingerprint(readFileSync(file, 'utf8'), key.KeyFingerprint))
      throw new KeyPairError(
        `${file} does not hold the private key of key pair ${input.keyName} (fingerprint ${key.KeyFingerprint}): it belongs to another key; move it away, or choose another keyName.`,
      );
    const ours = tagValue(key.Tags, TAG_RUNBOOK) === ctx.runbookId;
    if (ours && !haveFile)
      throw new KeyPairError(
        `Key pair ${input.keyName} was created by this runbook, but its private key ${file} is missing, and AWS shows a private key only once: delete the key pair (aws ec2 delete-key-pair --key-name ${input.keyName}) and run again, or choose another keyName.`,
      );
    return {
      done: true,
      outputs: { keyName: input.keyName, keyPairId: key.KeyPairId ?? '', privateKeyFile: haveFile ? file : '' },
      evidence: [haveFile ? `key pair ${input.keyName} (${key.KeyType}, ${key.KeyFingerprint}); private key in ${file}, readable only by its owner` : `key pair ${input.keyName} exists; its private key is not on this machine (it was not made here)`],
    };
  },
  plan: (input, _found, ctx) => [
    {
      service: 'ec2',
      operation: 'CreateKeyPair',
      input: { KeyName: input.keyName, KeyType: 'ed25519', KeyFormat: 'pem', TagSpecifications: tagSpecifications('key-pair', plannedTags(ctx, input.keyName)) },
      note: 'the private key is written once to <state-dir>/output/<runbook>/, mode 0600',
    },
  ],
  async apply(ctx, input) {
    const file = privateKeyFile(ctx, input.keyName);
    const created = await ctx.aws.ec2.send(
      new CreateKeyPairCommand({ KeyName: input.keyName, KeyType: 'ed25519', KeyFormat: 'pem', TagSpecifications: tagSpecifications('key-pair', ctx.tags(input.keyName)) }),
    );
    const material = created.KeyMaterial;
    if (!material) throw new KeyPairError(`CreateKeyPair answered without the private key of ${input.keyName}; delete the key pair and run again.`);
    ctx.secret(material);
    mkdirSync(ctx.files.outputDir, { recursive: true, mode: 0o700 });
    writeFileAtomic(file, material.endsWith('\n') ? material : `${material}\n`, 0o600);
    return { keyName: input.keyName, keyPairId: created.KeyPairId ?? '', privateKeyFile: file };
  },
};

export { kind as keyPairKind };
