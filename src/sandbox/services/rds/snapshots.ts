/**
 * RDS DB snapshots: taken of an instance (CreateDBSnapshot is registered with
 * the instances), described (Marker pagination, 20 to 100 records) and
 * copied. CopyDBSnapshot is called in the destination region; a cross-region
 * source is named by its ARN, and an encrypted one needs a KMS key of the
 * destination region (KMS keys are regional; CopyDBSnapshot API reference).
 * A copy is `creating` until its simulated time is up; its
 * SnapshotCreateTime is the copy's own, OriginalSnapshotCreateTime the
 * source's (DBSnapshot data type). DeleteDBSnapshot removes a manual
 * snapshot at once (a copy still in progress is stopped, as AWS does) and
 * answers it with the status `deleted`; an automated one is refused.
 */
import type { CopyDBSnapshotCommandInput, DBSnapshot, Tag, DeleteDBSnapshotCommandInput, DescribeDBSnapshotsCommandInput } from '@aws-sdk/client-rds';
import type { DbInstance, DbSnapshot, RegionState } from '../../account/state.js';
import { after } from '../../account/time.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { applyFilters, tagsFrom } from '../lib/filters.js';
import { page } from '../lib/pages.js';
import { findKey, keyArn } from '../kms/index.js';

/** Simulated seconds for a copy to become available. */
export const DB_SNAPSHOT_COPY_SECONDS = 120;
/** Simulated seconds for a manual snapshot of an instance (CreateDBSnapshot) to become available. */
export const DB_SNAPSHOT_SECONDS = 60;

const SNAPSHOT_ARN = /^arn:aws[a-z-]*:rds:([a-z0-9-]+):(\d{12}):snapshot:(.+)$/;
const IDENTIFIER = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,254}$/;

export function dbSnapshotArn(regionName: string, accountId: string, identifier: string): string {
  return `arn:aws:rds:${regionName}:${accountId}:snapshot:${identifier}`;
}

const notFound = (id: string) => awsError('DBSnapshotNotFoundFault', `DBSnapshot ${id} not found.`, 404);

export function dbSnapshotStatus(s: DbSnapshot, now: number): 'creating' | 'available' {
  return now < s.availableAt ? 'creating' : 'available';
}

export function dbSnapshotView(ctx: OperationContext, regionName: string, s: DbSnapshot): DBSnapshot {
  const status = dbSnapshotStatus(s, ctx.now);
  return {
    DBSnapshotIdentifier: s.DBSnapshotIdentifier,
    DBInstanceIdentifier: s.DBInstanceIdentifier,
    SnapshotCreateTime: new Date(s.snapshotCreatedAt),
    OriginalSnapshotCreateTime: new Date(s.originalCreatedAt),
    Engine: s.Engine,
    EngineVersion: s.EngineVersion,
    AllocatedStorage: s.AllocatedStorage,
    Status: status,
    Port: s.Port,
    AvailabilityZone: s.AvailabilityZone,
    MasterUsername: s.MasterUsername,
    LicenseModel: 'general-public-license',
    SnapshotType: s.SnapshotType,
    PercentProgress: status === 'available' ? 100 : Math.min(99, Math.floor(((ctx.now - s.createdAt) / Math.max(1, s.availableAt - s.createdAt)) * 100)),
    StorageType: 'gp2',
    Encrypted: s.Encrypted,
    ...(s.KmsKeyId ? { KmsKeyId: s.KmsKeyId } : {}),
    ...(s.SourceRegion ? { SourceRegion: s.SourceRegion } : {}),
    ...(s.SourceDBSnapshotIdentifier ? { SourceDBSnapshotIdentifier: s.SourceDBSnapshotIdentifier } : {}),
    DBSnapshotArn: dbSnapshotArn(regionName, ctx.account.accountId, s.DBSnapshotIdentifier),
    IAMDatabaseAuthenticationEnabled: false,
    TagList: Object.entries(s.Tags).map(([Key, Value]) => ({ Key, Value })),
  };
}

