/**
 * Destroying what `rds.dbInstance` made: the database holds data, so it is
 * removed only with `--delete-data`, and then with a final snapshot when the
 * destroy asks for snapshots first (tagged with the destroy, as a volume's). RDS deletes the secret it manages with it.
 */
import { CreateDBSnapshotCommand, DeleteDBInstanceCommand } from '../../aws/sdk/rds.js';
import type { StepContext, Undo } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import { waitFor } from '../../aws/wait.js';
import { adoptedNote, finalSnapshotTags, madeByRun } from '../undo.js';
import { describeDbSnapshot } from './db-snapshot.js';
import { findDbInstance, type DbInstanceInput, type DbInstanceOutputs } from './db-instance.js';

/** One final snapshot per destroy of the instance, named by the run so a resumed destroy finds the one it started. */
const finalSnapshot = (ctx: Pick<StepContext, 'runId'>, id: string) => `${id}-before-destroy-${ctx.runId.toLowerCase()}`.replace(/[^a-z0-9-]|-(?=-)/g, '').slice(0, 255).replace(/-+$/, '');

const DELETE_INPUT = (id: string) => ({ DBInstanceIdentifier: id, SkipFinalSnapshot: true });

/**
 * The final snapshot is taken with CreateDBSnapshot, not DeleteDBInstance's
 * FinalDBSnapshotIdentifier: only then can it carry tags of its own (marking
 * the destroy that took it) instead of the instance's run tags, which
 * CopyTagsToSnapshot would copy and a later destroy of the run would match.
 */
async function takeFinalSnapshot(ctx: StepContext, id: string): Promise<void> {
  const name = finalSnapshot(ctx, id);
  const earlier = await describeDbSnapshot(ctx, undefined, name, false);
  if (!earlier) await ctx.aws.rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: id, DBSnapshotIdentifier: name, Tags: finalSnapshotTags(ctx, `${id} before destroy`) }));
  ctx.progress(`snapshot ${name} of ${id}`);
  await waitFor(ctx, {
    what: `DB snapshot ${name} to be available`,
    minDelay: 15,
    maxDelay: 60,
    maxWait: 3600,
    poll: async () => {
      const s = await describeDbSnapshot(ctx, undefined, name, false);
      if (s?.Status === 'failed') throw new Error(`DB snapshot ${name} of ${id} failed; the database was kept.`);
      return s?.Status === 'available' ? { done: true, value: undefined } : { done: false, status: s?.Status ?? 'not visible' };
    },
  });
}

async function waitStatus(ctx: StepContext, id: string, what: string, done: (status: string | undefined) => boolean): Promise<void> {
  await waitFor(ctx, {
    what: `DB instance ${id} ${what}`,
    minDelay: 15,
    maxDelay: 60,
    maxWait: 3600,
    poll: async () => {
      const status = (await findDbInstance(ctx, id))?.DBInstanceStatus;
      return done(status) ? { done: true, value: undefined } : { done: false, status: status ?? 'gone' };
    },
  });
}

export const dbInstanceUndo: Undo<DbInstanceInput, DbInstanceOutputs> = {
  async find(ctx, { input, outputs }) {
    const id = outputs.identifier ?? input.identifier;
    const db = id ? await findDbInstance(ctx, id) : undefined;
    if (!db) return [];
    const mine = madeByRun(ctx, db.TagList);
    return [
      {
        type: 'rds:db-instance',
        id: db.DBInstanceIdentifier!,
        madeByRun: mine,
        holdsData: true,
        note: mine ? 'RDS deletes its managed master secret with it' : adoptedNote(`DB instance ${db.DBInstanceIdentifier}`, db.TagList),
      },
    ];
  },
  plan: (resource, options) => [
    ...(options.snapshotFirst ? [{ service: 'rds', operation: 'CreateDBSnapshot', input: { DBInstanceIdentifier: resource.id }, note: 'and wait until it is available; the snapshot stays' }] : []),
    { service: 'rds', operation: 'DeleteDBInstance', input: DELETE_INPUT(resource.id), note: 'then waits until it is gone' },
  ],
  async remove(ctx, resource, options) {
    // RDS deletes an instance only once it is available (a create still running is awaited).
    const ready = (what: string) => waitStatus(ctx, resource.id, what, (s) => s === undefined || s === 'available' || s === 'deleting');
    await ready('to be available or gone');
    const status = (await findDbInstance(ctx, resource.id))?.DBInstanceStatus;
    if (status === undefined) return;
    if (options.snapshotFirst && status === 'available') {
      await takeFinalSnapshot(ctx, resource.id);
      // The instance is `backing-up` while RDS takes the snapshot and cannot be deleted until it is available again.
      await ready('to be available after its snapshot');
    }
    try {
      await ctx.aws.rds.send(new DeleteDBInstanceCommand(DELETE_INPUT(resource.id)));
    } catch (err) {
      if (!hasErrorName(err, 'DBInstanceNotFound', 'DBInstanceNotFoundFault', 'InvalidDBInstanceState', 'InvalidDBInstanceStateFault')) throw err;
    }
    await waitStatus(ctx, resource.id, 'to be deleted', (s) => s === undefined);
  },
};
