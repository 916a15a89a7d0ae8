import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  type InstanceProfile,
} from '../../../src/aws/sdk/iam.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { SSM_CORE_POLICY_ARN, ssmInstanceProfileKind } from '../../../src/steps/iam/ssm-instance-profile.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const NAME = 'redis-ssm';
const input = { name: NAME };
const created = new Date('2024-01-01T00:00:00Z');

function profile(name: string, roleName?: string): InstanceProfile {
  return {
    InstanceProfileName: name,
    InstanceProfileId: 'AIPA0000',
    Path: '/',
    Arn: `arn:aws:iam::123456789012:instance-profile/${name}`,
    CreateDate: created,
    Roles: roleName ? [{ RoleName: roleName, RoleId: 'AROA0000', Path: '/', Arn: `arn:aws:iam::123456789012:role/${roleName}`, CreateDate: created }] : [],
  };
}

const role = { Role: { RoleName: NAME, RoleId: 'AROA0000', Path: '/', Arn: `arn:aws:iam::123456789012:role/${NAME}`, CreateDate: created } };
const withSsmPolicy = { AttachedPolicies: [{ PolicyName: 'AmazonSSMManagedInstanceCore', PolicyArn: SSM_CORE_POLICY_ARN }] };

/** The IAM commands sent that are not reads, in the order they were sent. */
function mutatingCalls(): string[] {
  return mocks.iam
    .calls()
    .map((c) => (c.args[0] as object).constructor.name)
    .filter((name) => !/^(Get|List)/.test(name));
}

