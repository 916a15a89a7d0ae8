/**
 * `ec2.subnets`: the subnets a multi-zone resource spans (a DB subnet group,
 * a load balancer, an Auto Scaling group): these, when given, else one
 * default subnet per availability zone of the VPC. Read-only; at least two
 * zones, as RDS and Application Load Balancers require.
 */
import { DescribeSubnetsCommand, paginateDescribeSubnets, type Subnet } from '../../aws/sdk/ec2.js';
import { type StepKind } from '../../engine/model/step.js';
import { collect } from '../paginate.js';

export interface SubnetsInput {
  vpcId: string;
  /** Comma-separated subnet ids; absent: the VPC's subnets, one per zone. */
  subnetIds?: string;
  /** What they are for, in messages. */
  purpose: string;
}

export interface SubnetsOutputs {
  subnetIds: string[];
  /** The same, comma-separated (Auto Scaling's VPCZoneIdentifier). */
  list: string;
}

export class SubnetsError extends Error {
  override name = 'SubnetsNotFound';
}

function onePerZone(subnets: Subnet[]): Subnet[] {
  const byZone = new Map<string, Subnet>();
  for (const s of [...subnets].sort((a, b) => Number(b.DefaultForAz) - Number(a.DefaultForAz) || (a.SubnetId ?? '').localeCompare(b.SubnetId ?? '')))
    if (!byZone.has(s.AvailabilityZone ?? '')) byZone.set(s.AvailabilityZone ?? '', s);
  return [...byZone.values()].sort((a, b) => (a.AvailabilityZone ?? '').localeCompare(b.AvailabilityZone ?? ''));
}

const kind: StepKind<SubnetsInput, SubnetsOutputs> = {
  async check(ctx, input) {
    const ids = (input.subnetIds ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const subnets = ids.length
      ? ((await ctx.aws.ec2.send(new DescribeSubnetsCommand({ SubnetIds: ids }))).Subnets ?? [])
      : onePerZone(await collect(paginateDescribeSubnets({ client: ctx.aws.ec2 }, { Filters: [{ Name: 'vpc-id', Values: [input.vpcId] }] }), (p) => p.Subnets));
    const elsewhere = subnets.find((s) => s.VpcId !== input.vpcId);
    if (elsewhere) throw new SubnetsError(`Subnet ${elsewhere.SubnetId} is in ${elsewhere.VpcId}, not in ${input.vpcId}.`);
    const zones = new Set(subnets.map((s) => s.AvailabilityZone));
    if (zones.size < 2) throw new SubnetsError(`${input.purpose} needs subnets in at least two availability zones of ${input.vpcId}; found ${subnets.length} in ${zones.size}: pass subnetIds.`);
    const found = subnets.map((s) => s.SubnetId!);
    return { done: true, outputs: { subnetIds: found, list: found.join(',') }, evidence: subnets.map((s) => `${s.SubnetId} (${s.AvailabilityZone}, ${s.CidrBlock})`) };
  },
  plan: () => [],
};

export { kind as subnetsKind };
