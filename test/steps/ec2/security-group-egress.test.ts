/** ec2.securityGroup with `egress`: the step owns the group's egress, so a new group's allow-all rule goes; a world-open port needs its risk named. */
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupEgressCommand,
  type SecurityGroup,
} from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { assertSafeIngress, securityGroupKind, type SecurityGroupInput } from '../../../src/steps/ec2/security-group.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const GROUP_ID = 'sg-0aaa1111bbbb2222c';
const DEFAULT_GROUP = 'sg-0ddd1111eeee2222f';
const input: SecurityGroupInput = {
  name: 'qis-lb-sg',
  description: 'QIS load balancer',
  vpcId: 'vpc-0123abcd',
  ingress: [{ protocol: 'tcp', fromPort: 80, from: '0.0.0.0/0' }],
  egress: [{ protocol: 'all', to: DEFAULT_GROUP }],
};

function group(egress: SecurityGroup['IpPermissionsEgress']): SecurityGroup {
  return {
    GroupId: GROUP_ID,
    GroupName: input.name,
    VpcId: input.vpcId,
    Tags: [{ Key: 'runbook:id', Value: 'test-runbook' }],
    IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    IpPermissionsEgress: egress,
  };
}

describe('ec2.securityGroup egress', () => {
  beforeEach(resetMocks);

  it('is done when the only egress is to the default group', async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [group([{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: DEFAULT_GROUP }] }])] });
    await expect(securityGroupKind.check(stepContext(), input)).resolves.toMatchObject({ done: true, evidence: [`${GROUP_ID}: allow tcp:80-80:0.0.0.0/0; send -1:all:${DEFAULT_GROUP}`] });
  });

  it('creates the group, then adds the egress it wants and revokes the allow-all egress AWS gave it', async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    mocks.ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: GROUP_ID });
    const ctx = stepContext();
    expect(securityGroupKind.plan(input, undefined, ctx).map((c) => c.operation)).toEqual(['CreateSecurityGroup', 'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupEgress']);
    await securityGroupKind.apply!(ctx, input, undefined);
    expect(mocks.ec2).toHaveReceivedCommandWith(AuthorizeSecurityGroupIngressCommand, { GroupId: GROUP_ID });
    expect(mocks.ec2).toHaveReceivedCommandWith(AuthorizeSecurityGroupEgressCommand, { GroupId: GROUP_ID, IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: DEFAULT_GROUP }] }] });
    expect(mocks.ec2).toHaveReceivedCommandWith(RevokeSecurityGroupEgressCommand, { GroupId: GROUP_ID, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] });
  });

  it('on a group that has it back, revokes only the allow-all rule', async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [group([{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], UserIdGroupPairs: [{ GroupId: DEFAULT_GROUP }] }])] });
    const ctx = stepContext();
    const checked = await securityGroupKind.check(ctx, input);
    expect(checked).toMatchObject({ done: false, reason: `Security group ${GROUP_ID} has 0 missing and 0 unexpected ingress rules, 0 missing and 1 unexpected egress rules.` });
    const found = checked.done ? undefined : (checked.found as never);
    expect(securityGroupKind.plan(input, found, ctx).map((c) => c.operation)).toEqual(['RevokeSecurityGroupEgress']);
  });

  it('fails with the AWS error when a revocation is refused', async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    mocks.ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: GROUP_ID });
    mocks.ec2.on(RevokeSecurityGroupEgressCommand).rejects(awsError('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.'));
    await expect(securityGroupKind.apply!(stepContext(), input, undefined)).rejects.toThrow(/does not exist in this security group/);
  });

  it('opens a port other than 80 and 443 to the world only with the risk named, and says so in the rule', () => {
    expect(() => assertSafeIngress([{ protocol: 'tcp', fromPort: 22, from: '0.0.0.0/0' }])).toThrow('Refusing to open tcp 22 to 0.0.0.0/0: only 80 and 443 may be open to the internet.');
    expect(() => assertSafeIngress([{ protocol: 'tcp', fromPort: 22, from: '0.0.0.0/0', risk: 'ssh-open-to-the-world' }])).not.toThrow();
    const withRisk = { ...input, ingress: [{ protocol: 'tcp' as const, fromPort: 22, from: '0.0.0.0/0', description: 'SSH', risk: 'ssh-open-to-the-world' }] };
    const authorize = securityGroupKind.plan(withRisk, undefined, stepContext()).find((c) => c.operation === 'AuthorizeSecurityGroupIngress');
    expect(authorize?.input).toMatchObject({ IpPermissions: [{ IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'SSH (risk accepted: ssh-open-to-the-world)' }] }] });
  });
});
