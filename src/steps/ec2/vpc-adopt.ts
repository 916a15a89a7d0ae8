/**
 * An existing VPC given by id: only read, never changed. One public subnet
 * per Availability Zone is chosen from it; a VPC that cannot carry a
 * load-balanced environment with EFS (too few zones, no route to the
 * internet, no DNS host names) is refused with the reason.
 */
import { DescribeVpcsCommand, type RouteTable } from '../../aws/sdk/ec2.js';
import type { StepContext } from '../../engine/model/step.js';
import { NetworkNotFoundError, orNotFound } from './network.js';
import { describe, dnsHostnamesEnabled, routesToInternet, subnetState, type SubnetState } from './vpc-state.js';

export interface AdoptedVpc {
  vpcId: string;
  cidr: string;
  subnets: SubnetState[];
}

/** The table a subnet uses: its explicit association, else the VPC's main table. */
function tableOf(subnetId: string, tables: RouteTable[]): RouteTable | undefined {
  return (
    tables.find((t) => t.Associations?.some((a) => a.SubnetId === subnetId)) ?? tables.find((t) => t.Associations?.some((a) => a.Main === true))
  );
}

/** Per zone, the public subnet with the most free addresses (one that maps public addresses first). */
function bestPerZone(subnets: { state: SubnetState; free: number }[]): SubnetState[] {
  const ranked = [...subnets].sort(
    (a, b) => a.state.zone.localeCompare(b.state.zone) || Number(b.state.mapsPublicIp) - Number(a.state.mapsPublicIp) || b.free - a.free || a.state.subnetId.localeCompare(b.state.subnetId),
  );
  const byZone = new Map<string, SubnetState>();
  for (const s of ranked) if (!byZone.has(s.state.zone)) byZone.set(s.state.zone, s.state);
  return [...byZone.values()];
}

export async function adoptVpc(ctx: StepContext, vpcId: string, subnetCount: number): Promise<AdoptedVpc> {
  const ec2 = ctx.aws.ec2;
  const notFound = `VPC ${vpcId} was not found in ${ctx.aws.region}.`;
  const vpc = (await orNotFound(() => ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] })), notFound)).Vpcs?.[0];
  if (!vpc?.CidrBlock) throw new NetworkNotFoundError(notFound);
  const inVpc = [{ Name: 'vpc-id', Values: [vpcId] }];
  const subnets = await describe.subnets(ec2, inVpc);
  const tables = await describe.routeTables(ec2, inVpc);
  const publicSubnets = subnets
    .filter((s) => routesToInternet(tableOf(s.SubnetId ?? '', tables)))
    .map((s) => ({ state: subnetState(s), free: s.AvailableIpAddressCount ?? 0 }));
  const chosen = bestPerZone(publicSubnets).slice(0, subnetCount);
  if (chosen.length < subnetCount)
    throw new NetworkNotFoundError(
      `VPC ${vpcId} has public subnets (a route to an internet gateway) in ${chosen.length} Availability Zones; the environment needs ${subnetCount}. Add subnets, pass a smaller subnetCount (at least 2), or leave vpcId unset to build a VPC.`,
    );
  if (!(await dnsHostnamesEnabled(ctx, vpcId)))
    throw new NetworkNotFoundError(`VPC ${vpcId} has DNS host names turned off; instances mount EFS by its DNS name, so turn enableDnsHostnames on.`);
  return { vpcId, cidr: vpc.CidrBlock, subnets: chosen };
}
