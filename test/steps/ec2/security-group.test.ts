import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroup,
} from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { assertSafeIngress, diffRules, securityGroupKind, UnsafeRuleError, type SecurityGroupInput } from '../../../src/steps/ec2/security-group.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const GROUP_ID = 'sg-0aaa1111bbbb2222c';

const input: SecurityGroupInput = {
  name: 'redis-sg',
  description: 'Redis from the app servers',
  vpcId: 'vpc-0123abcd',
  ingress: [
    { protocol: 'tcp', fromPort: 6379, from: '172.31.0.0/16', description: 'redis' },
    { protocol: 'tcp', fromPort: 443, from: '0.0.0.0/0' },
  ],
};

/** The group exactly as the input wants it, as DescribeSecurityGroups answers. */
function groupInPlace(extra: SecurityGroup['IpPermissions'] = []): SecurityGroup {
  return {
    GroupId: GROUP_ID,
    GroupName: input.name,
    VpcId: input.vpcId,
    Tags: [{ Key: 'runbook:id', Value: 'test-runbook' }],
    IpPermissions: [
      { IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, IpRanges: [{ CidrIp: '172.31.0.0/16', Description: 'redis' }] },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      ...extra,
    ],
  };
}

function mutatingCalls(): number {
  return (
    mocks.ec2.commandCalls(CreateSecurityGroupCommand).length +
    mocks.ec2.commandCalls(AuthorizeSecurityGroupIngressCommand).length +
    mocks.ec2.commandCalls(RevokeSecurityGroupIngressCommand).length
  );
}

describe('ec2.securityGroup', () => {
  beforeEach(resetMocks);

  it("refuses a same-named group this runbook did not create, instead of rewriting its rules", async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ ...groupInPlace(), Tags: [] }] });
    await expect(securityGroupKind.check(stepContext(), input)).rejects.toThrow(/was not created by runbook test-runbook; rename or remove it/);
  });

  it('is done when the group has exactly the wanted rules, and sends nothing that changes the account', async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [groupInPlace()] });
    const ctx = stepContext();

    const result = await securityGroupKind.check(ctx, input);

    expect(result).toMatchObject({ done: true, outputs: { groupId: GROUP_ID } });
    expect(result.evidence?.[0]).toContain('tcp:6379-6379:172.31.0.0/16');
    const describeInput = mocks.ec2.commandCalls(DescribeSecurityGroupsCommand)[0]!.args[0].input;
    expect(describeInput.Filters).toEqual([
      { Name: 'vpc-id', Values: ['vpc-0123abcd'] },
      { Name: 'group-name', Values: ['redis-sg'] },
    ]);
    expect(mutatingCalls()).toBe(0);
  });

  it('creates the group with its tags and authorizes every rule when there is none', async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    mocks.ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: GROUP_ID });
    mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    const ctx = stepContext();

    const result = await securityGroupKind.check(ctx, input);
    expect(result.done).toBe(false);
    if (result.done) return;
    expect(result.reason).toBe('No security group redis-sg in vpc-0123abcd.');
    expect(result.found).toBeUndefined();

    const plan = securityGroupKind.plan(input, result.found, ctx);
    expect(plan.map((c) => c.operation)).toEqual(['CreateSecurityGroup', 'AuthorizeSecurityGroupIngress']);
    expect(plan[0]!.input).toEqual({ GroupName: 'redis-sg', Description: 'Redis from the app servers', VpcId: 'vpc-0123abcd', TagSpecifications: [{ ResourceType: 'security-group', Tags: ctx.tags('redis-sg') }] });
    expect(plan[1]!.input).toMatchObject({ GroupId: '<redis-sg.groupId>' });

    const outputs = await securityGroupKind.apply!(ctx, input, result.found);
    expect(outputs).toEqual({ groupId: GROUP_ID });

    const create = mocks.ec2.commandCalls(CreateSecurityGroupCommand)[0]!.args[0].input;
    expect(create).toMatchObject({ GroupName: 'redis-sg', Description: 'Redis from the app servers', VpcId: 'vpc-0123abcd' });
    expect(create.TagSpecifications).toEqual([{ ResourceType: 'security-group', Tags: ctx.tags('redis-sg') }]);
    expect(create.TagSpecifications![0]!.Tags).toContainEqual({ Key: 'Name', Value: 'redis-sg' });

    const authorize = mocks.ec2.commandCalls(AuthorizeSecurityGroupIngressCommand);
    expect(authorize).toHaveLength(1);
    expect(authorize[0]!.args[0].input).toEqual({
      GroupId: GROUP_ID,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, IpRanges: [{ CidrIp: '172.31.0.0/16', Description: 'redis' }] },
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: undefined }] },
      ],
    });
    expect(mocks.ec2.commandCalls(RevokeSecurityGroupIngressCommand)).toHaveLength(0);
  });

  it('resolves a `self` rule to the id of the group it just created', async () => {
    mocks.ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: GROUP_ID });
    mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    const selfInput: SecurityGroupInput = { ...input, ingress: [{ protocol: 'tcp', fromPort: 6379, from: 'self' }] };

    await securityGroupKind.apply!(stepContext(), selfInput, undefined);

    expect(mocks.ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)[0]!.args[0].input.IpPermissions).toEqual([
      { IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, UserIdGroupPairs: [{ GroupId: GROUP_ID, Description: undefined }] },
    ]);
  });

  it('revokes an extra 0.0.0.0/0 rule and adds only the missing one on an existing group', async () => {
    const group = groupInPlace([{ IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
    group.IpPermissions = group.IpPermissions!.filter((p) => p.FromPort !== 443 || p.IpRanges?.[0]?.CidrIp !== '0.0.0.0/0');
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [group] });
    mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    mocks.ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const ctx = stepContext();

    const result = await securityGroupKind.check(ctx, input);
    expect(result.done).toBe(false);
    if (result.done) return;
    expect(result.reason).toBe(`Security group ${GROUP_ID} has 1 missing and 1 unexpected ingress rules.`);
    const extra = [{ IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];
    expect(result.found).toEqual({ groupId: GROUP_ID, missing: [input.ingress[1]], extra });

    const plan = securityGroupKind.plan(input, result.found);
    expect(plan.map((c) => c.operation)).toEqual(['AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress']);
    expect(plan[1]!.input).toEqual({ GroupId: GROUP_ID, IpPermissions: extra });

    await securityGroupKind.apply!(ctx, input, result.found);
    expect(mocks.ec2.commandCalls(CreateSecurityGroupCommand)).toHaveLength(0);
    expect(mocks.ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)[0]!.args[0].input.IpPermissions).toEqual([
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: undefined }] },
    ]);
    expect(mocks.ec2.commandCalls(RevokeSecurityGroupIngressCommand)[0]!.args[0].input).toEqual({ GroupId: GROUP_ID, IpPermissions: extra });
  });

  it('passes AWS errors on and does not swallow them', async () => {
    const denied = awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.');
    mocks.ec2.on(DescribeSecurityGroupsCommand).rejects(denied);
    await expect(securityGroupKind.check(stepContext(), input)).rejects.toBe(denied);

    mocks.ec2.on(CreateSecurityGroupCommand).rejects(awsError('AccessDenied'));
    await expect(securityGroupKind.apply!(stepContext(), input, undefined)).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(mocks.ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)).toHaveLength(0);
  });

  it('treats an empty answer to the filtered lookup as "no group yet"', async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({});
    const result = await securityGroupKind.check(stepContext(), input);
    expect(result).toMatchObject({ done: false, reason: 'No security group redis-sg in vpc-0123abcd.' });
  });

  it('refuses an unsafe rule before any call, in check and in apply', async () => {
    const unsafe: SecurityGroupInput = { ...input, ingress: [{ protocol: 'tcp', fromPort: 6379, from: '0.0.0.0/0' }] };
    await expect(securityGroupKind.check(stepContext(), unsafe)).rejects.toBeInstanceOf(UnsafeRuleError);
    await expect(securityGroupKind.apply!(stepContext(), unsafe, undefined)).rejects.toBeInstanceOf(UnsafeRuleError);
    expect(mocks.ec2.calls()).toHaveLength(0);
  });
});

