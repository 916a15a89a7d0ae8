/**
 * What an account already holds before a runbook first runs in it, declared
 * by the runbook's rehearsal: resources no run of the runbook makes, such as
 * the backups a production stack has been taking for weeks. A seed states
 * fixed ids (so the rehearsal's parameters can name them) and ages (so a
 * check of how old a backup is has something true to read). It is applied
 * once per account, and only adds what is not there.
 */
import { createHash } from 'node:crypto';
import { newHost } from '../host/model.js';
import { PUBLIC_IMAGES, SSM_CORE_POLICY_ARN } from './world.js';
import { iamUniqueId, resourceId } from './ids.js';
import { subnetHost } from './net.js';
import type { DbSnapshot, Instance, KmsKey, RegionState, SandboxAccountState, Tags } from './state.js';

const SEED = Symbol.for('runbook.accountSeed');
const HOUR_MS = 3600 * 1000;

export interface SeedWorld {
  kmsKeys?: { region: string; keyId: string; description?: string; state?: KmsKey['KeyState'] }[];
  volumes?: { region: string; volumeId: string; sizeGiB: number; tags?: Tags; encrypted?: boolean; kmsKeyId?: string }[];
  ebsSnapshots?: { region: string; snapshotId: string; volumeId: string; sizeGiB: number; ageHours: number; description?: string; encrypted?: boolean; kmsKeyId?: string; tags?: Tags }[];
  dbSnapshots?: {
    region: string;
    identifier: string;
    instanceIdentifier: string;
    engine: string;
    engineVersion: string;
    allocatedStorage: number;
    ageHours: number;
    encrypted?: boolean;
    kmsKeyId?: string;
    type?: DbSnapshot['SnapshotType'];
  }[];
  buckets?: { name: string; region: string; objects?: { key: string; ageHours: number; body?: string; size?: number }[] }[];
  keyPairs?: { region: string; name: string }[];
  /**
   * Machine images this account made before (another runbook's), by their tags; what an instance launched from one boots with:
   * its files, its packages and their services (`units`: unit -> package; installed, not enabled).
   */
  images?: { region: string; imageId: string; name: string; tags?: Tags; os?: 'ubuntu' | 'al2023'; rootVolumeSizeGiB?: number; ageHours?: number; files?: Record<string, string>; packages?: Record<string, string>; units?: Record<string, string> }[];
  /** Running instances with the SSM agent online (an instance profile with AmazonSSMManagedInstanceCore), found by their Name tag. */
  instances?: { region: string; name: string; os?: 'ubuntu' | 'al2023'; ageHours?: number; tags?: Tags; files?: Record<string, string> }[];
}

export interface AccountSeed {
  readonly [SEED]: true;
  readonly world: SeedWorld;
}

/** A runbook's seed: `rehearsal.seed: () => import('./sandbox-seed.js')`, whose default export is this. */
export function defineAccountSeed(world: SeedWorld): AccountSeed {
  return { [SEED]: true, world };
}

export function isAccountSeed(value: unknown): value is AccountSeed {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SEED] === true;
}

const SEED_PROFILE = 'sandbox-seed-ssm';

function ssmProfileArn(account: SandboxAccountState, now: number): string {
  const roles = account.iam.roles;
  roles[SEED_PROFILE] ??= {
    RoleName: SEED_PROFILE,
    RoleId: iamUniqueId('AROA'),
    Arn: `arn:aws:iam::${account.accountId}:role/${SEED_PROFILE}`,
    Path: '/',
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    MaxSessionDuration: 3600,
    attachedPolicyArns: [SSM_CORE_POLICY_ARN],
    Tags: {},
    createdAt: now,
  };
  const profile = (account.iam.instanceProfiles[SEED_PROFILE] ??= {
    InstanceProfileName: SEED_PROFILE,
    InstanceProfileId: iamUniqueId('AIPA'),
    Arn: `arn:aws:iam::${account.accountId}:instance-profile/${SEED_PROFILE}`,
    Path: '/',
    roleNames: [SEED_PROFILE],
    Tags: {},
    createdAt: now,
  });
  return profile.Arn;
}

function seedInstance(account: SandboxAccountState, region: RegionState, spec: NonNullable<SeedWorld['instances']>[number], now: number): void {
  if (Object.values(region.instances).some((i) => i.Tags.Name === spec.name)) return;
  const image = PUBLIC_IMAGES.find((i) => i.os === (spec.os ?? 'ubuntu') && i.Architecture === 'x86_64')!;
  const vpc = Object.values(region.vpcs).find((v) => v.IsDefault)!;
  const subnet = Object.values(region.subnets).find((s) => s.VpcId === vpc.VpcId && s.DefaultForAz)!;
  const launchedAt = now - (spec.ageHours ?? 24 * 30) * HOUR_MS;
  const id = resourceId('i');
  const group = Object.values(region.securityGroups).find((g) => g.VpcId === vpc.VpcId && g.GroupName === 'default');
  const instance: Instance = {
    InstanceId: id,
    ReservationId: resourceId('r'),
    ImageId: image.ImageId,
    InstanceType: 't3.micro',
    SubnetId: subnet.SubnetId,
    VpcId: vpc.VpcId,
    PrivateIpAddress: subnetHost(subnet.CidrBlock, subnet.nextHost++),
    SecurityGroupIds: group ? [group.GroupId] : [],
    IamInstanceProfileArn: ssmProfileArn(account, now),
    MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled', InstanceMetadataTags: 'disabled' },
    BlockDeviceMappings: [],
    launchedAt,
    AmiLaunchIndex: 0,
    DisableApiTermination: false,
    Tags: { Name: spec.name, ...spec.tags },
    createdAt: launchedAt,
    host: newHost(image.os, image.defaultUser, launchedAt),
  };
  for (const [path, content] of Object.entries(spec.files ?? {})) instance.host.files[path] = { content, mtime: launchedAt };
  region.instances[id] = instance;
}

