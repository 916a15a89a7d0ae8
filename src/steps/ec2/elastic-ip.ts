/**
 * `ec2.elasticIp`: an Elastic IP with this Name, associated with the instance.
 * AllocateAddress has no idempotency token, so the address is tagged in the
 * same call that allocates it (TagSpecifications) and looked up by those tags
 * again right before any allocation: a resume after a crash that followed the
 * allocation finds it instead of allocating a second. An address already
 * associated elsewhere is never taken.
 */
import { AllocateAddressCommand, AssociateAddressCommand, DescribeAddressesCommand, type Address } from '../../aws/sdk/ec2.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { ownedByFilters, plannedTags, tagSpecifications } from '../../aws/tags.js';
import { findOne } from '../find-one.js';
import { untilVisible } from '../../aws/wait.js';

export interface ElasticIpInput {
  name: string;
  instanceId: string;
}

export interface ElasticIpOutputs {
  allocationId: string;
  publicIp: string;
  /** The private address the association maps to: what clients inside the VPC use. */
  privateIp: string;
}

interface Found {
  address: Address;
}

async function findAddress(ctx: StepContext, name: string): Promise<Address | undefined> {
  // DescribeAddresses is not paginated: one answer holds them all.
  const res = await ctx.aws.ec2.send(new DescribeAddressesCommand({ Filters: ownedByFilters(ctx.runbookId, name) }));
  return findOne(res.Addresses ?? [], `Elastic IPs named ${name} from this runbook`, (a) => a.PublicIp, 'release the extra ones first');
}

function outputsOf(a: Address): ElasticIpOutputs {
  return { allocationId: a.AllocationId!, publicIp: a.PublicIp ?? '', privateIp: a.PrivateIpAddress ?? '' };
}

const kind: StepKind<ElasticIpInput, ElasticIpOutputs, Found> = {
  async check(ctx, input) {
    const address = await findAddress(ctx, input.name);
    if (!address) return { done: false, reason: `No Elastic IP named ${input.name} yet.` };
    if (address.InstanceId && address.InstanceId !== input.instanceId)
      throw new Error(`Elastic IP ${address.PublicIp} (${input.name}) is associated with ${address.InstanceId}, not ${input.instanceId}; disassociate it first.`);
    if (address.InstanceId !== input.instanceId) return { done: false, reason: `Elastic IP ${address.PublicIp} is not associated yet.`, found: { address } };
    return { done: true, outputs: outputsOf(address), evidence: [`${address.PublicIp} -> ${input.instanceId} (${address.PrivateIpAddress})`] };
  },
  plan(input, found, ctx) {
    return [
      ...(found ? [] : [{ service: 'ec2', operation: 'AllocateAddress', input: { Domain: 'vpc', TagSpecifications: tagSpecifications('elastic-ip', plannedTags(ctx, input.name)) } }]),
      {
        service: 'ec2',
        operation: 'AssociateAddress',
        input: { AllocationId: found?.address.AllocationId ?? `<${input.name}.allocationId>`, InstanceId: input.instanceId, AllowReassociation: false },
      },
    ];
  },
  async apply(ctx, input, found) {
    // Looked up again right before allocating: an address allocated since the check (or by a run that crashed) is this one.
    let allocationId = found?.address.AllocationId ?? (await findAddress(ctx, input.name))?.AllocationId;
    if (!allocationId) {
      const allocated = await ctx.aws.ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: tagSpecifications('elastic-ip', ctx.tags(input.name)) }));
      allocationId = allocated.AllocationId!;
    }
    await ctx.aws.ec2.send(new AssociateAddressCommand({ AllocationId: allocationId, InstanceId: input.instanceId, AllowReassociation: false }));
    const address = await untilVisible(ctx, `Elastic IP ${allocationId}`, async () =>
      (await ctx.aws.ec2.send(new DescribeAddressesCommand({ AllocationIds: [allocationId] }))).Addresses?.find((a) => a.InstanceId === input.instanceId),
    );
    return outputsOf(address);
  },
};

export { kind as elasticIpKind };
