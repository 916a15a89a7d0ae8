/**
 * Destroying what `rds.dbInstance` made: the database holds data, so it is
 * removed only with `--delete-data`, and then with a final snapshot when the
 * destroy asks for snapshots first. RDS deletes the secret it manages with it.
 */
import { DeleteDBInstanceCommand } from '../../aws/sdk/rds.js';
import type { RemoveOptions, StepContext, Undo } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import { waitFor } from '../../aws/wait.js';
import { adoptedNote, madeByRun } from '../undo.js';
import { findDbInstance, type DbInstanceInput, type DbInstanceOutputs } from './db-instance.js';

const finalSnapshot = (id: string) => `${id}-final-${new Date().toISOString().slice(0, 10)}`;

function deleteInput(id: string, options: RemoveOptions) {
  return options.snapshotFirst ? { DBInstanceIdentifier: id, FinalDBSnapshotIdentifier: finalSnapshot(id), DeleteAutomatedBackups: false } : { DBInstanceIdentifier: id, SkipFinalSnapshot: true };
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
  plan: (resource, options) => [{ service: 'rds', operation: 'DeleteDBInstance', input: deleteInput(resource.id, options), note: 'then waits until it is gone' }],
  async remove(ctx, resource, options) {
    // RDS deletes an instance only once it is available (a create still running is awaited).
    await waitStatus(ctx, resource.id, 'to be available or gone', (s) => s === undefined || s === 'available' || s === 'deleting');
    try {
      await ctx.aws.rds.send(new DeleteDBInstanceCommand(deleteInput(resource.id, options)));
    } catch (err) {
      if (!hasErrorName(err, 'DBInstanceNotFound', 'DBInstanceNotFoundFault', 'InvalidDBInstanceState', 'InvalidDBInstanceStateFault')) throw err;
    }
    await waitStatus(ctx, resource.id, 'to be deleted', (s) => s === undefined);
  },
};
