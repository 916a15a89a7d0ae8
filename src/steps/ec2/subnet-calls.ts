/** What `ec2.vpc` and `ec2.subnet` share: the region's zones, and a tagged subnet made in one of them. */
import { CreateSubnetCommand, DescribeAvailabilityZonesCommand } from '../../aws/sdk/ec2.js';
import type { StepContext } from '../../engine/model/step.js';
import { tagSpecifications } from '../../aws/tags.js';
import type { SubnetState } from './vpc-state.js';

/** The region's own Availability Zones (no Local or Wavelength zones), in name order. */
export async function availableZones(ctx: StepContext): Promise<string[]> {
  const res = await ctx.aws.ec2.send(
    new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'state', Values: ['available'] }, { Name: 'zone-type', Values: ['availability-zone'] }] }),
  );
  return (res.AvailabilityZones ?? []).map((z) => z.ZoneName ?? '').filter(Boolean).sort();
}

/** `us-east-1a` in us-east-1 -> `1a`: the part of a zone's name that the console shows as its short name. */
export function zoneSuffix(region: string, zone: string): string {
  const stem = region.replace(/\d+$/, '');
  return zone.startsWith(stem) ? zone.slice(stem.length) : zone;
}

export async function createSubnet(ctx: StepContext, s: { vpcId: string; zone: string; cidr: string; name: string }): Promise<SubnetState> {
  const created = await ctx.aws.ec2.send(new CreateSubnetCommand({ VpcId: s.vpcId, AvailabilityZone: s.zone, CidrBlock: s.cidr, TagSpecifications: tagSpecifications('subnet', ctx.tags(s.name)) }));
  return { subnetId: created.Subnet!.SubnetId!, zone: s.zone, cidr: s.cidr, mapsPublicIp: false };
}
