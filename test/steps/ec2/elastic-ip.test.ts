import { AllocateAddressCommand, AssociateAddressCommand, DescribeAddressesCommand, type Address, type DescribeAddressesCommandInput } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { elasticIpKind, type ElasticIpInput } from '../../../src/steps/ec2/elastic-ip.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const input: ElasticIpInput = { name: 'redis-eip', instanceId: 'i-0abc0000000000001' };
const ALLOCATION = 'eipalloc-0123456789';

function address(overrides: Partial<Address> = {}): Address {
  return { AllocationId: ALLOCATION, PublicIp: '203.0.113.10', Domain: 'vpc', ...overrides };
}

const associated = address({ InstanceId: input.instanceId, AssociationId: 'eipassoc-1', PrivateIpAddress: '172.31.5.10' });

/** DescribeAddresses: `byTag` answers the tag filter lookup, `byId` the lookup by allocation id. */
function describeAddresses(byTag: Address[], byId: Address[] = []): void {
  mocks.ec2.on(DescribeAddressesCommand).callsFake(async (req: DescribeAddressesCommandInput) => ({ Addresses: req.AllocationIds ? byId : byTag }));
}

describe('ec2.elasticIp', () => {
  beforeEach(resetMocks);

  it('is done when the tagged address is associated with the instance, and sends nothing that changes the account', async () => {
    describeAddresses([associated]);
    const ctx = stepContext();

    const result = await elasticIpKind.check(ctx, input);

    expect(result).toEqual({
      done: true,
      outputs: { allocationId: ALLOCATION, publicIp: '203.0.113.10', privateIp: '172.31.5.10' },
      evidence: ['203.0.113.10 -> i-0abc0000000000001 (172.31.5.10)'],
    });
    expect(mocks.ec2.commandCalls(DescribeAddressesCommand)[0]!.args[0].input.Filters).toEqual([
      { Name: 'tag:runbook:id', Values: ['test-runbook'] },
      { Name: 'tag:Name', Values: ['redis-eip'] },
    ]);
    expect(mocks.ec2.commandCalls(AllocateAddressCommand)).toHaveLength(0);
    expect(mocks.ec2.commandCalls(AssociateAddressCommand)).toHaveLength(0);
  });

  it('allocates a tagged address and associates it without reassociation when there is none', async () => {
    describeAddresses([], [associated]);
    mocks.ec2.on(AllocateAddressCommand).resolves({ AllocationId: ALLOCATION, PublicIp: '203.0.113.10' });
    mocks.ec2.on(AssociateAddressCommand).resolves({ AssociationId: 'eipassoc-1' });
    const ctx = stepContext();

    const result = await elasticIpKind.check(ctx, input);
    expect(result).toMatchObject({ done: false, reason: 'No Elastic IP named redis-eip yet.' });
    if (result.done) return;

    const plan = elasticIpKind.plan(input, result.found, ctx);
    expect(plan.map((c) => c.operation)).toEqual(['AllocateAddress', 'AssociateAddress']);
    expect(plan[0]!.input).toEqual({ Domain: 'vpc', TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: ctx.tags('redis-eip') }] });
    expect(plan[1]!.input).toEqual({ AllocationId: '<redis-eip.allocationId>', InstanceId: input.instanceId, AllowReassociation: false });

    const outputs = await elasticIpKind.apply!(ctx, input, result.found);

    expect(outputs).toEqual({ allocationId: ALLOCATION, publicIp: '203.0.113.10', privateIp: '172.31.5.10' });
    const allocate = mocks.ec2.commandCalls(AllocateAddressCommand)[0]!.args[0].input;
    expect(allocate).toEqual({ Domain: 'vpc', TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: ctx.tags('redis-eip') }] });
    expect(allocate.TagSpecifications![0]!.Tags).toContainEqual({ Key: 'Name', Value: 'redis-eip' });
    expect(mocks.ec2.commandCalls(AssociateAddressCommand)[0]!.args[0].input).toEqual({
      AllocationId: ALLOCATION,
      InstanceId: input.instanceId,
      AllowReassociation: false,
    });
  });

  it('only associates an address that is allocated but not associated', async () => {
    describeAddresses([address()], [associated]);
    mocks.ec2.on(AssociateAddressCommand).resolves({ AssociationId: 'eipassoc-1' });
    const ctx = stepContext();

    const result = await elasticIpKind.check(ctx, input);
    expect(result).toMatchObject({ done: false, reason: 'Elastic IP 203.0.113.10 is not associated yet.', found: { address: address() } });
    if (result.done) return;
    expect(elasticIpKind.plan(input, result.found)).toEqual([
      { service: 'ec2', operation: 'AssociateAddress', input: { AllocationId: ALLOCATION, InstanceId: input.instanceId, AllowReassociation: false } },
    ]);

    await elasticIpKind.apply!(ctx, input, result.found);

    expect(mocks.ec2.commandCalls(AllocateAddressCommand)).toHaveLength(0);
    expect(mocks.ec2.commandCalls(AssociateAddressCommand)).toHaveLength(1);
    expect(mocks.ec2.commandCalls(AssociateAddressCommand)[0]!.args[0].input.AllowReassociation).toBe(false);
  });

  it('after a crash right after AllocateAddress, the resume finds the tagged address and allocates no second one', async () => {
    // The check ran before the crash (nothing yet); the allocation that followed it is visible by its tags now.
    describeAddresses([address()], [associated]);
    mocks.ec2.on(AssociateAddressCommand).resolves({ AssociationId: 'eipassoc-1' });

    await elasticIpKind.apply!(stepContext(), input, undefined);

    expect(mocks.ec2.commandCalls(AllocateAddressCommand)).toHaveLength(0);
    expect(mocks.ec2.commandCalls(AssociateAddressCommand)[0]!.args[0].input.AllocationId).toBe(ALLOCATION);
  });

  it('refuses an address associated with another instance', async () => {
    describeAddresses([address({ InstanceId: 'i-0other' })]);

    await expect(elasticIpKind.check(stepContext(), input)).rejects.toThrow(
      'Elastic IP 203.0.113.10 (redis-eip) is associated with i-0other, not i-0abc0000000000001; disassociate it first.',
    );
    expect(mocks.ec2.commandCalls(AssociateAddressCommand)).toHaveLength(0);
  });

  it('refuses two addresses with the same Name', async () => {
    describeAddresses([address(), address({ AllocationId: 'eipalloc-2', PublicIp: '203.0.113.11' })]);
    await expect(elasticIpKind.check(stepContext(), input)).rejects.toThrow('Found 2 Elastic IPs named redis-eip from this runbook (203.0.113.10, 203.0.113.11); release the extra ones first.');
  });

  it('passes AWS errors on: DescribeAddresses in check, AssociateAddress in apply', async () => {
    const denied = awsError('UnauthorizedOperation');
    mocks.ec2.on(DescribeAddressesCommand).rejects(denied);
    await expect(elasticIpKind.check(stepContext(), input)).rejects.toBe(denied);

    mocks.ec2.on(AssociateAddressCommand).rejects(awsError('Resource.AlreadyAssociated', 'resource is already associated'));
    await expect(elasticIpKind.apply!(stepContext(), input, { address: address() })).rejects.toMatchObject({ name: 'Resource.AlreadyAssociated' });
  });

  it('waits for the association to become visible, and gives up with a sentence when it never does', async () => {
    describeAddresses([], []);
    mocks.ec2.on(AssociateAddressCommand).resolves({});
    const ctx = stepContext();
    await expect(elasticIpKind.apply!(ctx, input, { address: address() })).rejects.toThrow(new RegExp(`^Timed out after 2m\\d\\ds waiting for Elastic IP ${ALLOCATION} to be visible \\(last seen: not visible yet\\)\\.$`));
    expect(ctx.progressLines.some((l) => l.startsWith(`Waiting for Elastic IP ${ALLOCATION} to be visible`))).toBe(true);
  });
});
