/**
 * efs-shared-documents against moto: the VPC with its public subnets,
 * gateway and route, the instance profile with its managed policies, the
 * application, EBS encryption by default, the encrypted file system and the
 * sample bundle are made and read back. moto implements almost nothing of
 * Elastic Beanstalk: the platform step fails with one sentence (the endpoint
 * does not implement ListPlatformVersions), and the engine starts nothing
 * after a failure, so the environment, the NFS group, the mount targets and
 * the deployment are proven against moto as step kinds only
 * (test/emulator/step-kinds.test.ts), end to end in the sandbox.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  GetEbsEncryptionByDefaultCommand,
} from '../../../src/aws/sdk/ec2.js';
import { DescribeFileSystemsCommand, DescribeMountTargetsCommand } from '../../../src/aws/sdk/efs.js';
import { GetInstanceProfileCommand, ListAttachedRolePoliciesCommand } from '../../../src/aws/sdk/iam.js';
import { readState, runCli, runIdOf, tempStateDir } from '../../../test/helpers/cli.js';
import { expectNoWorldIngress, expectRunbookTags, tagsOf } from '../../../test/emulator/claims.js';
import { motoClients, runOnMoto, statuses, writesSent, type MotoClients, type RunOutcome } from '../../../test/emulator/cli.js';
import { motoAvailable, setEnv, useMoto } from '../../../test/emulator/moto.js';

const RUN = ['run', 'efs-shared-documents', '--non-interactive'];
const NO_PLATFORMS = /^elasticbeanstalk:ListPlatformVersions at http:\/\/127\.0\.0\.1:\d+ answered HTTP 500 with text\/html content that is not an AWS response: the endpoint does not seem to implement ListPlatformVersions\.$/;
const RUNBOOK = 'efs-shared-documents';

describe.skipIf(!motoAvailable())('efs-shared-documents against moto', () => {
  const moto = useMoto();
  const dir = tempStateDir('efs-moto-');
  let aws: MotoClients;
  let dry: RunOutcome;
  let first: RunOutcome;

  beforeAll(async () => {
    aws = motoClients(moto.current);
    dry = await runOnMoto(moto.current, dir, [...RUN, '--dry-run']);
    first = await runOnMoto(moto.current, dir, RUN);
  });

  it('a dry-run reads real answers and sends no write; the platform list is what moto cannot answer', () => {
    expect(dry.code).toBe(1);
    expect(writesSent(dry.state)).toEqual([]);
    expect(dry.step('vpc')).toMatchObject({ status: 'planned' });
    expect(dry.step('platform').error?.message).toMatch(NO_PLATFORMS);
  });

  it('makes what does not wait for Elastic Beanstalk, then stops at the platform with one sentence', () => {
    expect(first.code).toBe(1);
    expect(statuses(first.state)).toMatchObject({
      vpc: 'changed',
      'instance-profile': 'changed',
      application: 'changed',
      'volume-encryption': 'changed',
      'file-system': 'changed',
      platform: 'failed',
      environment: 'pending',
      deploy: 'pending',
    });
    expect(first.step('platform').error?.message).toMatch(NO_PLATFORMS);
  });

  it('made the VPC it claims: tagged, DNS host names on, a public subnet per zone, the gateway and the default route', async () => {
    const { vpcId, subnetIds } = first.step('vpc').outputs as { vpcId: string; subnetIds: string[] };
    const vpc = (await aws.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs![0]!;
    expectRunbookTags(vpc.Tags, { name: 'openemr-vpc', runbook: RUNBOOK, runId: first.runId, step: 'vpc' });
    expect(vpc.CidrBlock).toBe('10.0.0.0/16');
    expect((await aws.ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' }))).EnableDnsHostnames?.Value).toBe(true);
    const subnets = (await aws.ec2.send(new DescribeSubnetsCommand({ SubnetIds: subnetIds }))).Subnets!;
    expect(new Set(subnets.map((s) => s.AvailabilityZone)).size).toBe(2);
    for (const s of subnets) {
      expect(s.MapPublicIpOnLaunch).toBe(true);
      expectRunbookTags(s.Tags, { name: `openemr-vpc-public-${s.AvailabilityZone}`, runbook: RUNBOOK, runId: first.runId });
    }
    const gateway = (await aws.ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] }))).InternetGateways!;
    expect(gateway).toHaveLength(1);
    expectRunbookTags(gateway[0]!.Tags, { name: 'openemr-vpc-igw', runbook: RUNBOOK, runId: first.runId });
    const table = (await aws.ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'tag:Name', Values: ['openemr-vpc-public'] }] }))).RouteTables![0]!;
    expect(table.Routes?.some((r) => r.DestinationCidrBlock === '0.0.0.0/0' && r.GatewayId === gateway[0]!.InternetGatewayId)).toBe(true);
    expect(table.Associations?.map((a) => a.SubnetId).filter(Boolean).sort()).toEqual([...subnetIds].sort());
  });

  it('made the encrypted file system with its tags, the profile with both managed policies, and turned EBS encryption by default on', async () => {
    const fs = (await aws.efs.send(new DescribeFileSystemsCommand({ FileSystemId: String(first.step('file-system').outputs.fileSystemId) }))).FileSystems![0]!;
    expect(fs).toMatchObject({ Encrypted: true, PerformanceMode: 'generalPurpose', LifeCycleState: 'available', Name: 'openemr-documents' });
    expect(tagsOf(fs.Tags as never)).toMatchObject({ 'OpenEMR-EFS': 'Documents', 'runbook:id': RUNBOOK, 'runbook:run-id': first.runId });
    expect(first.step('file-system').outputs).toMatchObject({ region: 'us-east-1', dnsName: `${fs.FileSystemId}.efs.us-east-1.amazonaws.com` });
    const profile = (await aws.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'runbook-efs-shared-documents-web' }))).InstanceProfile!;
    expect(profile.Roles?.map((r) => r.RoleName)).toEqual(['runbook-efs-shared-documents-web']);
    const policies = (await aws.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'runbook-efs-shared-documents-web' }))).AttachedPolicies!;
    expect(policies.map((p) => p.PolicyName).sort()).toEqual(['AWSElasticBeanstalkWebTier', 'AmazonSSMManagedInstanceCore']);
    expect((await aws.ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(true);
  });

  it('later runs make only what is still missing (the steps the failure kept from starting), until one sends no write; no twin anywhere', async () => {
    // After a failure the engine starts no further step: which independent steps had started by then depends on timing.
    let done = new Set(Object.entries(statuses(first.state)).filter(([, st]) => st === 'ok' || st === 'changed').map(([id]) => id));
    let last = first;
    for (let i = 0; i < 4 && (i === 0 || writesSent(last.state).length > 0); i++) {
      last = await runOnMoto(moto.current, dir, RUN);
      expect(last.step('platform').error?.message).toMatch(NO_PLATFORMS);
      for (const write of writesSent(last.state)) expect(done, `${write} of a step already done`).not.toContain(write.split(' ')[0]);
      done = new Set(Object.entries(statuses(last.state)).filter(([, st]) => st === 'ok' || st === 'changed').map(([id]) => id));
    }
    expect(writesSent(last.state)).toEqual([]);
    const vpcId = String(first.step('vpc').outputs.vpcId);
    const groups = (await aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).SecurityGroups ?? [];
    for (const name of ['openemr-instances', 'openemr-efs-nfs']) expect(groups.filter((g) => g.GroupName === name).length).toBeLessThanOrEqual(1);
    for (const g of groups) expectNoWorldIngress(g);
    const nfs = groups.find((g) => g.GroupName === 'openemr-efs-nfs');
    const instancesGroup = groups.find((g) => g.GroupName === 'openemr-instances');
    if (nfs) expect(nfs.IpPermissions?.map((p) => [p.FromPort, p.UserIdGroupPairs?.map((u) => u.GroupId)])).toEqual([[2049, [instancesGroup!.GroupId]]]);
    const targets = (await aws.efs.send(new DescribeMountTargetsCommand({ FileSystemId: String(first.step('file-system').outputs.fileSystemId) }))).MountTargets ?? [];
    expect(new Set(targets.map((t) => t.AvailabilityZoneName)).size).toBe(targets.length);
  });

  it('the resume keeps the state, re-checks what was done without writing, and stops at the same step', async () => {
    const resumed = await runOnMoto(moto.current, dir, ['resume', first.runId, '--non-interactive']);
    expect(resumed.runId).toBe(first.runId);
    expect(resumed.step('platform').error?.message).toMatch(NO_PLATFORMS);
    expect(statuses(resumed.state)).toMatchObject({ vpc: 'changed', 'file-system': 'changed', environment: 'pending' });
  });
  it("with the region only in the profile's config, the mount hook, the evidence and the report name it", async () => {
    const home = tempStateDir('efs-moto-home-');
    writeFileSync(join(home, 'config'), '[profile ops]\nregion = us-east-1\n');
    writeFileSync(join(home, 'credentials'), '[ops]\naws_access_key_id = test\naws_secret_access_key = test\n');
    const restore = setEnv({ AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    try {
      const result = await runCli([...RUN, '--profile', 'ops', '--endpoint-url', moto.current.endpoint, '--state-dir', dir]);
      const state = readState(dir, runIdOf(result));
      const step = (id: string) => state.steps.find((x) => x.id === id)!;
      expect(state.target.region).toBe('us-east-1');
      expect(step('volume-encryption').evidence).toEqual(['EBS encryption by default is on in us-east-1']);
      expect(step('file-system').outputs).toMatchObject({ region: 'us-east-1', dnsName: expect.stringMatching(/\.efs\.us-east-1\.amazonaws\.com$/) });
      // The hook's REGION is the file system's region output; the bundle step runs when the platform's failure lets it start.
      const bundle = step('sample-bundle');
      if (bundle.status !== 'pending') {
        expect(bundle.status).toBe('ok');
        expect(readFileSync(join(String(bundle.outputs.path), '.platform/hooks/postdeploy/01-mount-efs.sh'), 'utf8')).toContain("REGION='us-east-1'");
      }
    } finally {
      restore();
    }
  });
});