/**
 * A manual snapshot of a DB instance, as CreateDBSnapshot and a final
 * snapshot of DeleteDBInstance take it: tags given with the snapshot are its
 * only tags; without any, the instance's are copied when CopyTagsToSnapshot
 * is set (CreateDBSnapshot API reference, "Tags").
 */
export function snapshotOfInstance(ctx: OperationContext, d: DbInstance, snapshotId: string, tags: Tag[] | undefined, seconds: number): DbSnapshot {
  return {
    DBSnapshotIdentifier: snapshotId,
    DBInstanceIdentifier: d.DBInstanceIdentifier,
    Engine: d.Engine,
    EngineVersion: d.EngineVersion,
    AllocatedStorage: d.AllocatedStorage,
    Port: d.Port,
    MasterUsername: d.MasterUsername,
    SnapshotType: 'manual',
    Encrypted: d.StorageEncrypted,
    ...(d.KmsKeyId ? { KmsKeyId: d.KmsKeyId } : {}),
    AvailabilityZone: d.AvailabilityZone,
    snapshotCreatedAt: ctx.now,
    originalCreatedAt: ctx.now,
    availableAt: after(ctx.now, seconds),
    Tags: tags?.length ? tagsFrom(tags) : d.CopyTagsToSnapshot ? { ...d.Tags } : {},
    createdAt: ctx.now,
  };
}

/** A snapshot by identifier (or by an ARN of this account), in `regionName`. */
function lookup(ctx: OperationContext, identifierOrArn: string): { region: RegionState | undefined; regionName: string; identifier: string } {
  const arn = SNAPSHOT_ARN.exec(identifierOrArn);
  if (arn && arn[2] !== ctx.account.accountId) throw notFound(identifierOrArn);
  const regionName = arn ? arn[1]! : ctx.regionName;
  return { region: ctx.account.regions[regionName], regionName, identifier: (arn ? arn[3]! : identifierOrArn).toLowerCase() };
}

function visibleSnapshot(ctx: OperationContext, region: RegionState | undefined, identifier: string): DbSnapshot | undefined {
  const s = region?.dbSnapshots?.[identifier];
  return s && ctx.visible(s.createdAt) ? s : undefined;
}

