import { CreateTagsCommand, DescribeSecurityGroupsCommand } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultSecurityGroupKind } from '../../../src/steps/ec2/default-security-group.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const input = { vpcId: 'vpc-0000000000000000a', name: 'qis-vpc-default-sg' };

describe('ec2.defaultSecurityGroup', () => {
  beforeEach(resetMocks);

  it('is done when the default group already carries the Name', async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-default', GroupName: 'default', Tags: [{ Key: 'Name', Value: 'qis-vpc-default-sg' }] }] });
    await expect(defaultSecurityGroupKind.check(stepContext(), input)).resolves.toMatchObject({ done: true, outputs: { groupId: 'sg-default' } });
    expect(mocks.ec2).toHaveReceivedCommandWith(DescribeSecurityGroupsCommand, { Filters: [{ Name: 'vpc-id', Values: [input.vpcId] }, { Name: 'group-name', Values: ['default'] }] });
  });

  it('tags the default group with its Name', async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-default', GroupName: 'default' }] });
    const ctx = stepContext();
    const checked = await defaultSecurityGroupKind.check(ctx, input);
    expect(checked).toMatchObject({ done: false, reason: 'The default group sg-default of vpc-0000000000000000a is not named, not qis-vpc-default-sg.' });
    const found = checked.done ? undefined : checked.found;
    expect(defaultSecurityGroupKind.plan(input, found)).toEqual([{ service: 'ec2', operation: 'CreateTags', input: { Resources: ['sg-default'], Tags: [{ Key: 'Name', Value: 'qis-vpc-default-sg' }] } }]);
    await expect(defaultSecurityGroupKind.apply!(ctx, input, found)).resolves.toEqual({ groupId: 'sg-default' });
    expect(mocks.ec2).toHaveReceivedCommandWith(CreateTagsCommand, { Resources: ['sg-default'], Tags: [{ Key: 'Name', Value: 'qis-vpc-default-sg' }] });
  });

  it('fails with the AWS error when tagging is refused, and says when a VPC has no default group', async () => {
    mocks.ec2.on(CreateTagsCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
    await expect(defaultSecurityGroupKind.apply!(stepContext(), input, { groupId: 'sg-default' })).rejects.toThrow(/not authorized/);
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    await expect(defaultSecurityGroupKind.check(stepContext(), input)).rejects.toThrow('VPC vpc-0000000000000000a has no default security group.');
  });
});
