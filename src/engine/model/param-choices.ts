/**
 * Lists an operator picks from at a terminal, read from the account when the
 * question is asked. The SDK client loads only then: defining a runbook
 * loads none.
 */
import type { AwsSession } from '../../aws/session.js';
import type { Choice } from '../../core/calls.js';

const nameTag = (tags: { Key?: string; Value?: string }[] | undefined) => tags?.find((t) => t.Key === 'Name')?.Value ?? '';

export async function vpcChoices(aws: AwsSession): Promise<Choice[]> {
  const { DescribeVpcsCommand } = await import('../../aws/sdk/ec2.js');
  const vpcs = (await aws.ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
  return vpcs.map((v) => ({ value: v.VpcId!, name: `${v.VpcId} ${v.CidrBlock}${v.IsDefault ? ' (default)' : ''} ${nameTag(v.Tags)}`.trim() }));
}

/** The subnets of the VPC chosen before (`vpcId`), else the default subnets. */
export async function subnetChoices(aws: AwsSession, known: Record<string, unknown>): Promise<Choice[]> {
  const { DescribeSubnetsCommand } = await import('../../aws/sdk/ec2.js');
  const filter = known.vpcId ? { Name: 'vpc-id', Values: [String(known.vpcId)] } : { Name: 'default-for-az', Values: ['true'] };
  const subnets = (await aws.ec2.send(new DescribeSubnetsCommand({ Filters: [filter] }))).Subnets ?? [];
  return subnets.map((s) => ({ value: s.SubnetId!, name: `${s.SubnetId} ${s.CidrBlock} ${s.AvailabilityZone} ${nameTag(s.Tags)}`.trim() }));
}

export async function hostedZoneChoices(aws: AwsSession): Promise<Choice[]> {
  const { ListHostedZonesCommand } = await import('../../aws/sdk/route53.js');
  const zones = (await aws.route53.send(new ListHostedZonesCommand({}))).HostedZones ?? [];
  return zones.map((z) => ({ value: (z.Id ?? '').replace(/^\/hostedzone\//, ''), name: `${z.Name}${z.Config?.PrivateZone ? ' (private)' : ''}` }));
}
