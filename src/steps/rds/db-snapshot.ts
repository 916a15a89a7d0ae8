/**
 * `rds.dbSnapshot`: an RDS DB snapshot, by ARN, exists in the region its ARN
 * names and is available. Read-only. The time it reports is when the
 * database was snapshotted (OriginalSnapshotCreateTime: a copy's own
 * SnapshotCreateTime is the copy's).
 */
import { DescribeDBSnapshotsCommand, type DBSnapshot } from '../../aws/sdk/rds.js';
import { hasErrorName } from '../../aws/errors.js';
import { parseArn } from '../../aws/arn.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';

export interface DbSnapshotInput {
  snapshotArn: string;
  what: string;
}

export interface DbSnapshotOutputs {
  snapshotArn: string;
  identifier: string;
  region: string;
  /** ISO time the database was snapshotted. */
  createTime: string;
  encrypted: boolean;
  kmsKeyId: string;
  engine: string;
}

/** Region and identifier of an RDS snapshot ARN (`arn:aws:rds:us-east-1:123456789012:snapshot:rds:name` for automated ones). */
export function dbSnapshotOf(arnText: string): { region: string; identifier: string; automated: boolean } {
  const arn = parseArn(arnText);
  if (!arn || arn.service !== 'rds' || !arn.resource.startsWith('snapshot:')) throw new Error(`${arnText} is not an RDS DB snapshot ARN.`);
  const identifier = arn.resource.slice('snapshot:'.length);
  return { region: arn.region, identifier, automated: identifier.startsWith('rds:') };
}

/** A DB snapshot by identifier, in `region` or the session's own; undefined when there is none. */
export async function describeDbSnapshot(ctx: StepContext, region: string | undefined, identifier: string, automated: boolean): Promise<DBSnapshot | undefined> {
  try {
    const res = await (region ? ctx.aws.inRegion(region) : ctx.aws).rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: identifier, ...(automated ? { SnapshotType: 'automated' } : {}) }));
    return res.DBSnapshots?.[0];
  } catch (err) {
    if (hasErrorName(err, 'DBSnapshotNotFoundFault', 'DBSnapshotNotFound')) return undefined;
    throw err;
  }
}

const kind: StepKind<DbSnapshotInput, DbSnapshotOutputs> = {
  async check(ctx, input) {
    const { region, identifier, automated } = dbSnapshotOf(input.snapshotArn);
    const s = await describeDbSnapshot(ctx, region, identifier, automated);
    if (!s) return { done: false, reason: `${input.what}: no DB snapshot ${identifier} in ${region}.` };
    const taken = s.OriginalSnapshotCreateTime ?? s.SnapshotCreateTime;
    const shown = `${input.what}: ${s.DBSnapshotArn} of ${s.DBInstanceIdentifier} (${s.Engine} ${s.EngineVersion}, ${s.AllocatedStorage} GiB), ${s.SnapshotType}, taken ${taken?.toISOString()}, ${s.Status}${s.Encrypted ? ', encrypted' : ''}`;
    if (s.Status !== 'available') return { done: false, reason: `${input.what} ${identifier} is ${s.Status}, not available.`, evidence: [shown] };
    return {
      done: true,
      outputs: { snapshotArn: s.DBSnapshotArn ?? input.snapshotArn, identifier, region, createTime: taken?.toISOString() ?? '', encrypted: s.Encrypted === true, kmsKeyId: s.KmsKeyId ?? '', engine: s.Engine ?? '' },
      evidence: [shown],
    };
  },
  plan: () => [],
};

export { kind as dbSnapshotKind };
