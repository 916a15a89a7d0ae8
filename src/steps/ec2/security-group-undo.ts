/**
 * Destroying what `ec2.securityGroup` made: the group is deleted once
 * nothing uses it. An instance terminated a moment ago still holds its
 * network interface for a while (DependencyViolation), so the delete waits.
 */
import { DeleteSecurityGroupCommand, DescribeSecurityGroupsCommand, type SecurityGroup } from '../../aws/sdk/ec2.js';
import type { StepContext, Undo } from '../../engine/model/step.js';
import { isNotFound } from '../../aws/errors.js';
import { adoptedNote, deleteWhenFree, madeByRun, runStepFilters } from '../undo.js';
import type { SecurityGroupInput, SecurityGroupOutputs } from './security-group.js';

async function groups(ctx: StepContext, request: { GroupIds?: string[]; Filters?: { Name: string; Values: string[] }[] }): Promise<SecurityGroup[]> {
  try {
    return (await ctx.aws.ec2.send(new DescribeSecurityGroupsCommand(request))).SecurityGroups ?? [];
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}

export const securityGroupUndo: Undo<SecurityGroupInput, SecurityGroupOutputs> = {
  async find(ctx, { outputs }) {
    const recorded = outputs.groupId ? await groups(ctx, { GroupIds: [outputs.groupId] }) : [];
    const tagged = await groups(ctx, { Filters: runStepFilters(ctx) });
    return [...recorded, ...tagged.filter((t) => !recorded.some((r) => r.GroupId === t.GroupId))].map((g) => ({
      type: 'ec2:security-group',
      id: g.GroupId!,
      madeByRun: madeByRun(ctx, g.Tags),
      ...(madeByRun(ctx, g.Tags) ? {} : { note: adoptedNote(`group ${g.GroupName}`, g.Tags) }),
    }));
  },
  plan: (resource) => [{ service: 'ec2', operation: 'DeleteSecurityGroup', input: { GroupId: resource.id }, note: 'once no network interface uses it' }],
  async remove(ctx, resource) {
    await deleteWhenFree(ctx, `security group ${resource.id}`, () => ctx.aws.ec2.send(new DeleteSecurityGroupCommand({ GroupId: resource.id })));
  },
};
