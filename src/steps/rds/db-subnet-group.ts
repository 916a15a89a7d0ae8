/**
 * `rds.dbSubnetGroup`: a DB subnet group with this name over these subnets
 * (at least two availability zones, as RDS requires). CreateDBSubnetGroup
 * has no idempotency token: the name is checked first, and a group a crashed
 * run made is found by it. A group with the name but other subnets is never
 * changed behind a database's back: the step stops and says so.
 */
import { CreateDBSubnetGroupCommand, DescribeDBSubnetGroupsCommand, type DBSubnetGroup } from '../../aws/sdk/rds.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import { plannedTags } from '../../aws/tags.js';

export interface DbSubnetGroupInput {
  name: string;
  description: string;
  subnetIds: string[];
}

export interface DbSubnetGroupOutputs {
  name: string;
  vpcId: string;
}

export class DbSubnetGroupError extends Error {
  override name = 'DbSubnetGroupMismatch';
}

export async function findSubnetGroup(ctx: StepContext, name: string): Promise<DBSubnetGroup | undefined> {
  try {
    return (await ctx.aws.rds.send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: name }))).DBSubnetGroups?.[0];
  } catch (err) {
    if (hasErrorName(err, 'DBSubnetGroupNotFoundFault')) return undefined;
    throw err;
  }
}

const sorted = (ids: string[]) => [...ids].sort().join(', ');

function outputsOf(group: DBSubnetGroup): DbSubnetGroupOutputs {
  return { name: group.DBSubnetGroupName ?? '', vpcId: group.VpcId ?? '' };
}

const kind: StepKind<DbSubnetGroupInput, DbSubnetGroupOutputs> = {
  async check(ctx, input) {
    const group = await findSubnetGroup(ctx, input.name);
    if (!group) return { done: false, reason: `No DB subnet group ${input.name} yet.` };
    const has = (group.Subnets ?? []).map((s) => s.SubnetIdentifier ?? '');
    if (sorted(has) !== sorted(input.subnetIds))
      throw new DbSubnetGroupError(`DB subnet group ${input.name} exists with subnets ${sorted(has)}, not ${sorted(input.subnetIds)}: give subnetIds to match it, or choose another name.`);
    return { done: true, outputs: outputsOf(group), evidence: [`DB subnet group ${input.name} in ${group.VpcId}: ${sorted(has)}`] };
  },
  plan: (input, _found, ctx) => [
    { service: 'rds', operation: 'CreateDBSubnetGroup', input: { DBSubnetGroupName: input.name, DBSubnetGroupDescription: input.description, SubnetIds: input.subnetIds, Tags: plannedTags(ctx, input.name) } },
  ],
  async apply(ctx, input) {
    try {
      const made = await ctx.aws.rds.send(new CreateDBSubnetGroupCommand({ DBSubnetGroupName: input.name, DBSubnetGroupDescription: input.description, SubnetIds: input.subnetIds, Tags: ctx.tags(input.name) }));
      return outputsOf(made.DBSubnetGroup ?? {});
    } catch (err) {
      // A crashed run made it after its check: found by name.
      if (!hasErrorName(err, 'DBSubnetGroupAlreadyExistsFault', 'DBSubnetGroupAlreadyExists')) throw err;
      const group = await findSubnetGroup(ctx, input.name);
      if (!group) throw err;
      return outputsOf(group);
    }
  },
};

export { kind as dbSubnetGroupKind };
