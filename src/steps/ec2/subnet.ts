/**
 * `ec2.subnet`: one subnet of a VPC, its own step so that a runbook's
 * subnets are made side by side. Subnet `index` takes the index-th of the
 * region's own zones (in name order) and the index-th sixteenth of the VPC's
 * block (a /16 gives /20s); it is named after its zone (`qis-subnet-` in
 * us-east-1a is `qis-subnet-1a`) and found again by the step's tags, so a
 * re-run keeps the zone it chose.
 */
import { ModifySubnetAttributeCommand } from '../../aws/sdk/ec2.js';
import type { StepContext, StepKind } from '../../engine/model/step.js';
import type { PlannedCall } from '../../core/calls.js';
import { TAG_RUNBOOK, TAG_STEP, plannedTags, tagSpecifications } from '../../aws/tags.js';
import { findOne } from '../find-one.js';
import { SUBNET_SLOTS, subnetCidr } from './subnet-layout.js';
import { availableZones, createSubnet, zoneSuffix } from './subnet-calls.js';
import { describe, subnetState, type SubnetState } from './vpc-state.js';

export interface SubnetInput {
  vpcId: string;
  vpcCidr: string;
  /** 0 for the first zone and block, 1 for the second... */
  index: number;
  /** The zone's short name follows it. */
  namePrefix: string;
  /** Instances launched in it get a public address (they reach the internet and SSM without a NAT gateway). */
  publicIps: boolean;
}

export interface SubnetOutputs {
  subnetId: string;
  availabilityZone: string;
  cidr: string;
  name: string;
}

interface Found {
  zone: string;
  cidr: string;
  name: string;
  subnet?: SubnetState;
}

export class SubnetPlacementError extends Error {
  override name = 'SubnetPlacement';
}

async function place(ctx: StepContext, input: SubnetInput): Promise<Found> {
  if (!Number.isInteger(input.index) || input.index < 0 || input.index >= SUBNET_SLOTS) throw new SubnetPlacementError(`Subnet index ${input.index} is outside 0-${SUBNET_SLOTS - 1}.`);
  const inVpc = await describe.subnets(ctx.aws.ec2, [{ Name: 'vpc-id', Values: [input.vpcId] }]);
  const mine = findOne(
    inVpc.filter((s) => s.Tags?.some((t) => t.Key === TAG_RUNBOOK && t.Value === ctx.runbookId) && s.Tags?.some((t) => t.Key === TAG_STEP && t.Value === ctx.stepId)),
    `subnets of step ${ctx.stepId} in ${input.vpcId}`,
    (s) => s.SubnetId,
  );
  if (mine) {
    const subnet = subnetState(mine);
    return { zone: subnet.zone, cidr: subnet.cidr, name: `${input.namePrefix}${zoneSuffix(ctx.aws.region ?? '', subnet.zone)}`, subnet };
  }
  const zones = await availableZones(ctx);
  const zone = zones[input.index];
  if (!zone) throw new SubnetPlacementError(`${ctx.aws.region} has ${zones.length} available Availability Zones; subnet ${input.index + 1} needs ${input.index + 1}.`);
  const cidr = subnetCidr(input.vpcCidr, input.index);
  const clash = inVpc.find((s) => s.CidrBlock === cidr);
  if (clash) throw new SubnetPlacementError(`Block ${cidr} of ${input.vpcId} is taken by ${clash.SubnetId}, which this step did not make; remove it or build the VPC with another block.`);
  return { zone, cidr, name: `${input.namePrefix}${zoneSuffix(ctx.aws.region ?? '', zone)}` };
}

function outputs(found: Found, subnetId: string): SubnetOutputs {
  return { subnetId, availabilityZone: found.zone, cidr: found.cidr, name: found.name };
}

const kind: StepKind<SubnetInput, SubnetOutputs, Found> = {
  async check(ctx, input) {
    const found = await place(ctx, input);
    const { subnet } = found;
    if (!subnet) return { done: false, reason: `No subnet ${found.name} yet (${found.cidr} in ${found.zone}).`, found };
    if (input.publicIps && !subnet.mapsPublicIp) return { done: false, reason: `Subnet ${subnet.subnetId} does not give public addresses yet.`, found };
    return { done: true, outputs: outputs(found, subnet.subnetId), evidence: [`subnet ${subnet.subnetId} ${found.name}: ${subnet.cidr} in ${subnet.zone}${subnet.mapsPublicIp ? ', public addresses' : ''}`] };
  },
  plan(input, found, ctx) {
    const calls: PlannedCall[] = [];
    const zone = found?.zone ?? `<zone ${input.index + 1}>`;
    const name = found?.name ?? `${input.namePrefix}<zone ${input.index + 1}>`;
    if (!found?.subnet)
      calls.push({ service: 'ec2', operation: 'CreateSubnet', input: { VpcId: input.vpcId, AvailabilityZone: zone, CidrBlock: found?.cidr ?? `<block ${input.index + 1} of ${input.vpcCidr}>`, TagSpecifications: tagSpecifications('subnet', plannedTags(ctx, name)) } });
    if (input.publicIps && !found?.subnet?.mapsPublicIp) calls.push({ service: 'ec2', operation: 'ModifySubnetAttribute', input: { SubnetId: found?.subnet?.subnetId ?? `<${name}.subnetId>`, MapPublicIpOnLaunch: { Value: true } } });
    return calls;
  },
  async apply(ctx, input, known) {
    const found = known ?? (await place(ctx, input));
    const subnet = found.subnet ?? (await createSubnet(ctx, { vpcId: input.vpcId, zone: found.zone, cidr: found.cidr, name: found.name }));
    if (input.publicIps && !subnet.mapsPublicIp) await ctx.aws.ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnet.subnetId, MapPublicIpOnLaunch: { Value: true } }));
    return outputs(found, subnet.subnetId);
  },
};

export { kind as subnetKind };