describe('iam.ssmInstanceProfile', () => {
  beforeEach(resetMocks);

  it('is done when role, policy, profile and the role in it are in place, and sends nothing that changes the account', async () => {
    mocks.iam.on(GetRoleCommand).resolves(role);
    mocks.iam.on(ListAttachedRolePoliciesCommand).resolves(withSsmPolicy);
    mocks.iam.on(GetInstanceProfileCommand).resolves({ InstanceProfile: profile(NAME, NAME) });

    const result = await ssmInstanceProfileKind.check(stepContext(), input);

    expect(result).toEqual({
      done: true,
      outputs: { instanceProfileName: NAME, instanceProfileArn: `arn:aws:iam::123456789012:instance-profile/${NAME}`, roleName: NAME },
      evidence: [`${NAME} -> role ${NAME} with AmazonSSMManagedInstanceCore`],
    });
    expect(mutatingCalls()).toEqual([]);
  });

  it('creates the role with an EC2 trust policy, attaches the SSM policy, creates the profile and adds the role', async () => {
    mocks.iam.on(GetRoleCommand).rejects(awsError('NoSuchEntityException', `The role with name ${NAME} cannot be found.`, 404));
    mocks.iam
      .on(GetInstanceProfileCommand)
      .rejectsOnce(awsError('NoSuchEntityException', `Instance Profile ${NAME} cannot be found.`, 404))
      .resolves({ InstanceProfile: profile(NAME, NAME) });
    mocks.iam.on(CreateRoleCommand).resolves(role);
    mocks.iam.on(AttachRolePolicyCommand).resolves({});
    mocks.iam.on(CreateInstanceProfileCommand).resolves({ InstanceProfile: profile(NAME) });
    mocks.iam.on(AddRoleToInstanceProfileCommand).resolves({});
    const ctx = stepContext();

    const result = await ssmInstanceProfileKind.check(ctx, input);
    expect(result).toMatchObject({
      done: false,
      reason: 'Missing: role, policy attachment, instance profile.',
      found: { role: false, policy: false, profile: false, profileHasRole: false },
    });
    if (result.done) return;
    expect(mocks.iam.commandCalls(ListAttachedRolePoliciesCommand)).toHaveLength(0);

    const plan = ssmInstanceProfileKind.plan(input, result.found);
    expect(plan.map((c) => c.operation)).toEqual(['CreateRole', 'AttachRolePolicy', 'CreateInstanceProfile', 'AddRoleToInstanceProfile']);
    expect(plan[1]!.input).toEqual({ RoleName: NAME, PolicyArn: SSM_CORE_POLICY_ARN });

    const outputs = await ssmInstanceProfileKind.apply!(ctx, input, result.found);
    expect(outputs).toEqual({ instanceProfileName: NAME, instanceProfileArn: `arn:aws:iam::123456789012:instance-profile/${NAME}`, roleName: NAME });

    const createRole = mocks.iam.commandCalls(CreateRoleCommand)[0]!.args[0].input;
    expect(createRole.RoleName).toBe(NAME);
    expect(JSON.parse(createRole.AssumeRolePolicyDocument!)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    expect(createRole.Tags).toEqual(ctx.tags(NAME));
    expect(mocks.iam.commandCalls(AttachRolePolicyCommand)[0]!.args[0].input).toEqual({
      RoleName: NAME,
      PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
    });
    expect(mocks.iam.commandCalls(CreateInstanceProfileCommand)[0]!.args[0].input).toEqual({ InstanceProfileName: NAME, Tags: ctx.tags(NAME) });
    expect(mocks.iam.commandCalls(AddRoleToInstanceProfileCommand)[0]!.args[0].input).toEqual({ InstanceProfileName: NAME, RoleName: NAME });
    expect(mutatingCalls()).toEqual(['CreateRoleCommand', 'AttachRolePolicyCommand', 'CreateInstanceProfileCommand', 'AddRoleToInstanceProfileCommand']);
  });

  it('creates only what is missing when the role exists but the profile does not', async () => {
    mocks.iam.on(GetRoleCommand).resolves(role);
    mocks.iam.on(ListAttachedRolePoliciesCommand).resolves(withSsmPolicy);
    mocks.iam
      .on(GetInstanceProfileCommand)
      .rejectsOnce(awsError('NoSuchEntityException', `Instance Profile ${NAME} cannot be found.`, 404))
      .resolves({ InstanceProfile: profile(NAME, NAME) });
    mocks.iam.on(CreateInstanceProfileCommand).resolves({ InstanceProfile: profile(NAME) });
    mocks.iam.on(AddRoleToInstanceProfileCommand).resolves({});
    const ctx = stepContext();

    const result = await ssmInstanceProfileKind.check(ctx, input);
    expect(result).toMatchObject({ done: false, reason: 'Missing: instance profile.', found: { role: true, policy: true, profile: false, profileHasRole: false } });
    if (result.done) return;
    expect(ssmInstanceProfileKind.plan(input, result.found).map((c) => c.operation)).toEqual(['CreateInstanceProfile', 'AddRoleToInstanceProfile']);

    await ssmInstanceProfileKind.apply!(ctx, input, result.found);

    expect(mutatingCalls()).toEqual(['CreateInstanceProfileCommand', 'AddRoleToInstanceProfileCommand']);
  });

  it('adds the role to a profile that exists without it, and attaches a missing policy', async () => {
    mocks.iam.on(GetRoleCommand).resolves(role);
    mocks.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'Other', PolicyArn: 'arn:aws:iam::aws:policy/Other' }] });
    mocks.iam.on(GetInstanceProfileCommand).resolvesOnce({ InstanceProfile: profile(NAME) }).resolves({ InstanceProfile: profile(NAME, NAME) });
    mocks.iam.on(AttachRolePolicyCommand).resolves({});
    mocks.iam.on(AddRoleToInstanceProfileCommand).resolves({});

    const result = await ssmInstanceProfileKind.check(stepContext(), input);
    expect(result).toMatchObject({ done: false, reason: 'Missing: policy attachment, role in profile.' });
    if (result.done) return;

    await ssmInstanceProfileKind.apply!(stepContext(), input, result.found);
    expect(mutatingCalls()).toEqual(['AttachRolePolicyCommand', 'AddRoleToInstanceProfileCommand']);
  });

  describe('with an existing profile', () => {
    it('accepts it when its role carries the SSM policy, and only reads', async () => {
      mocks.iam.on(GetInstanceProfileCommand).resolves({ InstanceProfile: profile('ops-profile', 'ops-role') });
      mocks.iam.on(ListAttachedRolePoliciesCommand).resolves(withSsmPolicy);

      const result = await ssmInstanceProfileKind.check(stepContext(), { ...input, existingProfile: 'ops-profile' });

      expect(result).toMatchObject({ done: true, outputs: { instanceProfileName: 'ops-profile', roleName: 'ops-role' } });
      expect(mocks.iam.commandCalls(ListAttachedRolePoliciesCommand)[0]!.args[0].input).toEqual({ RoleName: 'ops-role' });
      expect(mocks.iam.commandCalls(GetRoleCommand)).toHaveLength(0);
      expect(mutatingCalls()).toEqual([]);
    });

    it('refuses it, naming the policy, when its role lacks AmazonSSMManagedInstanceCore', async () => {
      mocks.iam.on(GetInstanceProfileCommand).resolves({ InstanceProfile: profile('ops-profile', 'ops-role') });
      mocks.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] });

      await expect(ssmInstanceProfileKind.check(stepContext(), { ...input, existingProfile: 'ops-profile' })).rejects.toThrow(
        'Instance profile ops-profile has no role with AmazonSSMManagedInstanceCore; SSM Run Command needs it.',
      );
      expect(mutatingCalls()).toEqual([]);
    });

    it('refuses a profile that does not exist (NoSuchEntityException)', async () => {
      mocks.iam.on(GetInstanceProfileCommand).rejects(awsError('NoSuchEntityException', 'Instance Profile ops-profile cannot be found.', 404));
      await expect(ssmInstanceProfileKind.check(stepContext(), { ...input, existingProfile: 'ops-profile' })).rejects.toThrow(
        'Instance profile ops-profile does not exist; create it or leave instanceProfile unset.',
      );
    });
  });

  describe('with more managed policies', () => {
    const WEB_TIER = 'arn:aws:iam::aws:policy/AWSElasticBeanstalkWebTier';
    const web = { ...input, managedPolicies: [WEB_TIER] };

    it('attaches the ones the role lacks, and names them all in the evidence when done', async () => {
      mocks.iam.on(GetRoleCommand).resolves(role);
      mocks.iam.on(ListAttachedRolePoliciesCommand).resolvesOnce(withSsmPolicy).resolves({ AttachedPolicies: [...withSsmPolicy.AttachedPolicies, { PolicyName: 'AWSElasticBeanstalkWebTier', PolicyArn: WEB_TIER }] });
      mocks.iam.on(GetInstanceProfileCommand).resolves({ InstanceProfile: profile(NAME, NAME) });
      mocks.iam.on(AttachRolePolicyCommand).resolves({});

      const result = await ssmInstanceProfileKind.check(stepContext(), web);
      expect(result).toMatchObject({ done: false, reason: 'Missing: policy attachment.', found: { missingPolicies: [WEB_TIER] } });
      if (result.done) return;
      expect(ssmInstanceProfileKind.plan(web, result.found)).toEqual([{ service: 'iam', operation: 'AttachRolePolicy', input: { RoleName: NAME, PolicyArn: WEB_TIER } }]);

      await ssmInstanceProfileKind.apply!(stepContext(), web, result.found);
      expect(mutatingCalls()).toEqual(['AttachRolePolicyCommand']);
      await expect(ssmInstanceProfileKind.check(stepContext(), web)).resolves.toMatchObject({ done: true, evidence: [`${NAME} -> role ${NAME} with AmazonSSMManagedInstanceCore, AWSElasticBeanstalkWebTier`] });
    });

    it('refuses an existing profile whose role lacks one, naming it', async () => {
      mocks.iam.on(GetInstanceProfileCommand).resolves({ InstanceProfile: profile('ops-profile', 'ops-role') });
      mocks.iam.on(ListAttachedRolePoliciesCommand).resolves(withSsmPolicy);

      await expect(ssmInstanceProfileKind.check(stepContext(), { ...web, existingProfile: 'ops-profile' })).rejects.toThrow(
        'The role of instance profile ops-profile lacks AWSElasticBeanstalkWebTier; attach it or leave instanceProfile unset.',
      );
    });
  });

  it('passes AWS errors on instead of reading them as "missing"', async () => {
    const denied = awsError('AccessDenied', 'User is not authorized to perform: iam:GetRole', 403);
    mocks.iam.on(GetRoleCommand).rejects(denied);
    await expect(ssmInstanceProfileKind.check(stepContext(), input)).rejects.toBe(denied);

    mocks.iam.on(GetRoleCommand).resolves(role);
    mocks.iam.on(ListAttachedRolePoliciesCommand).resolves(withSsmPolicy);
    mocks.iam.on(GetInstanceProfileCommand).rejects(awsError('AccessDenied', 'iam:GetInstanceProfile', 403));
    await expect(ssmInstanceProfileKind.check(stepContext(), input)).rejects.toMatchObject({ name: 'AccessDenied' });

    mocks.iam.on(CreateRoleCommand).rejects(awsError('AccessDenied', 'iam:CreateRole', 403));
    await expect(ssmInstanceProfileKind.apply!(stepContext(), input, undefined)).rejects.toMatchObject({ name: 'AccessDenied', message: 'iam:CreateRole' });
    expect(mocks.iam.commandCalls(AttachRolePolicyCommand)).toHaveLength(0);
  });
});
