/** Destroying what `rds.dbSubnetGroup` made: deleted once no DB instance uses it (the database's undo runs first, in reverse order). */
import { DeleteDBSubnetGroupCommand } from '../../aws/sdk/rds.js';
import type { Undo } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import { adoptedNote, madeByRun } from '../undo.js';
import { findSubnetGroup, type DbSubnetGroupInput, type DbSubnetGroupOutputs } from './db-subnet-group.js';
import { rdsTags } from './tags.js';

export const dbSubnetGroupUndo: Undo<DbSubnetGroupInput, DbSubnetGroupOutputs> = {
  async find(ctx, { input, outputs }) {
    const name = outputs.name ?? input.name;
    const group = name ? await findSubnetGroup(ctx, name) : undefined;
    if (!group?.DBSubnetGroupArn) return [];
    const tags = await rdsTags(ctx, group.DBSubnetGroupArn);
    const mine = madeByRun(ctx, tags);
    return [{ type: 'rds:db-subnet-group', id: group.DBSubnetGroupName!, madeByRun: mine, ...(mine ? {} : { note: adoptedNote(`DB subnet group ${group.DBSubnetGroupName}`, tags) }) }];
  },
  plan: (resource) => [{ service: 'rds', operation: 'DeleteDBSubnetGroup', input: { DBSubnetGroupName: resource.id } }],
  async remove(ctx, resource) {
    try {
      await ctx.aws.rds.send(new DeleteDBSubnetGroupCommand({ DBSubnetGroupName: resource.id }));
    } catch (err) {
      if (!hasErrorName(err, 'DBSubnetGroupNotFoundFault')) throw err;
    }
  },
};