export const snapshots: ServiceHandlers = {
  DescribeDBSnapshots: (ctx) => {
    const input = inputOf<DescribeDBSnapshotsCommandInput>(ctx);
    const max = input.MaxRecords;
    if (max !== undefined && (max < 20 || max > 100)) throw awsError('InvalidParameterValue', `Invalid value ${max} for MaxRecords. Must be between 20 and 100`);
    let found = Object.values(ctx.region.dbSnapshots ?? {}).filter((s) => ctx.visible(s.createdAt));
    if (input.DBSnapshotIdentifier) {
      const { region, identifier } = lookup(ctx, input.DBSnapshotIdentifier);
      const one = visibleSnapshot(ctx, region, identifier);
      // An automated snapshot is described by identifier only with SnapshotType automated (DescribeDBSnapshots API reference).
      if (!one || (one.SnapshotType === 'automated' && input.SnapshotType !== 'automated')) throw notFound(input.DBSnapshotIdentifier);
      found = [one];
    }
    if (input.DBInstanceIdentifier) found = found.filter((s) => s.DBInstanceIdentifier === input.DBInstanceIdentifier!.toLowerCase());
    if (input.SnapshotType) found = found.filter((s) => s.SnapshotType === input.SnapshotType);
    found = applyFilters(found, input.Filters, {
      'db-instance-id': (s) => s.DBInstanceIdentifier,
      'db-snapshot-id': (s) => s.DBSnapshotIdentifier,
      'snapshot-type': (s) => s.SnapshotType,
      engine: (s) => s.Engine,
    }).sort((a, b) => (a.DBSnapshotIdentifier < b.DBSnapshotIdentifier ? -1 : 1));
    const { items, nextToken } = page(found, max, input.Marker, (s) => s.DBSnapshotIdentifier, {
      min: 20,
      max: 100,
      badToken: () => awsError('InvalidParameterValue', 'Invalid marker.'),
    });
    return { DBSnapshots: items.map((s) => dbSnapshotView(ctx, ctx.regionName, s)), ...(nextToken ? { Marker: nextToken } : {}) };
  },

  CopyDBSnapshot: (ctx) => {
    const input = inputOf<CopyDBSnapshotCommandInput>(ctx);
    const sourceName = input.SourceDBSnapshotIdentifier ?? '';
    const target = (input.TargetDBSnapshotIdentifier ?? '').toLowerCase();
    if (!IDENTIFIER.test(target) || target.endsWith('-'))
      throw awsError('InvalidParameterValue', `The parameter TargetDBSnapshotIdentifier is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.`);
    const { region: sourceRegion, regionName: sourceRegionName, identifier } = lookup(ctx, sourceName);
    const crossRegion = sourceRegionName !== ctx.regionName;
    const source = visibleSnapshot(ctx, sourceRegion, identifier);
    if (!source) throw notFound(sourceName);
    if (dbSnapshotStatus(source, ctx.now) !== 'available') throw awsError('InvalidDBSnapshotStateFault', `Snapshot ${sourceName} is not in available state.`);
    if (visibleSnapshot(ctx, ctx.region, target)) throw awsError('DBSnapshotAlreadyExistsFault', `Cannot create the snapshot because a snapshot with the identifier ${target} already exists.`);
    if (crossRegion && source.Encrypted && !input.KmsKeyId)
      throw awsError('InvalidParameterCombination', 'KmsKeyId must be specified to copy an encrypted DB snapshot to another region: KMS keys are specific to the region they are created in.');
    let kmsKeyId = source.KmsKeyId;
    if (input.KmsKeyId) {
      try {
        const key = findKey(ctx, input.KmsKeyId);
        if (key.KeyState !== 'Enabled') throw new Error('disabled');
        kmsKeyId = keyArn(ctx.regionName, ctx.account.accountId, key.KeyId);
      } catch {
        throw awsError('KMSKeyNotAccessibleFault', 'The specified KMS key does not exist, is not enabled or you do not have permissions to access it.');
      }
    }
    const copy: DbSnapshot = {
      ...source,
      DBSnapshotIdentifier: target,
      SnapshotType: 'manual',
      Encrypted: source.Encrypted || input.KmsKeyId !== undefined,
      ...(kmsKeyId ? { KmsKeyId: kmsKeyId } : {}),
      AvailabilityZone: `${ctx.regionName}a`,
      snapshotCreatedAt: ctx.now,
      originalCreatedAt: source.originalCreatedAt,
      availableAt: after(ctx.now, DB_SNAPSHOT_COPY_SECONDS),
      SourceRegion: sourceRegionName,
      SourceDBSnapshotIdentifier: dbSnapshotArn(sourceRegionName, ctx.account.accountId, source.DBSnapshotIdentifier),
      Tags: { ...(input.CopyTags ? source.Tags : {}), ...tagsFrom(input.Tags) },
      createdAt: ctx.now,
    };
    (ctx.region.dbSnapshots ??= {})[target] = copy;
    return { DBSnapshot: dbSnapshotView(ctx, ctx.regionName, copy) };
  },
  DeleteDBSnapshot: (ctx) => {
    const name = inputOf<DeleteDBSnapshotCommandInput>(ctx).DBSnapshotIdentifier ?? '';
    const { region, regionName, identifier } = lookup(ctx, name);
    const s = visibleSnapshot(ctx, region, identifier);
    if (!s || regionName !== ctx.regionName) throw notFound(name);
    if (s.SnapshotType === 'automated') throw awsError('InvalidDBSnapshotStateFault', `Only manual snapshots may be deleted; ${identifier} is automated and goes with its retention period.`);
    delete region!.dbSnapshots![identifier];
    return { DBSnapshot: { ...dbSnapshotView(ctx, ctx.regionName, s), Status: 'deleted' } };
  },
};
