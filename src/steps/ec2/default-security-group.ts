/**
 * `ec2.defaultSecurityGroup`: the group AWS made with a VPC (named
 * `default`, which cannot be renamed), given a Name tag so that the console
 * shows it as the runbook calls it. Its id is what other groups' rules name.
 */
import { CreateTagsCommand, paginateDescribeSecurityGroups } from '../../aws/sdk/ec2.js';
import type { StepKind } from '../../engine/model/step.js';
import { tagValue } from '../../aws/tags.js';
import { collect } from '../paginate.js';

export interface DefaultSecurityGroupInput {
  vpcId: string;
  /** The Name tag it gets. */
  name: string;
}

export interface DefaultSecurityGroupOutputs {
  groupId: string;
}

export class NoDefaultGroupError extends Error {
  override name = 'NoDefaultGroup';
}

const kind: StepKind<DefaultSecurityGroupInput, DefaultSecurityGroupOutputs, DefaultSecurityGroupOutputs> = {
  async check(ctx, input) {
    const filters = [
      { Name: 'vpc-id', Values: [input.vpcId] },
      { Name: 'group-name', Values: ['default'] },
    ];
    const group = (await collect(paginateDescribeSecurityGroups({ client: ctx.aws.ec2 }, { Filters: filters }), (p) => p.SecurityGroups))[0];
    if (!group?.GroupId) throw new NoDefaultGroupError(`VPC ${input.vpcId} has no default security group.`);
    const current = tagValue(group.Tags, 'Name');
    if (current === input.name) return { done: true, outputs: { groupId: group.GroupId }, evidence: [`${group.GroupId}: the default group of ${input.vpcId}, Name ${input.name}`] };
    return { done: false, reason: `The default group ${group.GroupId} of ${input.vpcId} is ${current ? `named ${current}` : 'not named'}, not ${input.name}.`, found: { groupId: group.GroupId } };
  },
  plan: (input, found) => [{ service: 'ec2', operation: 'CreateTags', input: { Resources: [found?.groupId ?? `<default group of ${input.vpcId}>`], Tags: [{ Key: 'Name', Value: input.name }] } }],
  async apply(ctx, input, found) {
    const groupId = found?.groupId;
    if (!groupId) throw new NoDefaultGroupError(`VPC ${input.vpcId}'s default security group was not found.`);
    await ctx.aws.ec2.send(new CreateTagsCommand({ Resources: [groupId], Tags: [{ Key: 'Name', Value: input.name }] }));
    return { groupId };
  },
};

export { kind as defaultSecurityGroupKind };
