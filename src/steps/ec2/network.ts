/**
 * `ec2.network`: the VPC and subnet a runbook runs in. Read-only: it finds the
 * given VPC and subnet (or the VPC by its Name tag), or the account's default
 * VPC and one of its subnets; with `subnetNamePrefix`, every subnet of the VPC
 * whose Name starts with it; with `securityGroupNames`, those groups of the VPC.
 */
import { DescribeSubnetsCommand, DescribeVpcsCommand, paginateDescribeSecurityGroups, paginateDescribeSubnets, paginateDescribeVpcs, type EC2Client, type Subnet } from '../../aws/sdk/ec2.js';
import { collect } from '../paginate.js';
import { type StepKind } from '../../engine/model/step.js';
import { isNotFound } from '../../aws/errors.js';

export interface NetworkInput {
  vpcId?: string;
  /** The VPC by its Name tag (`qis-vpc`), instead of vpcId: exactly one may carry it. */
  vpcName?: string;
  subnetId?: string;
  /** Every subnet of the VPC named so (`qis-subnet-` finds qis-subnet-1a, -1b...), in zone order; at least one. */
  subnetNamePrefix?: string;
  /** Security groups of the VPC by group name (`default` is the VPC's own), in this order in `securityGroupIds`. */
  securityGroupNames?: string[];
}

export interface NetworkOutputs {
  vpcId: string;
  vpcCidr: string;
  subnetId: string;
  availabilityZone: string;
  /** The subnets named with `subnetNamePrefix` (else the one subnet). */
  subnetIds: string[];
  /** The same, comma-separated (an Auto Scaling group's VPCZoneIdentifier). */
  subnetList: string;
  securityGroupIds: string[];
}

export class NetworkNotFoundError extends Error {
  override name = 'NetworkNotFound';
}

const kind: StepKind<NetworkInput, NetworkOutputs> = {
  async check(ctx, input) {
    const filter = input.vpcName ? { Name: 'tag:Name', Values: [input.vpcName] } : { Name: 'isDefault', Values: ['true'] };
    const vpcs = input.vpcId
      ? ((await orNotFound(() => ctx.aws.ec2.send(new DescribeVpcsCommand({ VpcIds: [input.vpcId!] })), `VPC ${input.vpcId} was not found in ${ctx.aws.region}.`)).Vpcs ?? [])
      : await collect(paginateDescribeVpcs({ client: ctx.aws.ec2 }, { Filters: [filter] }), (p) => p.Vpcs);
    const vpc = vpcs[0];
    if (!vpc?.VpcId || !vpc.CidrBlock)
      throw new NetworkNotFoundError(
        input.vpcId
          ? `VPC ${input.vpcId} was not found in ${ctx.aws.region}.`
          : input.vpcName
            ? `There is no VPC named ${input.vpcName} in ${ctx.aws.region}: make it first.`
            : `The account has no default VPC in ${ctx.aws.region}: pass --param vpcId=vpc-... and subnetId.`,
      );
    if (input.vpcName && !input.vpcId && vpcs.length > 1) throw new NetworkNotFoundError(`${vpcs.length} VPCs are named ${input.vpcName} in ${ctx.aws.region}: expected one.`);
    const named = input.subnetNamePrefix ? await subnetsNamed(ctx.aws.ec2, vpc.VpcId, input.subnetNamePrefix) : undefined;
    if (named?.length === 0) throw new NetworkNotFoundError(`VPC ${vpc.VpcId} has no subnet named ${input.subnetNamePrefix}*.`);
    const subnet = named ? named[0] : input.subnetId ? await findSubnet(ctx.aws.ec2, input.subnetId) : await pickSubnet(ctx.aws.ec2, vpc.VpcId);
    if (!subnet?.SubnetId) throw new NetworkNotFoundError(input.subnetId ? `Subnet ${input.subnetId} was not found.` : `VPC ${vpc.VpcId} has no subnets: pass --param subnetId.`);
    if (subnet.VpcId !== vpc.VpcId) throw new NetworkNotFoundError(`Subnet ${subnet.SubnetId} is in ${subnet.VpcId}, not in ${vpc.VpcId}.`);
    const subnetIds = (named ?? [subnet]).map((s) => s.SubnetId!);
    const groups = input.securityGroupNames?.length ? await groupsNamed(ctx.aws.ec2, vpc.VpcId, input.securityGroupNames) : [];
    return {
      done: true,
      outputs: { vpcId: vpc.VpcId, vpcCidr: vpc.CidrBlock, subnetId: subnet.SubnetId, availabilityZone: subnet.AvailabilityZone ?? '', subnetIds, subnetList: subnetIds.join(','), securityGroupIds: groups.map((g) => g.id) },
      evidence: [
        `VPC ${vpc.VpcId} (${vpc.CidrBlock}${vpc.IsDefault ? ', default' : ''}), ${(named ?? [subnet]).map((s) => `subnet ${s.SubnetId} in ${s.AvailabilityZone}`).join(', ')}`,
        ...(groups.length ? [`security groups ${groups.map((g) => `${g.name} ${g.id}`).join(', ')}`] : []),
      ],
    };
  },
  plan: () => [],
};

async function findSubnet(ec2: EC2Client, subnetId: string): Promise<Subnet | undefined> {
  return (await orNotFound(() => ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] })), `Subnet ${subnetId} was not found.`)).Subnets?.[0];
}

/** EC2 answers an unknown id with an error, not an empty list: say it in the step's words. */
export async function orNotFound<T>(call: () => Promise<T>, message: string): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (isNotFound(err)) throw new NetworkNotFoundError(message);
    throw err;
  }
}

async function subnetsNamed(ec2: EC2Client, vpcId: string, prefix: string): Promise<Subnet[]> {
  const subnets = await collect(paginateDescribeSubnets({ client: ec2 }, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }), (p) => p.Subnets);
  return subnets.filter((s) => s.Tags?.some((t) => t.Key === 'Name' && t.Value?.startsWith(prefix))).sort((a, b) => (a.AvailabilityZone ?? '').localeCompare(b.AvailabilityZone ?? ''));
}

async function groupsNamed(ec2: EC2Client, vpcId: string, names: string[]): Promise<{ name: string; id: string }[]> {
  const found = await collect(paginateDescribeSecurityGroups({ client: ec2 }, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: names }] }), (p) => p.SecurityGroups);
  const missing = names.filter((n) => !found.some((g) => g.GroupName === n));
  if (missing.length) throw new NetworkNotFoundError(`VPC ${vpcId} has no security group ${missing.join(', ')}: make it first.`);
  return names.map((name) => ({ name, id: found.find((g) => g.GroupName === name)!.GroupId! }));
}

/** A default-for-AZ subnet if there is one (public, in the default VPC), else the first by AZ. */
async function pickSubnet(ec2: EC2Client, vpcId: string): Promise<Subnet | undefined> {
  const subnets = await collect(paginateDescribeSubnets({ client: ec2 }, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }), (p) => p.Subnets);
  const sorted = [...subnets].sort((a, b) => (a.AvailabilityZone ?? '').localeCompare(b.AvailabilityZone ?? ''));
  return sorted.find((s) => s.DefaultForAz) ?? sorted[0];
}

export { kind as networkKind };
