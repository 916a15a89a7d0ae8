/**
 * Destroying what `ec2.keyPair` made: the key pair is deleted in EC2. Its
 * private key file on this machine is the operator's to keep or shred: the
 * list names it.
 */
import { DeleteKeyPairCommand, DescribeKeyPairsCommand, type KeyPairInfo } from '../../aws/sdk/ec2.js';
import type { StepContext, Undo } from '../../engine/model/step.js';
import { unlessGone } from '../../aws/errors.js';
import { adoptedNote, madeByRun } from '../undo.js';
import type { KeyPairInput, KeyPairOutputs } from './key-pair.js';

async function keyPair(ctx: StepContext, name: string | undefined): Promise<KeyPairInfo | undefined> {
  if (!name) return undefined;
  return (await unlessGone(() => ctx.aws.ec2.send(new DescribeKeyPairsCommand({ KeyNames: [name] }))))?.KeyPairs?.[0];
}

export const keyPairUndo: Undo<KeyPairInput, KeyPairOutputs> = {
  async find(ctx, { input, outputs }) {
    const key = await keyPair(ctx, outputs.keyName ?? input.keyName);
    if (!key) return [];
    const mine = madeByRun(ctx, key.Tags);
    return [
      {
        type: 'ec2:key-pair',
        id: key.KeyName!,
        madeByRun: mine,
        note: mine ? (outputs.privateKeyFile ? `the private key file ${outputs.privateKeyFile} stays on this machine` : 'no private key file here') : adoptedNote(`key pair ${key.KeyName}`, key.Tags),
      },
    ];
  },
  plan: (resource) => [{ service: 'ec2', operation: 'DeleteKeyPair', input: { KeyName: resource.id } }],
  async remove(ctx, resource) {
    await ctx.aws.ec2.send(new DeleteKeyPairCommand({ KeyName: resource.id }));
  },
};