function seedImage(account: SandboxAccountState, region: RegionState, spec: NonNullable<SeedWorld['images']>[number], at: number): void {
  if (region.images[spec.imageId]) return;
  const base = PUBLIC_IMAGES.find((i) => i.os === (spec.os ?? 'al2023') && i.Architecture === 'x86_64')!;
  const host = newHost(base.os, base.defaultUser, at);
  for (const [path, content] of Object.entries(spec.files ?? {})) host.files[path] = { content, mtime: at };
  Object.assign(host.packages, spec.packages);
  for (const [unit, pkg] of Object.entries(spec.units ?? {})) host.units[unit] = { enabled: false, active: false, package: pkg };
  region.images[spec.imageId] = {
    ImageId: spec.imageId,
    Name: spec.name,
    Description: `${spec.name} (sandbox seed)`,
    Architecture: 'x86_64',
    RootDeviceName: base.RootDeviceName,
    RootVolumeSize: spec.rootVolumeSizeGiB ?? base.RootVolumeSize,
    RootVolumeType: 'gp3',
    OwnerId: account.accountId,
    ...(base.ImdsSupport ? { ImdsSupport: base.ImdsSupport } : {}),
    os: base.os,
    defaultUser: base.defaultUser,
    createdAt: at,
    availableAt: at,
    Tags: { Name: spec.name, ...spec.tags },
    host,
  };
}

function etag(body: string): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

/** Adds what the seed declares and the account lacks; `name` records that it was applied. */
export function applySeed(account: SandboxAccountState, regionOf: (name: string) => RegionState, seed: AccountSeed, name: string, now: number): boolean {
  account.seeds ??= [];
  if (account.seeds.includes(name)) return false;
  const w = seed.world;
  const ago = (hours: number) => now - hours * HOUR_MS;
  for (const k of w.kmsKeys ?? []) {
    const keys = (regionOf(k.region).kmsKeys ??= {});
    keys[k.keyId] ??= { KeyId: k.keyId, Description: k.description ?? '', KeyState: k.state ?? 'Enabled', KeyManager: 'CUSTOMER', createdAt: ago(24 * 90) };
  }
  for (const v of w.volumes ?? []) {
    const r = regionOf(v.region);
    r.volumes[v.volumeId] ??= { VolumeId: v.volumeId, Size: v.sizeGiB, VolumeType: 'sc1', Encrypted: v.encrypted ?? false, ...(v.kmsKeyId ? { KmsKeyId: v.kmsKeyId } : {}), AvailabilityZone: `${v.region}a`, Tags: { ...v.tags }, createdAt: ago(24 * 90) };
  }
  for (const s of w.ebsSnapshots ?? []) {
    const snapshots = (regionOf(s.region).snapshots ??= {});
    const at = ago(s.ageHours);
    snapshots[s.snapshotId] ??= {
      SnapshotId: s.snapshotId,
      VolumeId: s.volumeId,
      VolumeSize: s.sizeGiB,
      Description: s.description ?? '',
      Encrypted: s.encrypted ?? false,
      ...(s.kmsKeyId ? { KmsKeyId: s.kmsKeyId } : {}),
      OwnerId: account.accountId,
      startedAt: at,
      completesAt: at,
      Tags: { ...s.tags },
      createdAt: at,
    };
  }
  for (const d of w.dbSnapshots ?? []) {
    const snapshots = (regionOf(d.region).dbSnapshots ??= {});
    const at = ago(d.ageHours);
    const identifier = d.identifier.toLowerCase();
    snapshots[identifier] ??= {
      DBSnapshotIdentifier: identifier,
      DBInstanceIdentifier: d.instanceIdentifier.toLowerCase(),
      Engine: d.engine,
      EngineVersion: d.engineVersion,
      AllocatedStorage: d.allocatedStorage,
      Port: 3306,
      MasterUsername: 'openemr',
      SnapshotType: d.type ?? 'manual',
      Encrypted: d.encrypted ?? false,
      ...(d.kmsKeyId ? { KmsKeyId: d.kmsKeyId } : {}),
      AvailabilityZone: `${d.region}a`,
      snapshotCreatedAt: at,
      originalCreatedAt: at,
      availableAt: at,
      Tags: {},
      createdAt: at,
    };
  }
  for (const b of w.buckets ?? []) {
    const bucket = (account.s3.buckets[b.name] ??= { Name: b.name, region: b.region, objects: {}, createdAt: ago(24 * 90) });
    for (const o of b.objects ?? []) {
      const body = o.body ?? '';
      bucket.objects[o.key] ??= { Size: o.size ?? Buffer.byteLength(body), ETag: etag(body), bodyBase64: Buffer.from(body).toString('base64'), lastModified: ago(o.ageHours) };
    }
  }
  for (const k of w.keyPairs ?? []) {
    const pairs = regionOf(k.region).keyPairs;
    pairs[k.name] ??= { KeyPairId: resourceId('key'), KeyName: k.name, KeyFingerprint: createHash('sha1').update(k.name).digest('hex').match(/../g)!.join(':'), KeyType: 'rsa', Tags: {}, createdAt: ago(24 * 90) };
  }
  for (const i of w.images ?? []) seedImage(account, regionOf(i.region), i, ago(i.ageHours ?? 24 * 7));
  for (const i of w.instances ?? []) seedInstance(account, regionOf(i.region), i, now);
  account.seeds.push(name);
  return true;
}
