/**
 * `ec2.elasticIp`: an Elastic IP with this Name, associated with the instance.
 * Found again by its tags, so a second run or a resume never allocates a
 * second address; an address already associated elsewhere is never taken.
 */
import { AllocateAddressCommand, AssociateAddressCommand, DescribeAddressesCommand, type Address } from '../../aws/sdk/ec2.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { ownedByFilters, tagSpecifications } from '../../aws/tags.js';
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
  const res = await ctx.aws.ec2.send(new DescribeAddressesCommand({ Filters: ownedByFilters(ctx.runbookId, name) }));
  const found = res.Addresses ?? [];
  if (found.length > 1) throw new Error(`Found ${found.length} Elastic IPs named ${name} (${found.map((a) => a.PublicIp).join(', ')}); release the extra ones first.`);
  return found[0];
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
  plan(input, found) {
    return [
      ...(found ? [] : [{ service: 'ec2', operation: 'AllocateAddress', input: { Domain: 'vpc', TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: [{ Key: 'Name', Value: input.name }] }] } }]),
      {
        service: 'ec2',
        operation: 'AssociateAddress',
        input: { AllocationId: found?.address.AllocationId ?? `<${input.name}.allocationId>`, InstanceId: input.instanceId, AllowReassociation: false },
      },
    ];
  },
  async apply(ctx, input, found) {
    let allocationId = found?.address.AllocationId;
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
