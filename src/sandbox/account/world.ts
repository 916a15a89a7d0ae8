/** Fixed facts of the simulated account's world: instance types, public images, managed policies. */
import type { Image } from './state.js';

export const ACCOUNT_ID = '123456789012';
export const CALLER_ARN = `arn:aws:iam::${ACCOUNT_ID}:user/sandbox-operator`;
export const CALLER_USER_ID = 'AIDASANDBOXOPERATOR01';
export const DEFAULT_REGION = 'us-east-1';

export const SSM_CORE_POLICY_ARN = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';
export const MANAGED_POLICIES = ['AmazonSSMManagedInstanceCore', 'CloudWatchAgentServerPolicy', 'AmazonS3ReadOnlyAccess', 'AWSElasticBeanstalkWebTier'];

/** The key EBS uses when a volume is encrypted without naming one (alias aws/ebs). */
export function defaultEbsKeyArn(region: string): string {
  return `arn:aws:kms:${region}:${ACCOUNT_ID}:key/5a4db0c8-0e15-4b0c-8e15-5a4db0c80e15`;
}

export interface InstanceTypeInfo {
  type: string;
  arch: 'x86_64' | 'arm64';
  vcpus: number;
  memoryMiB: number;
  network: string;
}

export const INSTANCE_TYPES: readonly InstanceTypeInfo[] = [
  { type: 't3.nano', arch: 'x86_64', vcpus: 2, memoryMiB: 512, network: 'Up to 5 Gigabit' },
  { type: 't3.micro', arch: 'x86_64', vcpus: 2, memoryMiB: 1024, network: 'Up to 5 Gigabit' },
  { type: 't3.small', arch: 'x86_64', vcpus: 2, memoryMiB: 2048, network: 'Up to 5 Gigabit' },
  { type: 't3.medium', arch: 'x86_64', vcpus: 2, memoryMiB: 4096, network: 'Up to 5 Gigabit' },
  { type: 't3.large', arch: 'x86_64', vcpus: 2, memoryMiB: 8192, network: 'Up to 5 Gigabit' },
  { type: 't3.xlarge', arch: 'x86_64', vcpus: 4, memoryMiB: 16384, network: 'Up to 5 Gigabit' },
  { type: 'm7i.large', arch: 'x86_64', vcpus: 2, memoryMiB: 8192, network: 'Up to 12.5 Gigabit' },
  { type: 'm7i.xlarge', arch: 'x86_64', vcpus: 4, memoryMiB: 16384, network: 'Up to 12.5 Gigabit' },
  { type: 'c7i.large', arch: 'x86_64', vcpus: 2, memoryMiB: 4096, network: 'Up to 12.5 Gigabit' },
  { type: 'r7i.large', arch: 'x86_64', vcpus: 2, memoryMiB: 16384, network: 'Up to 12.5 Gigabit' },
  { type: 'm7g.large', arch: 'arm64', vcpus: 2, memoryMiB: 8192, network: 'Up to 12.5 Gigabit' },
  { type: 't4g.micro', arch: 'arm64', vcpus: 2, memoryMiB: 1024, network: 'Up to 5 Gigabit' },
  { type: 't4g.small', arch: 'arm64', vcpus: 2, memoryMiB: 2048, network: 'Up to 5 Gigabit' },
  { type: 't4g.medium', arch: 'arm64', vcpus: 2, memoryMiB: 4096, network: 'Up to 5 Gigabit' },
];

export function instanceType(type: string): InstanceTypeInfo | undefined {
  return INSTANCE_TYPES.find((t) => t.type === type);
}

const CANONICAL = '099720109477';
const AMAZON = '137112412989';
/** Fedora's account: it publishes its cloud images under it, with no SSM parameter. */
export const FEDORA = '125523088429';

type ImageSeed = Omit<Image, 'createdAt' | 'Tags'> & { parameter?: string; publishedDaysAgo?: number };

/** A Fedora Cloud image as Fedora's account publishes it in every region (no SSM parameter names it). */
function fedoraCloud(ImageId: string, build: string, what: string, publishedDaysAgo: number): ImageSeed {
  const name = `Fedora-Cloud-Base-AmazonEC2.${build}`;
  return {
    ImageId,
    Name: `${name}-hvm-us-east-1-gp3-0`,
    Description: `${name} (sandbox): ${what}`,
    Architecture: 'x86_64',
    RootDeviceName: '/dev/sda1',
    RootVolumeSize: 5,
    RootVolumeType: 'gp3',
    OwnerId: FEDORA,
    os: 'fedora',
    defaultUser: 'fedora',
    publishedDaysAgo,
  };
}

/** Public images and the SSM parameters that name them (Fedora's are found by owner and name). */
export const PUBLIC_IMAGES: readonly ImageSeed[] = [
  {
    parameter: '/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id',
    ImageId: 'ami-0a1b2c3d4e5f60001',
    Name: 'ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20261101',
    Description: 'Canonical, Ubuntu, 24.04, amd64 noble image (sandbox)',
    Architecture: 'x86_64',
    RootDeviceName: '/dev/sda1',
    RootVolumeSize: 8,
    RootVolumeType: 'gp3',
    OwnerId: CANONICAL,
    os: 'ubuntu',
    defaultUser: 'ubuntu',
  },
  {
    parameter: '/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id',
    ImageId: 'ami-0a1b2c3d4e5f60002',
    Name: 'ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-20261101',
    Description: 'Canonical, Ubuntu, 24.04, arm64 noble image (sandbox)',
    Architecture: 'arm64',
    RootDeviceName: '/dev/sda1',
    RootVolumeSize: 8,
    RootVolumeType: 'gp3',
    OwnerId: CANONICAL,
    os: 'ubuntu',
    defaultUser: 'ubuntu',
  },
  {
    parameter: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    ImageId: 'ami-0a1b2c3d4e5f60003',
    Name: 'al2023-ami-2023.9.20261101.0-kernel-6.1-x86_64',
    Description: 'Amazon Linux 2023 AMI (sandbox)',
    Architecture: 'x86_64',
    RootDeviceName: '/dev/xvda',
    RootVolumeSize: 8,
    RootVolumeType: 'gp3',
    OwnerId: AMAZON,
    ImdsSupport: 'v2.0',
    os: 'al2023',
    defaultUser: 'ec2-user',
  },
  {
    parameter: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64',
    ImageId: 'ami-0a1b2c3d4e5f60004',
    Name: 'al2023-ami-2023.9.20261101.0-kernel-6.1-arm64',
    Description: 'Amazon Linux 2023 AMI (sandbox)',
    Architecture: 'arm64',
    RootDeviceName: '/dev/xvda',
    RootVolumeSize: 8,
    RootVolumeType: 'gp3',
    OwnerId: AMAZON,
    ImdsSupport: 'v2.0',
    os: 'al2023',
    defaultUser: 'ec2-user',
  },
  fedoraCloud('ami-0a1b2c3d4e5f60005', 'x86_64-42-1.1', 'the current release', 30),
  fedoraCloud('ami-0a1b2c3d4e5f60006', 'x86_64-41-1.4', 'the release before', 200),
  fedoraCloud('ami-0a1b2c3d4e5f60007', 'x86_64-Rawhide-20261102.n.0', 'a nightly, newer but no release', 0),
];
