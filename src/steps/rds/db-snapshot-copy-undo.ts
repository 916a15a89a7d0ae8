/**
 * Destroying what `rds.dbSnapshotCopy` made: the copy in the run's region
 * holds a database, so it goes only when the operator names `rds:snapshot`
 * with --delete-data. Found by the identifier the step recorded, or the one
 * it derives from the source (a step that failed while copying). No copy was
 * made when the source was in this region: nothing to remove then.
 */
import { DeleteDBSnapshotCommand } from '../../aws/sdk/rds.js';
import type { StepContext, Undo } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import { waitFor } from '../../aws/wait.js';
import { adoptedNote, madeByRun } from '../undo.js';
import { dbSnapshotOf, describeDbSnapshot } from './db-snapshot.js';
import { copyIdentifier, type DbSnapshotCopyInput, type DbSnapshotCopyOutputs } from './db-snapshot-copy.js';

function identifierOf(ctx: StepContext, input: Partial<DbSnapshotCopyInput>, outputs: Partial<DbSnapshotCopyOutputs>): string | undefined {
  if (outputs.copied === false) return undefined;
  if (outputs.copied && outputs.identifier) return outputs.identifier;
  if (!input.snapshotArn) return undefined;
  const source = dbSnapshotOf(input.snapshotArn);
  const region = ctx.aws.region ?? '';
  return source.region === region ? undefined : copyIdentifier(source.identifier, region);
}

export const dbSnapshotCopyUndo: Undo<DbSnapshotCopyInput, DbSnapshotCopyOutputs> = {
  async find(ctx, { input, outputs }) {
    const identifier = identifierOf(ctx, input, outputs);
    const region = ctx.aws.region ?? '';
    const copy = identifier ? await describeDbSnapshot(ctx, region, identifier, false) : undefined;
    if (!copy) return [];
    const mine = madeByRun(ctx, copy.TagList);
    return [
      {
        type: 'rds:snapshot',
        id: copy.DBSnapshotIdentifier!,
        madeByRun: mine,
        holdsData: true,
        note: mine ? `${copy.AllocatedStorage} GiB ${copy.Engine} snapshot, ${copy.Status}, a copy of ${copy.SourceDBSnapshotIdentifier ?? input.snapshotArn}` : adoptedNote(`DB snapshot ${copy.DBSnapshotIdentifier}`, copy.TagList),
      },
    ];
  },
  plan: (resource) => [{ service: 'rds', operation: 'DeleteDBSnapshot', input: { DBSnapshotIdentifier: resource.id }, note: 'and wait until it is gone' }],
  async remove(ctx, resource) {
    const gone = (err: unknown) => hasErrorName(err, 'DBSnapshotNotFoundFault', 'DBSnapshotNotFound');
    try {
      await ctx.aws.rds.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: resource.id }));
    } catch (err) {
      if (gone(err)) return;
      throw err;
    }
    const region = ctx.aws.region ?? '';
    await waitFor(ctx, {
      what: `DB snapshot ${resource.id} to be deleted`,
      minDelay: 5,
      maxDelay: 30,
      maxWait: 1800,
      poll: async () => {
        const s = await describeDbSnapshot(ctx, region, resource.id, false);
        return s ? { done: false, status: s.Status ?? 'deleting' } : { done: true, value: undefined };
      },
    });
  },
};
