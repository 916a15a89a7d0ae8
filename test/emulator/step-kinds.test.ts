/**
 * Step kinds against moto, for the steps no runbook can reach there: they
 * come after an instance's wait for its SSM agent, or after Elastic
 * Beanstalk, which moto cannot serve. Each runs as the engine runs it
 * (check, apply, check again) through the product's own session pointed at
 * moto, and what it made is read back with plain SDK clients.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AllocateAddressCommand,
  DescribeAddressesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  RunInstancesCommand,
} from '../../src/aws/sdk/ec2.js';
import { CreateFileSystemCommand, DescribeMountTargetsCommand, DescribeMountTargetSecurityGroupsCommand } from '../../src/aws/sdk/efs.js';
import { CreateHostedZoneCommand, ListResourceRecordSetsCommand } from '../../src/aws/sdk/route53.js';
import type { StepContext, StepKind } from '../../src/engine/model/step.js';
import { elasticIpKind } from '../../src/steps/ec2/elastic-ip.js';
import { securityGroupKind } from '../../src/steps/ec2/security-group.js';
import { volumeKind } from '../../src/steps/ec2/volume.js';
import { fileSystemKind } from '../../src/steps/efs/file-system.js';
import { mountTargetsKind } from '../../src/steps/efs/mount-targets.js';
import { recordKind } from '../../src/steps/route53/record.js';
import { resolvesKind } from '../../src/steps/route53/resolves.js';
import { stepContext, type TestContext } from '../helpers/step-context.js';
import { expectNoWorldIngress, expectRunbookTags } from './claims.js';
import { motoClients, type MotoClients } from './cli.js';
import { EMULATOR_REGION, motoAvailable, UBUNTU_2404_AMD64, useMoto } from './moto.js';

/** Writes a kind sent, from the session's call log. */
function recorder(): { onCall: (c: { mutating: boolean; sent: boolean; operation: string }) => void; writes: string[] } {
  const writes: string[] = [];
  return { writes, onCall: (c) => c.mutating && c.sent && writes.push(c.operation) };
}

/** check, apply when not done, check again: the engine's order. Returns the outputs of the final check. */
async function converge<I, O, F>(kind: StepKind<I, O, F>, ctx: StepContext, input: I): Promise<O> {
  const first = await kind.check(ctx, input);
  if (!first.done) await kind.apply!(ctx, input, first.found);
  const after = await kind.check(ctx, input);
  if (!after.done) throw new Error(`Still not done after apply: ${after.reason}`);
  return after.outputs;
}

