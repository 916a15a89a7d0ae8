/**
 * `rds.dbSnapshotCopy`: the DB snapshot in the run's region, copied from the
 * region it was taken in and re-encrypted with a key of this region (an
 * encrypted snapshot copied across regions needs one: CopyDBSnapshot API
 * reference). CopyDBSnapshot is called in the destination with the source's
 * ARN; the SDK signs the source region's request (PreSignedUrl). The copy's
 * identifier is derived from the source, so a resume finds it (or is told
 * DBSnapshotAlreadyExists) instead of copying twice. In the snapshot's own
 * region there is nothing to copy.
 */
import { CopyDBSnapshotCommand, type DBSnapshot } from '../../aws/sdk/rds.js';
import { hasErrorName } from '../../aws/errors.js';
import { TAG_RUNBOOK } from '../../aws/tags.js';
import { waitFor } from '../../aws/wait.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { dbSnapshotOf, describeDbSnapshot } from './db-snapshot.js';

export interface DbSnapshotCopyInput {
  snapshotArn: string;
  /** A KMS key of the run's region for the copy; needed only when the regions differ. */
  kmsKeyId?: string;
  /** The key the source is protected by: what the stack is given when no copy is needed. */
  sourceKmsKeyArn: string;
}

export interface DbSnapshotCopyOutputs {
  snapshotArn: string;
  identifier: string;
  region: string;
  /** The key that protects the snapshot the stack restores. */
  kmsKeyArn: string;
  copied: boolean;
  /** What the copy leaves in this region ('' when none was made), for a teardown's report. */
  note: string;
}

function copied(copy: DBSnapshot, identifier: string, region: string, kmsKeyArn: string, input: DbSnapshotCopyInput): DbSnapshotCopyOutputs {
  const arn = copy.DBSnapshotArn!;
  return { snapshotArn: arn, identifier, region, kmsKeyArn, copied: true, note: `DB snapshot ${arn} (a copy of ${input.snapshotArn}): kept as a backup in ${region}, and billed as one.` };
}

interface Found {
  copy?: DBSnapshot;
}

/** `openemr063-backup` -> `openemr063-backup-eu-west-1`; an automated one loses its `rds:` (a copy is manual). */
export function copyIdentifier(sourceIdentifier: string, region: string): string {
  const base = sourceIdentifier.replace(/^rds:/, '').replace(/[^A-Za-z0-9-]/g, '-').replace(/-+/g, '-');
  return `${base}-${region}`.slice(0, 255).replace(/-+$/, '');
}

function target(ctx: StepContext, input: DbSnapshotCopyInput) {
  const source = dbSnapshotOf(input.snapshotArn);
  return { source, region: ctx.aws.region ?? '', identifier: copyIdentifier(source.identifier, ctx.aws.region ?? '') };
}

function requireKey(ctx: StepContext, input: DbSnapshotCopyInput, sourceRegion: string): string {
  if (!input.kmsKeyId)
    throw new Error(`The backups are in ${sourceRegion} and the recovery stack in ${ctx.aws.region}: pass a KMS key of ${ctx.aws.region} as targetKMSKey to re-encrypt the copies (KMS keys are regional).`);
  return input.kmsKeyId;
}

/** A snapshot of the copy's name that this runbook did not make is not adopted. */
function assertOwn(ctx: StepContext, copy: DBSnapshot, input: DbSnapshotCopyInput): void {
  const ours = copy.TagList?.some((t) => t.Key === TAG_RUNBOOK && t.Value === ctx.runbookId);
  if (!ours || (copy.SourceDBSnapshotIdentifier && copy.SourceDBSnapshotIdentifier !== input.snapshotArn))
    throw new Error(`A DB snapshot ${copy.DBSnapshotIdentifier} already exists in ${ctx.aws.region} and is not this runbook's copy of ${input.snapshotArn}: rename or delete it.`);
}

const kind: StepKind<DbSnapshotCopyInput, DbSnapshotCopyOutputs, Found> = {
  async check(ctx, input) {
    const { source, region, identifier } = target(ctx, input);
    if (source.region === region)
      return { done: true, outputs: { snapshotArn: input.snapshotArn, identifier: source.identifier, region, kmsKeyArn: input.sourceKmsKeyArn, copied: false, note: '' }, evidence: [`${input.snapshotArn} is in ${region}, where the stack is made: no copy needed.`] };
    const kmsKeyArn = requireKey(ctx, input, source.region);
    const copy = await describeDbSnapshot(ctx, region, identifier, false);
    if (!copy) return { done: false, reason: `No copy ${identifier} of ${input.snapshotArn} in ${region} yet.`, found: {} };
    assertOwn(ctx, copy, input);
    const shown = `${copy.DBSnapshotArn}: copy of ${input.snapshotArn}, ${copy.Status} (${copy.PercentProgress ?? 0}%), key ${copy.KmsKeyId}`;
    if (copy.Status !== 'available') return { done: false, reason: `The copy ${identifier} is ${copy.Status}.`, found: { copy }, evidence: [shown] };
    return { done: true, outputs: copied(copy, identifier, region, copy.KmsKeyId ?? kmsKeyArn, input), evidence: [shown] };
  },
  plan(input, found) {
    if (found?.copy) return [{ service: 'rds', operation: 'DescribeDBSnapshots', input: { DBSnapshotIdentifier: found.copy.DBSnapshotIdentifier }, note: 'waits for the copy already started' }];
    return [
      {
        service: 'rds',
        operation: 'CopyDBSnapshot',
        input: { SourceDBSnapshotIdentifier: input.snapshotArn, TargetDBSnapshotIdentifier: `<${input.snapshotArn} in this region>`, KmsKeyId: input.kmsKeyId, CopyTags: true },
        note: 'then waits until the copy is available',
      },
    ];
  },
  async apply(ctx, input, found) {
    const { source, region, identifier } = target(ctx, input);
    const kmsKeyId = requireKey(ctx, input, source.region);
    if (!found?.copy) {
      try {
        await ctx.aws.rds.send(
          new CopyDBSnapshotCommand({ SourceDBSnapshotIdentifier: input.snapshotArn, TargetDBSnapshotIdentifier: identifier, KmsKeyId: kmsKeyId, CopyTags: true, Tags: ctx.tags() }),
        );
      } catch (err) {
        // The copy was started before a crash: it is there, wait for it.
        if (!hasErrorName(err, 'DBSnapshotAlreadyExistsFault', 'DBSnapshotAlreadyExists')) throw err;
      }
    }
    const copy = await waitFor(ctx, {
      what: `DB snapshot copy ${identifier} in ${region} to be available`,
      minDelay: 10,
      maxDelay: 60,
      maxWait: 12 * 3600,
      poll: async () => {
        const s = await describeDbSnapshot(ctx, region, identifier, false);
        if (!s) return { done: false, status: 'not visible yet' };
        assertOwn(ctx, s, input);
        if (s.Status === 'available') return { done: true, value: s };
        if (s.Status === 'failed' || s.Status === 'incompatible-restore') return { failed: `the copy is ${s.Status}` };
        return { done: false, status: `${s.Status} ${s.PercentProgress ?? 0}%` };
      },
    });
    return copied(copy, identifier, region, copy.KmsKeyId ?? kmsKeyId, input);
  },
};

export { kind as dbSnapshotCopyKind };
