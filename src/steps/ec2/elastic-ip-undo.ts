/** Destroying what `ec2.elasticIp` made: the address is disassociated, then released. */
import { DescribeAddressesCommand, DisassociateAddressCommand, ReleaseAddressCommand, type Address } from '../../aws/sdk/ec2.js';
import type { StepContext, Undo } from '../../engine/model/step.js';
import { hasErrorName, isNotFound } from '../../aws/errors.js';
import { adoptedNote, madeByRun, runStepFilters } from '../undo.js';
import type { ElasticIpInput, ElasticIpOutputs } from './elastic-ip.js';

async function addresses(ctx: StepContext, request: { AllocationIds?: string[]; Filters?: { Name: string; Values: string[] }[] }): Promise<Address[]> {
  try {
    return (await ctx.aws.ec2.send(new DescribeAddressesCommand(request))).Addresses ?? [];
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}

export const elasticIpUndo: Undo<ElasticIpInput, ElasticIpOutputs> = {
  async find(ctx, { outputs }) {
    const recorded = outputs.allocationId ? await addresses(ctx, { AllocationIds: [outputs.allocationId] }) : [];
    const tagged = await addresses(ctx, { Filters: runStepFilters(ctx) });
    return [...recorded, ...tagged.filter((t) => !recorded.some((r) => r.AllocationId === t.AllocationId))].map((a) => ({
      type: 'ec2:elastic-ip',
      id: a.AllocationId!,
      madeByRun: madeByRun(ctx, a.Tags),
      note: madeByRun(ctx, a.Tags) ? `${a.PublicIp}${a.AssociationId ? `, disassociated from ${a.InstanceId} first` : ''}` : adoptedNote(`address ${a.PublicIp}`, a.Tags),
    }));
  },
  plan: (resource) => [
    { service: 'ec2', operation: 'DisassociateAddress', input: { AllocationId: resource.id }, note: 'when it is associated' },
    { service: 'ec2', operation: 'ReleaseAddress', input: { AllocationId: resource.id } },
  ],
  async remove(ctx, resource) {
    const [address] = await addresses(ctx, { AllocationIds: [resource.id] });
    if (!address) return;
    if (address.AssociationId)
      await ctx.aws.ec2.send(new DisassociateAddressCommand({ AssociationId: address.AssociationId })).catch((err: unknown) => {
        if (!hasErrorName(err, 'InvalidAssociationID.NotFound')) throw err;
      });
    await ctx.aws.ec2.send(new ReleaseAddressCommand({ AllocationId: resource.id })).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  },
};