describe.skipIf(!motoAvailable())('step kinds against moto', () => {
  const moto = useMoto();
  let aws: MotoClients;
  let vpcId = '';
  let subnets: { SubnetId?: string; AvailabilityZone?: string }[] = [];
  const context = (stepId: string, calls = recorder()): TestContext & { writes: string[] } => {
    // The session records every call it sends, as in a run; the test reads the writes.
    const ctx = stepContext({ stepId, target: { region: EMULATOR_REGION, endpointUrl: moto.current.endpoint }, onCall: calls.onCall });
    return Object.assign(ctx, { writes: calls.writes });
  };

  beforeAll(async () => {
    aws = motoClients(moto.current);
    vpcId = (await aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }))).Vpcs![0]!.VpcId!;
    subnets = (await aws.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets!.sort((a, b) => a.AvailabilityZone!.localeCompare(b.AvailabilityZone!));
  });

  it('ec2.securityGroup and efs.mountTargets: the NFS group admits the instances group only; one target per zone behind it; a second pass writes nothing', async () => {
    const groupCtx = context('instances-security-group');
    const instances = await converge(securityGroupKind, groupCtx, { name: 'openemr-instances', description: 'instances', vpcId, ingress: [] });
    const nfsCtx = context('nfs-security-group');
    const nfsInput = { name: 'openemr-efs-nfs', description: 'NFS', vpcId, ingress: [{ protocol: 'tcp' as const, fromPort: 2049, from: instances.groupId }] };
    const nfs = await converge(securityGroupKind, nfsCtx, nfsInput);
    expect(nfsCtx.writes).toEqual(['CreateSecurityGroup', 'AuthorizeSecurityGroupIngress']);
    const group = (await aws.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [nfs.groupId] }))).SecurityGroups![0]!;
    expectRunbookTags(group.Tags, { name: 'openemr-efs-nfs', runbook: 'test-runbook', runId: 'test-run-0001', step: 'nfs-security-group' });
    expectNoWorldIngress(group);

    const fsCtx = context('file-system');
    const fs = await converge(fileSystemKind, fsCtx, { name: 'openemr-documents', performanceMode: 'generalPurpose', tags: { 'OpenEMR-EFS': 'Documents' } });
    const targetsCtx = context('mount-targets');
    const input = { fileSystemId: fs.fileSystemId, subnetIds: subnets.slice(0, 2).map((s) => s.SubnetId!), securityGroupIds: [nfs.groupId] };
    const { mountTargetIds } = await converge(mountTargetsKind, targetsCtx, input);
    expect(targetsCtx.writes).toEqual(['CreateMountTarget', 'CreateMountTarget']);
    const targets = (await aws.efs.send(new DescribeMountTargetsCommand({ FileSystemId: fs.fileSystemId }))).MountTargets!;
    expect(targets.map((t) => t.MountTargetId).sort()).toEqual([...mountTargetIds].sort());
    expect(targets.map((t) => t.AvailabilityZoneName).sort()).toEqual(subnets.slice(0, 2).map((s) => s.AvailabilityZone).sort());
    for (const t of targets) expect((await aws.efs.send(new DescribeMountTargetSecurityGroupsCommand({ MountTargetId: t.MountTargetId }))).SecurityGroups).toEqual([nfs.groupId]);

    const again = context('mount-targets');
    expect(await mountTargetsKind.check(again, input)).toMatchObject({ done: true });
    expect((await securityGroupKind.check(again, nfsInput)).done).toBe(true);
    expect(again.writes).toEqual([]);
  });

  it('efs.fileSystem: a create whose answer was lost is resolved by its creation token, though moto leaves the id out of FileSystemAlreadyExists', async () => {
    const ctx = context('file-system-lost');
    // What AWS accepted before a crash: the same creation token the step derives.
    const earlier = await aws.efs.send(new CreateFileSystemCommand({ CreationToken: ctx.token(), PerformanceMode: 'generalPurpose', Encrypted: true }));
    const outputs = await fileSystemKind.apply!(ctx, { name: 'lost-answer', performanceMode: 'generalPurpose', tags: {} }, undefined);
    expect(outputs.fileSystemId).toBe(earlier.FileSystemId);
  });

  it('ec2.volume and ec2.elasticIp on a running instance: encrypted, attached, tagged; an address allocated before a crash is found, never a second', async () => {
    const run = await aws.ec2.send(new RunInstancesCommand({ ImageId: UBUNTU_2404_AMD64, InstanceType: 't3.medium', MinCount: 1, MaxCount: 1, SubnetId: subnets[0]!.SubnetId }));
    const instanceId = run.Instances![0]!.InstanceId!;
    const volumeCtx = context('data-volume');
    const volumeInput = { name: 'node-01.example.com', instanceId, availabilityZone: subnets[0]!.AvailabilityZone!, sizeGiB: 64, device: '/dev/sdf' };
    const volume = await converge(volumeKind, volumeCtx, volumeInput);
    const v = (await aws.ec2.send(new DescribeVolumesCommand({ VolumeIds: [volume.volumeId] }))).Volumes![0]!;
    expect(v).toMatchObject({ Encrypted: true, Size: 64, VolumeType: 'gp3', Attachments: [{ InstanceId: instanceId, Device: '/dev/sdf', State: 'attached' }] });
    expectRunbookTags(v.Tags, { name: 'node-01.example.com', runbook: 'test-runbook', runId: 'test-run-0001', step: 'data-volume' });

    const ipCtx = context('elastic-ip');
    // The allocation a crash left unrecorded, tagged as the step tags it.
    await aws.ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: ipCtx.tags('node-01.example.com') }] }));
    const ip = await elasticIpKind.apply!(ipCtx, { name: 'node-01.example.com', instanceId }, undefined);
    expect(ipCtx.writes).toEqual(['AssociateAddress']);
    const addresses = (await aws.ec2.send(new DescribeAddressesCommand({}))).Addresses!;
    expect(addresses).toHaveLength(1);
    expect(addresses[0]).toMatchObject({ AllocationId: ip.allocationId, InstanceId: instanceId });
    expect(await elasticIpKind.check(context('elastic-ip'), { name: 'node-01.example.com', instanceId })).toMatchObject({ done: true });
  });

  it('route53.record is written with UPSERT and waited INSYNC; route53.resolves fails with one sentence, moto has no TestDNSAnswer (a 404 page is not a missing record)', async () => {
    const zone = await aws.route53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'step-kinds' }));
    const zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
    const ctx = context('dns-record');
    const input = { zone: 'example.com', name: 'node-01.example.com', type: 'A' as const, values: ['203.0.113.10'], ttl: 300 };
    const out = await converge(recordKind, ctx, input);
    expect(out).toEqual({ zoneId, zoneName: 'example.com.', name: 'node-01.example.com.' });
    const sets = (await aws.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))).ResourceRecordSets!;
    expect(sets.find((r) => r.Type === 'A')).toMatchObject({ Name: 'node-01.example.com.', TTL: 300, ResourceRecords: [{ Value: '203.0.113.10' }] });
    expect((await recordKind.check(context('dns-record'), input)).done).toBe(true);

    await expect(resolvesKind.check(context('dns-resolves'), { zoneId, name: 'node-01.example.com.', type: 'A', values: ['203.0.113.10'] })).rejects.toThrow(
      /^route53:TestDNSAnswer at http:\/\/127\.0\.0\.1:\d+ answered HTTP 404 with text\/html content that is not an AWS response: the endpoint does not seem to implement TestDNSAnswer\.$/,
    );
  });
});