describe('assertSafeIngress', () => {
  it('refuses 6379 from 0.0.0.0/0 and from ::/0', () => {
    expect(() => assertSafeIngress([{ protocol: 'tcp', fromPort: 6379, from: '0.0.0.0/0' }])).toThrow(
      'Refusing to open tcp 6379 to 0.0.0.0/0: only 80 and 443 may be open to the internet.',
    );
    expect(() => assertSafeIngress([{ protocol: 'tcp', fromPort: 6379, from: '::/0' }])).toThrow(UnsafeRuleError);
  });

  it('refuses a port range to the internet even when it starts at 80', () => {
    expect(() => assertSafeIngress([{ protocol: 'tcp', fromPort: 80, toPort: 443, from: '0.0.0.0/0' }])).toThrow('tcp 80-443');
  });

  it('allows 443 and 80 from the internet, and any port from a private range', () => {
    expect(() =>
      assertSafeIngress([
        { protocol: 'tcp', fromPort: 443, from: '0.0.0.0/0' },
        { protocol: 'tcp', fromPort: 80, toPort: 80, from: '::/0' },
        { protocol: 'tcp', fromPort: 6379, from: '10.0.0.0/8' },
        { protocol: 'tcp', fromPort: 6379, from: 'self' },
      ]),
    ).not.toThrow();
  });
});

describe('diffRules', () => {
  it('matches a `self` rule against a pair naming the group itself', () => {
    const group: SecurityGroup = {
      GroupId: GROUP_ID,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, UserIdGroupPairs: [{ GroupId: GROUP_ID }] }],
    };
    expect(diffRules(group, [{ protocol: 'tcp', fromPort: 6379, from: 'self' }])).toEqual({ missing: [], extra: [] });
  });

  it('reports a `self` rule missing when the pair names another group, and that pair as extra', () => {
    const group: SecurityGroup = {
      GroupId: GROUP_ID,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, UserIdGroupPairs: [{ GroupId: 'sg-0other', Description: 'x' }] }],
    };
    const self = { protocol: 'tcp' as const, fromPort: 6379, from: 'self' };
    expect(diffRules(group, [self])).toEqual({
      missing: [self],
      extra: [{ IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, UserIdGroupPairs: [{ GroupId: 'sg-0other' }] }],
    });
  });

  it('splits a permission with several peers so that only the unexpected peer is extra', () => {
    const group: SecurityGroup = {
      GroupId: GROUP_ID,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '0.0.0.0/0' }] }],
    };
    expect(diffRules(group, [{ protocol: 'tcp', fromPort: 6379, from: '10.0.0.0/8' }])).toEqual({
      missing: [],
      extra: [{ IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    });
  });
});
