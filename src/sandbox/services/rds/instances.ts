/**
 * RDS DB instances: created `creating`, then `backing-up` (the first
 * automated backup, when retention is above 0), then `available` as the
 * simulated time passes; deleted `deleting` until gone. With
 * ManageMasterUserPassword RDS makes the master password's secret in Secrets
 * Manager and names it in MasterUserSecret; the password itself never
 * appears (ManageMasterUserPassword, CreateDBInstance API reference).
 */
import type { CreateDBInstanceCommandInput, CreateDBSnapshotCommandInput, DBInstance, DeleteDBInstanceCommandInput, DescribeDBInstancesCommandInput } from '@aws-sdk/client-rds';
import type { DbInstance } from '../../account/state.js';
import { after } from '../../account/time.js';
import { resourceId, uuid } from '../../account/ids.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { tagsFrom } from '../lib/filters.js';
import { requireSubnetGroup, subnetGroupView } from './subnet-groups.js';
import { addManagedSecret, deleteManagedSecret } from '../secretsmanager/index.js';
import { DB_SNAPSHOT_SECONDS, dbSnapshotView, snapshotOfInstance } from './snapshots.js';
import { DB_CREATE_SECONDS, DB_DELETE_SECONDS, DB_FIRST_BACKUP_SECONDS, dbInstanceGone, dbInstanceStatus } from './instance-states.js';

const IDENTIFIER = /^[a-z](?!.*--)[a-z0-9-]{0,62}$/;
const ENGINE_PORTS: Record<string, number> = { postgres: 5432, mysql: 3306, mariadb: 3306 };

const notFound = (id: string) => awsError('DBInstanceNotFoundFault', `DBInstance ${id} not found.`, 404);

function live(ctx: OperationContext, id: string | undefined): DbInstance | undefined {
  const d = ctx.region.dbInstances?.[(id ?? '').toLowerCase()];
  return d && ctx.visible(d.createdAt) && !dbInstanceGone(d, ctx.now) ? d : undefined;
}

function view(ctx: OperationContext, d: DbInstance): DBInstance {
  const status = dbInstanceStatus(d, ctx.now);
  const created = status !== 'creating';
  const group = ctx.region.dbSubnetGroups?.[d.DBSubnetGroupName];
  return {
    DBInstanceIdentifier: d.DBInstanceIdentifier,
    DBInstanceArn: `arn:aws:rds:${ctx.regionName}:${ctx.account.accountId}:db:${d.DBInstanceIdentifier}`,
    DbiResourceId: d.DbiResourceId,
    DBInstanceClass: d.DBInstanceClass,
    Engine: d.Engine,
    EngineVersion: d.EngineVersion,
    DBInstanceStatus: status,
    MasterUsername: d.MasterUsername,
    ...(d.DBName ? { DBName: d.DBName } : {}),
    // RDS gives the endpoint once the instance is made.
    ...(created ? { Endpoint: { Address: `${d.DBInstanceIdentifier}.c${d.DbiResourceId.slice(3, 15).toLowerCase()}.${ctx.regionName}.rds.amazonaws.com`, Port: d.Port, HostedZoneId: 'Z2R2ITUGPM61AM' } } : {}),
    AllocatedStorage: d.AllocatedStorage,
    StorageType: d.StorageType,
    BackupRetentionPeriod: d.BackupRetentionPeriod,
    VpcSecurityGroups: d.VpcSecurityGroupIds.map((id) => ({ VpcSecurityGroupId: id, Status: 'active' })),
    ...(group ? { DBSubnetGroup: subnetGroupView(ctx, group) } : {}),
    AvailabilityZone: d.AvailabilityZone,
    MultiAZ: d.MultiAZ,
    PubliclyAccessible: d.PubliclyAccessible,
    StorageEncrypted: d.StorageEncrypted,
    ...(d.KmsKeyId ? { KmsKeyId: d.KmsKeyId } : {}),
    ...(d.masterSecretArn ? { MasterUserSecret: { SecretArn: d.masterSecretArn, SecretStatus: created ? 'active' : 'creating', KmsKeyId: 'alias/aws/secretsmanager' } } : {}),
    DeletionProtection: false,
    InstanceCreateTime: created ? new Date(d.createdAt) : undefined,
    TagList: Object.entries(d.Tags).map(([Key, Value]) => ({ Key, Value })),
  };
}

