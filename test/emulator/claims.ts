/**
 * What a runbook claims of what it made, read back from moto with plain SDK
 * clients: the tags that let a later run adopt it, IMDSv2, encryption, no
 * port open to the internet but the web ports the source asks for, and
 * termination protection where claimed.
 */
import { expect } from 'vitest';
import {
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  type Instance,
  type SecurityGroup,
  type Tag,
} from '../../src/aws/sdk/ec2.js';
import type { MotoClients } from './cli.js';

export function tagsOf(tags: Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}

/** The Name, runbook:id and runbook:run-id tags (and runbook:step, when given). */
export function expectRunbookTags(tags: Tag[] | undefined, claim: { name?: string; runbook: string; runId: string; step?: string }): void {
  const t = tagsOf(tags);
  expect(t).toMatchObject({
    ...(claim.name ? { Name: claim.name } : {}),
    'runbook:id': claim.runbook,
    'runbook:run-id': claim.runId,
    ...(claim.step ? { 'runbook:step': claim.step } : {}),
  });
}

/** The one live instance with this Name tag. */
export async function instanceNamed(aws: MotoClients, name: string): Promise<Instance> {
  const res = await aws.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: [name] }, { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }] }));
  const found = (res.Reservations ?? []).flatMap((r) => r.Instances ?? []);
  expect(found.map((i) => i.InstanceId), `instances named ${name}`).toHaveLength(1);
  return found[0]!;
}

/** IMDSv2 required, every volume encrypted and tagged, termination protection as claimed. */
export async function expectSafeInstance(aws: MotoClients, instance: Instance, claim: { runbook: string; runId: string; name: string; terminationProtection?: boolean }): Promise<void> {
  expectRunbookTags(instance.Tags, claim);
  expect(instance.MetadataOptions?.HttpTokens).toBe('required');
  const volumeIds = (instance.BlockDeviceMappings ?? []).map((b) => b.Ebs?.VolumeId).filter((v): v is string => Boolean(v));
  expect(volumeIds.length).toBeGreaterThan(0);
  const volumes = (await aws.ec2.send(new DescribeVolumesCommand({ VolumeIds: volumeIds }))).Volumes ?? [];
  for (const v of volumes) expect(v.Encrypted, `${v.VolumeId} encrypted`).toBe(true);
  if (claim.terminationProtection !== undefined) {
    const attribute = await aws.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instance.InstanceId, Attribute: 'disableApiTermination' }));
    expect(attribute.DisableApiTermination?.Value, 'termination protection').toBe(claim.terminationProtection);
  }
}

export async function groupNamed(aws: MotoClients, name: string, vpcId?: string): Promise<SecurityGroup> {
  const filters = [{ Name: 'group-name', Values: [name] }, ...(vpcId ? [{ Name: 'vpc-id', Values: [vpcId] }] : [])];
  const groups = (await aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: filters }))).SecurityGroups ?? [];
  expect(groups.map((g) => g.GroupId), `groups named ${name}`).toHaveLength(1);
  return groups[0]!;
}

/** Nothing open to 0.0.0.0/0 or ::/0 but these ports. */
export function expectNoWorldIngress(group: SecurityGroup, webPorts: number[] = []): void {
  for (const p of group.IpPermissions ?? []) {
    const world = (p.IpRanges ?? []).some((r) => r.CidrIp === '0.0.0.0/0') || (p.Ipv6Ranges ?? []).some((r) => r.CidrIpv6 === '::/0');
    if (world) expect(webPorts, `${group.GroupName} opens ${p.FromPort}-${p.ToPort} to the internet`).toContain(p.FromPort);
    if (world) expect(p.ToPort).toBe(p.FromPort);
  }
}
