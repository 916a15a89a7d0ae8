/**
 * `ec2.network`: the VPC and subnet a runbook runs in. Read-only: it finds the
 * given VPC and subnet, or the account's default VPC and one of its subnets;
 * with `subnetNamePrefix`, every subnet of the VPC whose Name starts with it.
 */
import { DescribeSubnetsCommand, DescribeVpcsCommand, paginateDescribeSubnets, paginateDescribeVpcs, type EC2Client, type Subnet } from '../../aws/sdk/ec2.js';
import { collect } from '../paginate.js';
import { type StepKind } from '../../engine/model/step.js';
import { isNotFound } from '../../aws/errors.js';

export interface NetworkInput {
  vpcId?: string;
  subnetId?: string;
  /** Every subnet of the VPC named so (`qis-subnet-` finds qis-subnet-1a, -1b...), in zone order; at least one. */
  subnetNamePrefix?: string;
}

export interface NetworkOutputs {
  vpcId: string;
  vpcCidr: string;
  subnetId: string;
  availabilityZone: string;
  /** The subnets named with `subnetNamePrefix` (else the one subnet). */
  subnetIds: string[];
}

export class NetworkNotFoundError extends Error {
  override name = 'NetworkNotFound';
}

const kind: StepKind<NetworkInput, NetworkOutputs> = {
  async check(ctx, input) {
    const vpcs = input.vpcId
      ? ((await orNotFound(() => ctx.aws.ec2.send(new DescribeVpcsCommand({ VpcIds: [input.vpcId!] })), `VPC ${input.vpcId} was not found in ${ctx.aws.region}.`)).Vpcs ?? [])
      : await collect(paginateDescribeVpcs({ client: ctx.aws.ec2 }, { Filters: [{ Name: 'isDefault', Values: ['true'] }] }), (p) => p.Vpcs);
    const vpc = vpcs[0];
    if (!vpc?.VpcId || !vpc.CidrBlock)
      throw new NetworkNotFoundError(
        input.vpcId ? `VPC ${input.vpcId} was not found in ${ctx.aws.region}.` : `The account has no default VPC in ${ctx.aws.region}: pass --param vpcId=vpc-... and subnetId.`,
      );
    const named = input.subnetNamePrefix ? await subnetsNamed(ctx.aws.ec2, vpc.VpcId, input.subnetNamePrefix) : undefined;
    if (named?.length === 0) throw new NetworkNotFoundError(`VPC ${vpc.VpcId} has no subnet named ${input.subnetNamePrefix}*.`);
    const subnet = named ? named[0] : input.subnetId ? await findSubnet(ctx.aws.ec2, input.subnetId) : await pickSubnet(ctx.aws.ec2, vpc.VpcId);
    if (!subnet?.SubnetId) throw new NetworkNotFoundError(input.subnetId ? `Subnet ${input.subnetId} was not found.` : `VPC ${vpc.VpcId} has no subnets: pass --param subnetId.`);
    if (subnet.VpcId !== vpc.VpcId) throw new NetworkNotFoundError(`Subnet ${subnet.SubnetId} is in ${subnet.VpcId}, not in ${vpc.VpcId}.`);
    return {
      done: true,
      outputs: { vpcId: vpc.VpcId, vpcCidr: vpc.CidrBlock, subnetId: subnet.SubnetId, availabilityZone: subnet.AvailabilityZone ?? '', subnetIds: (named ?? [subnet]).map((s) => s.SubnetId!) },
      evidence: [
        `VPC ${vpc.VpcId} (${vpc.CidrBlock}${vpc.IsDefault ? ', default' : ''}), ${(named ?? [subnet]).map((s) => `subnet ${s.SubnetId} in ${s.AvailabilityZone}`).join(', ')}`,
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

/** A default-for-AZ subnet if there is one (public, in the default VPC), else the first by AZ. */
async function pickSubnet(ec2: EC2Client, vpcId: string): Promise<Subnet | undefined> {
  const subnets = await collect(paginateDescribeSubnets({ client: ec2 }, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }), (p) => p.Subnets);
  const sorted = [...subnets].sort((a, b) => (a.AvailabilityZone ?? '').localeCompare(b.AvailabilityZone ?? ''));
  return sorted.find((s) => s.DefaultForAz) ?? sorted[0];
}

export { kind as networkKind };
