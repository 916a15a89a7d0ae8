/**
 * `rds.dbInstance`: a DB instance with this identifier, private, encrypted,
 * with automated backups kept `backupRetentionDays`, its master password
 * managed by RDS in Secrets Manager (ManageMasterUserPassword): no password
 * is ever chosen, sent, stored or shown here; the step answers the secret's
 * ARN only. CreateDBInstance has no idempotency token: the identifier is the
 * key, and a create a crashed run sent is found by it and awaited. The step
 * waits until the instance is available (the slow part: minutes).
 */
import { CreateDBInstanceCommand, DescribeDBInstancesCommand, type DBInstance } from '../../aws/sdk/rds.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import type { PlannedCall } from '../../core/calls.js';
import { hasErrorName } from '../../aws/errors.js';
import { plannedTags } from '../../aws/tags.js';
import { waitFor } from '../../aws/wait.js';

export interface DbInstanceInput {
  identifier: string;
  engine: 'postgres';
  engineVersion: string;
  instanceClass: string;
  allocatedStorageGiB: number;
  subnetGroupName: string;
  securityGroupIds: string[];
  backupRetentionDays: number;
  masterUsername: string;
  /** Minutes to wait for `available`. */
  waitMinutes?: number;
}

export interface DbInstanceOutputs {
  identifier: string;
  arn: string;
  endpoint: string;
  port: number;
  /** The ARN of the secret RDS keeps the master password in; never its value. */
  masterSecretArn: string;
}

interface Found {
  /** The instance exists (a run that crashed after its create): only the wait remains. */
  exists: boolean;
}

export class DbInstanceError extends Error {
  override name = 'DbInstanceUnsafe';
}

const STORAGE_TYPE = 'gp3';
const FAILED = new Set(['failed', 'incompatible-parameters', 'incompatible-network', 'incompatible-restore', 'storage-full', 'inaccessible-encryption-credentials', 'deleting']);

export async function findDbInstance(ctx: StepContext, identifier: string): Promise<DBInstance | undefined> {
  try {
    return (await ctx.aws.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }))).DBInstances?.[0];
  } catch (err) {
    if (hasErrorName(err, 'DBInstanceNotFound', 'DBInstanceNotFoundFault')) return undefined;
    throw err;
  }
}

/** What this runbook never accepts of a database, its own or one it finds. */
function unsafe(db: DBInstance, input: DbInstanceInput): string | undefined {
  if (db.PubliclyAccessible) return 'it is publicly accessible';
  if (!db.StorageEncrypted) return 'its storage is not encrypted';
  if (!db.MasterUserSecret?.SecretArn) return 'its master password is not managed by RDS in Secrets Manager (ManageMasterUserPassword)';
  if (db.Engine !== input.engine) return `its engine is ${db.Engine}, not ${input.engine}`;
  if ((db.BackupRetentionPeriod ?? 0) !== input.backupRetentionDays) return `it keeps automated backups ${db.BackupRetentionPeriod} days, not ${input.backupRetentionDays}`;
  return undefined;
}

function outputsOf(db: DBInstance): DbInstanceOutputs {
  return {
    identifier: db.DBInstanceIdentifier ?? '',
    arn: db.DBInstanceArn ?? '',
    endpoint: db.Endpoint?.Address ?? '',
    port: db.Endpoint?.Port ?? 5432,
    masterSecretArn: db.MasterUserSecret?.SecretArn ?? '',
  };
}

function createInput(input: DbInstanceInput, tags: { Key: string; Value: string }[]) {
  return {
    DBInstanceIdentifier: input.identifier,
    Engine: input.engine,
    EngineVersion: input.engineVersion,
    DBInstanceClass: input.instanceClass,
    AllocatedStorage: input.allocatedStorageGiB,
    StorageType: STORAGE_TYPE,
    StorageEncrypted: true,
    PubliclyAccessible: false,
    MasterUsername: input.masterUsername,
    ManageMasterUserPassword: true,
    DBSubnetGroupName: input.subnetGroupName,
    VpcSecurityGroupIds: input.securityGroupIds,
    BackupRetentionPeriod: input.backupRetentionDays,
    CopyTagsToSnapshot: true,
    Tags: tags,
  };
}

async function waitAvailable(ctx: StepContext, input: DbInstanceInput): Promise<DBInstance> {
  return waitFor(ctx, {
    what: `DB instance ${input.identifier} to be available`,
    minDelay: 15,
    maxDelay: 60,
    maxWait: (input.waitMinutes ?? 60) * 60,
    notFound: 'not visible yet',
    poll: async () => {
      const db = await findDbInstance(ctx, input.identifier);
      const status = db?.DBInstanceStatus ?? 'not visible yet';
      if (FAILED.has(status)) return { failed: `the DB instance is ${status}` };
      return db && status === 'available' ? { done: true, value: db } : { done: false, status };
    },
  });
}

function settled(db: DBInstance, input: DbInstanceInput): DbInstanceOutputs {
  const problem = unsafe(db, input);
  if (problem) throw new DbInstanceError(`DB instance ${input.identifier} exists, but ${problem}: this runbook does not use it; choose another identifier, or fix it first.`);
  return outputsOf(db);
}

const kind: StepKind<DbInstanceInput, DbInstanceOutputs, Found> = {
  async check(ctx, input) {
    const db = await findDbInstance(ctx, input.identifier);
    if (!db) return { done: false, reason: `No DB instance ${input.identifier} yet.`, found: { exists: false } };
    if (db.DBInstanceStatus !== 'available') return { done: false, reason: `DB instance ${input.identifier} is ${db.DBInstanceStatus}.`, found: { exists: true } };
    const outputs = settled(db, input);
    return {
      done: true,
      outputs,
      evidence: [
        `${input.identifier}: ${db.Engine} ${db.EngineVersion}, ${db.DBInstanceClass}, ${db.AllocatedStorage} GiB ${db.StorageType}, encrypted, private, backups kept ${db.BackupRetentionPeriod} days`,
        `endpoint ${outputs.endpoint}:${outputs.port}; master password in Secrets Manager (${outputs.masterSecretArn})`,
      ],
    };
  },
  plan(input, found, ctx): PlannedCall[] {
    if (found?.exists) return [{ service: 'rds', operation: 'DescribeDBInstances', input: { DBInstanceIdentifier: input.identifier }, note: 'waits until it is available' }];
    return [{ service: 'rds', operation: 'CreateDBInstance', input: createInput(input, plannedTags(ctx, input.identifier)), note: 'RDS makes the master password and keeps it in Secrets Manager; then waits until available (minutes)' }];
  },
  async apply(ctx, input, found) {
    if (!found?.exists) {
      try {
        await ctx.aws.rds.send(new CreateDBInstanceCommand(createInput(input, ctx.tags(input.identifier))));
      } catch (err) {
        // Sent by a run that crashed before recording it: the same identifier, awaited below and checked like any other.
        if (!hasErrorName(err, 'DBInstanceAlreadyExists', 'DBInstanceAlreadyExistsFault')) throw err;
      }
    }
    return settled(await waitAvailable(ctx, input), input);
  },
};

export { kind as dbInstanceKind };
