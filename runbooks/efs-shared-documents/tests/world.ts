/**
 * A sandbox world for the EFS and Elastic Beanstalk tests: the default VPC's
 * first two zones, an instance profile SSM accepts, the two security groups,
 * a file system with its mount targets, an environment, and the runbook's
 * own sample bundle deployed to it.
 */
import { DescribeSubnetsCommand, AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, DescribeVpcsCommand } from '../../../src/aws/sdk/ec2.js';
import { CreateFileSystemCommand, CreateMountTargetCommand } from '../../../src/aws/sdk/efs.js';
import {
  CreateApplicationCommand,
  CreateApplicationVersionCommand,
  CreateEnvironmentCommand,
  CreateStorageLocationCommand,
  ListPlatformVersionsCommand,
  UpdateEnvironmentCommand,
} from '../../../src/aws/sdk/elasticbeanstalk.js';
import { AddRoleToInstanceProfileCommand, AttachRolePolicyCommand, CreateInstanceProfileCommand, CreateRoleCommand } from '../../../src/aws/sdk/iam.js';
import { PutObjectCommand } from '../../../src/aws/sdk/s3.js';
import { sampleBundle } from '../sample.js';
import type { AwsSession } from '../../../src/aws/session.js';
import { runbookDir } from '../../../src/engine/model/paths.js';
import { zipFiles } from '../../../src/steps/eb/bundle.js';
import { folderContents, type FolderInput } from '../../../src/steps/files/folder.js';
import { simulatedWait } from '../../../test/sandbox/helpers.js';

const RUNBOOK_DIR = runbookDir(new URL('../index.ts', import.meta.url).href);

export interface World {
  vpcId: string;
  subnetIds: string[];
  instancesGroup: string;
  nfsGroup: string;
  profile: string;
}

export async function network(aws: AwsSession, options: { nfsOpen: boolean }): Promise<World> {
  const vpcId = (await aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs![0]!.VpcId!;
  const subnets = (await aws.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets!;
  const subnetIds = subnets.sort((a, b) => a.AvailabilityZone!.localeCompare(b.AvailabilityZone!)).slice(0, 2).map((s) => s.SubnetId!);
  const group = async (name: string) => (await aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpcId }))).GroupId!;
  const instancesGroup = await group('openemr-instances');
  const nfsGroup = await group('openemr-efs-nfs');
  if (options.nfsOpen)
    await aws.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: nfsGroup, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 2049, ToPort: 2049, UserIdGroupPairs: [{ GroupId: instancesGroup }] }] }));
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [] });
  await aws.iam.send(new CreateRoleCommand({ RoleName: 'web', AssumeRolePolicyDocument: trust }));
  for (const policy of ['AmazonSSMManagedInstanceCore', 'AWSElasticBeanstalkWebTier'])
    await aws.iam.send(new AttachRolePolicyCommand({ RoleName: 'web', PolicyArn: `arn:aws:iam::aws:policy/${policy}` }));
  await aws.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web' }));
  await aws.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'web' }));
  return { vpcId, subnetIds, instancesGroup, nfsGroup, profile: 'web' };
}

/** A file system and a mount target per subnet, not yet available (they are after about a simulated minute). */
export async function fileSystem(aws: AwsSession, world: World): Promise<string> {
  const id = (await aws.efs.send(new CreateFileSystemCommand({ CreationToken: 'world', Encrypted: true }))).FileSystemId!;
  await simulatedWait(11);
  for (const SubnetId of world.subnetIds) await aws.efs.send(new CreateMountTargetCommand({ FileSystemId: id, SubnetId, SecurityGroups: [world.nfsGroup] }));
  return id;
}

export function settings(world: World, extra: { Namespace: string; OptionName: string; Value: string }[] = []) {
  const set = (Namespace: string, OptionName: string, Value: string) => ({ Namespace, OptionName, Value });
  return [
    set('aws:ec2:vpc', 'VPCId', world.vpcId),
    set('aws:ec2:vpc', 'Subnets', world.subnetIds.join(',')),
    set('aws:ec2:vpc', 'ELBSubnets', world.subnetIds.join(',')),
    set('aws:autoscaling:asg', 'MinSize', '2'),
    set('aws:autoscaling:launchconfiguration', 'IamInstanceProfile', world.profile),
    set('aws:autoscaling:launchconfiguration', 'SecurityGroups', world.instancesGroup),
    set('aws:ec2:instances', 'InstanceTypes', 't3.small'),
    ...extra,
  ];
}

export async function phpPlatform(aws: AwsSession): Promise<string> {
  const list = await aws.elasticBeanstalk.send(
    new ListPlatformVersionsCommand({ Filters: [{ Type: 'PlatformBranchName', Operator: '=', Values: ['PHP 8.4 running on 64bit Amazon Linux 2023'] }, { Type: 'PlatformLifecycleState', Operator: '=', Values: ['recommended'] }] }),
  );
  return list.PlatformSummaryList![0]!.PlatformArn!;
}

/** The application and environment `OpenEMR`, Launching. */
export async function environment(aws: AwsSession, world: World): Promise<string> {
  await aws.elasticBeanstalk.send(new CreateApplicationCommand({ ApplicationName: 'openemr' }));
  const env = await aws.elasticBeanstalk.send(
    new CreateEnvironmentCommand({ ApplicationName: 'openemr', EnvironmentName: 'OpenEMR', PlatformArn: await phpPlatform(aws), OptionSettings: settings(world) }),
  );
  return env.CNAME!;
}

/** The runbook's sample for this file system, uploaded, made a version and deployed (Updating from now on). */
export async function deploySample(aws: AwsSession, fileSystemId: string): Promise<void> {
  const { files, vars } = sampleBundle(RUNBOOK_DIR, { fileSystemId, region: 'us-east-1' }) as Pick<FolderInput, 'files' | 'vars'>;
  const bundle = zipFiles(folderContents({ name: 'bundle', files, vars }));
  const bucket = (await aws.elasticBeanstalk.send(new CreateStorageLocationCommand({}))).S3Bucket!;
  await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'sample.zip', Body: bundle }));
  await aws.elasticBeanstalk.send(new CreateApplicationVersionCommand({ ApplicationName: 'openemr', VersionLabel: 'OpenEMR', SourceBundle: { S3Bucket: bucket, S3Key: 'sample.zip' } }));
  await aws.elasticBeanstalk.send(new UpdateEnvironmentCommand({ EnvironmentName: 'OpenEMR', VersionLabel: 'OpenEMR' }));
}
