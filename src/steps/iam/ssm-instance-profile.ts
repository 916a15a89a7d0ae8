/**
 * `iam.ssmInstanceProfile`: an instance profile whose role carries
 * AmazonSSMManagedInstanceCore, so every command runs through SSM Run Command
 * and port 22 is never opened, plus any other managed policies the instances
 * need (an Elastic Beanstalk web tier, for one). An existing profile can be
 * named instead; it is then only checked, never modified.
 */
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  paginateListAttachedRolePolicies,
  type InstanceProfile,
} from '../../aws/sdk/iam.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { type PlannedCall } from '../../core/calls.js';
import { unlessGone } from '../../aws/errors.js';
import { untilVisible } from '../../aws/wait.js';
import { plannedTags } from '../../aws/tags.js';
import { collect } from '../paginate.js';

export const SSM_CORE_POLICY_ARN = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';

const EC2_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export interface SsmInstanceProfileInput {
  /** Use this existing profile (checked, never changed). */
  existingProfile?: string;
  /** Name of the role and profile to create when none is given. */
  name: string;
  /** Managed policy ARNs the role needs besides AmazonSSMManagedInstanceCore. */
  managedPolicies?: string[];
}

export interface SsmInstanceProfileOutputs {
  instanceProfileName: string;
  instanceProfileArn: string;
  roleName: string;
}

interface Found {
  role: boolean;
  /** Every required policy is attached. */
  policy: boolean;
  missingPolicies: string[];
  profile: boolean;
  profileHasRole: boolean;
}


function requiredPolicies(input: SsmInstanceProfileInput): string[] {
  return [...new Set([SSM_CORE_POLICY_ARN, ...(input.managedPolicies ?? [])])];
}

const policyName = (arn: string) => arn.split('/').pop() ?? arn;

/** The required policies the role does not have attached. */
async function missingPolicies(ctx: StepContext, roleName: string, required: string[]): Promise<string[]> {
  const policies = await collect(paginateListAttachedRolePolicies({ client: ctx.aws.iam }, { RoleName: roleName }), (p) => p.AttachedPolicies);
  const attached = new Set(policies.map((p) => p.PolicyArn));
  return required.filter((arn) => !attached.has(arn));
}

async function getProfile(ctx: StepContext, name: string): Promise<InstanceProfile | undefined> {
  return (await unlessGone(() => ctx.aws.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name }))))?.InstanceProfile;
}

function done(profile: InstanceProfile, roleName: string, policies: string[]) {
  return {
    done: true as const,
    outputs: { instanceProfileName: profile.InstanceProfileName!, instanceProfileArn: profile.Arn ?? '', roleName },
    evidence: [`${profile.InstanceProfileName} -> role ${roleName} with ${policies.map(policyName).join(', ')}`],
  };
}

const kind: StepKind<SsmInstanceProfileInput, SsmInstanceProfileOutputs, Found> = {
  async check(ctx, input) {
    const required = requiredPolicies(input);
    if (input.existingProfile) {
      const profile = await getProfile(ctx, input.existingProfile);
      if (!profile) throw new Error(`Instance profile ${input.existingProfile} does not exist; create it or leave instanceProfile unset.`);
      const roleName = profile.Roles?.[0]?.RoleName;
      const lacking = roleName ? await missingPolicies(ctx, roleName, required) : required;
      if (lacking.includes(SSM_CORE_POLICY_ARN))
        throw new Error(`Instance profile ${input.existingProfile} has no role with AmazonSSMManagedInstanceCore; SSM Run Command needs it.`);
      if (lacking.length)
        throw new Error(`The role of instance profile ${input.existingProfile} lacks ${lacking.map(policyName).join(', ')}; attach it or leave instanceProfile unset.`);
      return done(profile, roleName!, required);
    }
    // The profile lists its role, so the role is looked up only when the profile does not hold it.
    const profile = await getProfile(ctx, input.name);
    const profileHasRole = (profile?.Roles ?? []).some((r) => r.RoleName === input.name);
    // A profile holds one role: one that holds another cannot be completed, only replaced by a person.
    const other = profile?.Roles?.find((r) => r.RoleName !== input.name)?.RoleName;
    if (other) throw new Error(`Instance profile ${input.name} holds role ${other}, not ${input.name}; remove that role from it or name another profile with instanceProfile.`);
    const role = profileHasRole || (await unlessGone(() => ctx.aws.iam.send(new GetRoleCommand({ RoleName: input.name })))) !== undefined;
    const lacking = role ? await missingPolicies(ctx, input.name, required) : required;
    if (role && !lacking.length && profile && profileHasRole) return done(profile, input.name, required);
    const missing = [!role && 'role', lacking.length && 'policy attachment', !profile && 'instance profile', profile && !profileHasRole && 'role in profile'].filter(Boolean);
    return {
      done: false,
      reason: `Missing: ${missing.join(', ')}.`,
      found: { role, policy: lacking.length === 0, missingPolicies: lacking, profile: Boolean(profile), profileHasRole },
    };
  },
  plan(input, found, ctx) {
    const calls: PlannedCall[] = [];
    const tags = plannedTags(ctx, input.name);
    if (!found?.role) calls.push({ service: 'iam', operation: 'CreateRole', input: { RoleName: input.name, AssumeRolePolicyDocument: 'ec2.amazonaws.com may assume', Tags: tags } });
    for (const arn of found?.missingPolicies ?? requiredPolicies(input)) calls.push({ service: 'iam', operation: 'AttachRolePolicy', input: { RoleName: input.name, PolicyArn: arn } });
    if (!found?.profile) calls.push({ service: 'iam', operation: 'CreateInstanceProfile', input: { InstanceProfileName: input.name, Tags: tags } });
    if (!found?.profileHasRole) calls.push({ service: 'iam', operation: 'AddRoleToInstanceProfile', input: { InstanceProfileName: input.name, RoleName: input.name } });
    return calls;
  },
  async apply(ctx, input, found) {
    const tags = ctx.tags(input.name);
    if (!found?.role)
      await ctx.aws.iam.send(
        new CreateRoleCommand({ RoleName: input.name, AssumeRolePolicyDocument: EC2_TRUST_POLICY, Description: `SSM access for instances of runbook ${ctx.runbookId}`, Tags: tags }),
      );
    for (const arn of found?.missingPolicies ?? requiredPolicies(input)) await ctx.aws.iam.send(new AttachRolePolicyCommand({ RoleName: input.name, PolicyArn: arn }));
    if (!found?.profile) await ctx.aws.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: input.name, Tags: tags }));
    if (!found?.profileHasRole) await ctx.aws.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: input.name, RoleName: input.name }));
    const profile = await untilVisible(ctx, `instance profile ${input.name}`, () => getProfile(ctx, input.name));
    return done(profile, input.name, requiredPolicies(input)).outputs;
  },
};

export { kind as ssmInstanceProfileKind };