function validate(ctx: OperationContext, input: CreateDBInstanceCommandInput): void {
  const id = (input.DBInstanceIdentifier ?? '').toLowerCase();
  if (!IDENTIFIER.test(id) || id.endsWith('-'))
    throw awsError('InvalidParameterValue', 'The parameter DBInstanceIdentifier is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.');
  if (!input.Engine || !ENGINE_PORTS[input.Engine]) throw awsError('InvalidParameterValue', `Invalid DB engine: ${input.Engine}`);
  if (!input.DBInstanceClass?.startsWith('db.')) throw awsError('InvalidParameterValue', `Invalid DB Instance class: ${input.DBInstanceClass}`);
  if (input.ManageMasterUserPassword && input.MasterUserPassword)
    throw awsError('InvalidParameterCombination', 'Specify either MasterUserPassword or ManageMasterUserPassword, not both.');
  if (!input.ManageMasterUserPassword && !input.MasterUserPassword) throw awsError('InvalidParameterValue', 'The parameter MasterUserPassword must be provided and must not be blank.');
  const retention = input.BackupRetentionPeriod ?? 1;
  if (retention < 0 || retention > 35) throw awsError('InvalidParameterValue', `Invalid backup retention period: ${retention}. It must be between 0 and 35.`);
  if ((input.AllocatedStorage ?? 0) < 20 || (input.AllocatedStorage ?? 0) > 65536) throw awsError('InvalidParameterValue', `Invalid storage size for engine name ${input.Engine} and storage type ${input.StorageType ?? 'gp2'}: ${input.AllocatedStorage}`);
  for (const sg of input.VpcSecurityGroupIds ?? []) if (!ctx.region.securityGroups[sg]) throw awsError('InvalidParameterValue', `Invalid security group , groupId= ${sg}, groupName=.`);
}

export const dbInstances: ServiceHandlers = {
  CreateDBInstance: (ctx) => {
    const input = inputOf<CreateDBInstanceCommandInput>(ctx);
    validate(ctx, input);
    const id = input.DBInstanceIdentifier!.toLowerCase();
    if (live(ctx, id)) throw awsError('DBInstanceAlreadyExistsFault', 'DB instance already exists');
    const group = requireSubnetGroup(ctx, input.DBSubnetGroupName);
    for (const sg of input.VpcSecurityGroupIds ?? [])
      if (ctx.region.securityGroups[sg]!.VpcId !== group.VpcId) throw awsError('InvalidParameterCombination', `The DB instance and EC2 security group ${sg} are in different VPCs.`);
    const retention = input.BackupRetentionPeriod ?? 1;
    const created = after(ctx.now, DB_CREATE_SECONDS + (retention > 0 ? DB_FIRST_BACKUP_SECONDS : 0));
    const d: DbInstance = {
      DBInstanceIdentifier: id,
      DbiResourceId: `db-${resourceId('x').slice(2).toUpperCase()}`,
      DBInstanceClass: input.DBInstanceClass!,
      Engine: input.Engine!,
      EngineVersion: input.EngineVersion ?? '16.4',
      AllocatedStorage: input.AllocatedStorage!,
      StorageType: input.StorageType ?? 'gp2',
      MasterUsername: input.MasterUsername ?? 'postgres',
      ...(input.DBName ? { DBName: input.DBName } : {}),
      DBSubnetGroupName: group.DBSubnetGroupName,
      VpcSecurityGroupIds: input.VpcSecurityGroupIds ?? [],
      StorageEncrypted: input.StorageEncrypted === true,
      ...(input.StorageEncrypted ? { KmsKeyId: input.KmsKeyId ?? `arn:aws:kms:${ctx.regionName}:${ctx.account.accountId}:key/${uuid()}` } : {}),
      BackupRetentionPeriod: retention,
      PubliclyAccessible: input.PubliclyAccessible === true,
      MultiAZ: input.MultiAZ === true,
      Port: input.Port ?? ENGINE_PORTS[input.Engine!]!,
      AvailabilityZone: ctx.region.subnets[group.subnetIds[0]!]?.AvailabilityZone ?? `${ctx.regionName}a`,
      ...(input.CopyTagsToSnapshot ? { CopyTagsToSnapshot: true } : {}),
      availableAt: created,
      Tags: tagsFrom(input.Tags),
      createdAt: ctx.now,
    };
    if (input.ManageMasterUserPassword) d.masterSecretArn = addManagedSecret(ctx, `rds!db-${uuid()}`, 'rds', { 'aws:rds:primaryDBInstanceArn': `arn:aws:rds:${ctx.regionName}:${ctx.account.accountId}:db:${id}` });
    (ctx.region.dbInstances ??= {})[id] = d;
    return { DBInstance: view(ctx, d) };
  },

  DescribeDBInstances: (ctx) => {
    const input = inputOf<DescribeDBInstancesCommandInput>(ctx);
    if (input.DBInstanceIdentifier) {
      const one = live(ctx, input.DBInstanceIdentifier);
      if (!one) throw notFound(input.DBInstanceIdentifier);
      return { DBInstances: [view(ctx, one)] };
    }
    const all = Object.values(ctx.region.dbInstances ?? {}).filter((d) => ctx.visible(d.createdAt) && !dbInstanceGone(d, ctx.now));
    return { DBInstances: all.map((d) => view(ctx, d)) };
  },

  CreateDBSnapshot: (ctx) => {
    const input = inputOf<CreateDBSnapshotCommandInput>(ctx);
    const d = live(ctx, input.DBInstanceIdentifier);
    if (!d) throw notFound(input.DBInstanceIdentifier ?? '');
    const snapshotId = (input.DBSnapshotIdentifier ?? '').toLowerCase();
    if (ctx.region.dbSnapshots?.[snapshotId]) throw awsError('DBSnapshotAlreadyExistsFault', `Cannot create the snapshot because a snapshot with the identifier ${snapshotId} already exists.`);
    if (dbInstanceStatus(d, ctx.now) !== 'available') throw awsError('InvalidDBInstanceStateFault', `Instance ${d.DBInstanceIdentifier} is not in available state.`);
    const snapshot = snapshotOfInstance(ctx, d, snapshotId, input.Tags, DB_SNAPSHOT_SECONDS);
    (ctx.region.dbSnapshots ??= {})[snapshotId] = snapshot;
    return { DBSnapshot: dbSnapshotView(ctx, ctx.regionName, snapshot) };
  },

  DeleteDBInstance: (ctx) => {
    const input = inputOf<DeleteDBInstanceCommandInput>(ctx);
    const d = live(ctx, input.DBInstanceIdentifier);
    if (!d) throw notFound(input.DBInstanceIdentifier ?? '');
    if (d.deletingAt !== undefined) throw awsError('InvalidDBInstanceStateFault', `Instance ${d.DBInstanceIdentifier} is already being deleted.`);
    if (dbInstanceStatus(d, ctx.now) !== 'available') throw awsError('InvalidDBInstanceStateFault', `Instance ${d.DBInstanceIdentifier} is not in available state.`);
    if (!input.SkipFinalSnapshot && !input.FinalDBSnapshotIdentifier)
      throw awsError('InvalidParameterCombination', 'FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.');
    if (input.FinalDBSnapshotIdentifier) {
      const snapshotId = input.FinalDBSnapshotIdentifier.toLowerCase();
      if (ctx.region.dbSnapshots?.[snapshotId]) throw awsError('DBSnapshotAlreadyExistsFault', `Cannot create the snapshot because a snapshot with the identifier ${snapshotId} already exists.`);
      (ctx.region.dbSnapshots ??= {})[snapshotId] = snapshotOfInstance(ctx, d, snapshotId, undefined, DB_DELETE_SECONDS / 2);
    }
    d.deletingAt = ctx.now;
    d.deletedAt = after(ctx.now, DB_DELETE_SECONDS);
    if (d.masterSecretArn) deleteManagedSecret(ctx, d.masterSecretArn);
    return { DBInstance: view(ctx, d) };
  },
};
