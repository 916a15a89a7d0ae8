/** IAM: roles, managed-policy attachments and instance profiles (global, not per region). */
import type {
  AddRoleToInstanceProfileCommandInput,
  AttachRolePolicyCommandInput,
  CreateInstanceProfileCommandInput,
  CreateRoleCommandInput,
  GetInstanceProfileCommandInput,
  GetRoleCommandInput,
  InstanceProfile as InstanceProfileView,
  ListAttachedRolePoliciesCommandInput,
  Role as RoleView,
} from '@aws-sdk/client-iam';
import { inputOf, named, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { pageOf } from '../lib/pages.js';
import { tagList, tagsFrom } from '../lib/filters.js';
import { iamUniqueId } from '../../account/ids.js';
import type { InstanceProfile, Role, SandboxAccountState } from '../../account/state.js';

const noSuchEntity = (message: string) => awsError('NoSuchEntityException', message, 404);
const alreadyExists = (message: string) => awsError('EntityAlreadyExistsException', message, 409);

function normalizePath(path: string | undefined): string {
  return path ?? '/';
}

function requireRole(ctx: OperationContext, name: string | undefined): Role {
  const role = named(ctx, ctx.account.iam.roles, name);
  if (!role) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  return role;
}

function roleView(role: Role): RoleView {
  return {
    Path: role.Path,
    RoleName: role.RoleName,
    RoleId: role.RoleId,
    Arn: role.Arn,
    CreateDate: new Date(role.createdAt),
    // IAM answers the trust policy URL-encoded.
    AssumeRolePolicyDocument: encodeURIComponent(role.AssumeRolePolicyDocument),
    Description: role.Description,
    MaxSessionDuration: role.MaxSessionDuration,
    Tags: tagList(role.Tags),
  };
}

function profileView(account: SandboxAccountState, profile: InstanceProfile): InstanceProfileView {
  return {
    Path: profile.Path,
    InstanceProfileName: profile.InstanceProfileName,
    InstanceProfileId: profile.InstanceProfileId,
    Arn: profile.Arn,
    CreateDate: new Date(profile.createdAt),
    Roles: profile.roleNames.flatMap((n) => (account.iam.roles[n] ? [roleView(account.iam.roles[n])] : [])),
    Tags: tagList(profile.Tags),
  };
}

/** The instance profile an EC2 instance names by ARN, with its roles' attached policies. */
export function profileByArn(account: SandboxAccountState, arn: string | undefined): InstanceProfile | undefined {
  return Object.values(account.iam.instanceProfiles).find((p) => p.Arn === arn);
}

export function profilePolicies(account: SandboxAccountState, profile: InstanceProfile): string[] {
  return profile.roleNames.flatMap((n) => account.iam.roles[n]?.attachedPolicyArns ?? []);
}

export const iam: ServiceHandlers = {
  GetRole: (ctx) => ({ Role: roleView(requireRole(ctx, inputOf<GetRoleCommandInput>(ctx).RoleName)) }),

  CreateRole: (ctx) => {
    const input = inputOf<CreateRoleCommandInput>(ctx);
    const name = input.RoleName ?? '';
    if (ctx.account.iam.roles[name]) throw alreadyExists(`Role with name ${name} already exists.`);
    try {
      JSON.parse(input.AssumeRolePolicyDocument ?? '');
    } catch {
      throw awsError('MalformedPolicyDocumentException', 'This policy contains invalid Json');
    }
    const path = normalizePath(input.Path);
    const role: Role = {
      RoleName: name,
      RoleId: iamUniqueId('AROA'),
      Arn: `arn:aws:iam::${ctx.account.accountId}:role${path}${name}`,
      Path: path,
      AssumeRolePolicyDocument: input.AssumeRolePolicyDocument ?? '',
      Description: input.Description,
      MaxSessionDuration: input.MaxSessionDuration ?? 3600,
      attachedPolicyArns: [],
      Tags: tagsFrom(input.Tags),
      createdAt: ctx.now,
    };
    ctx.account.iam.roles[name] = role;
    return { Role: roleView(role) };
  },

  ListAttachedRolePolicies: (ctx) => {
    const input = inputOf<ListAttachedRolePoliciesCommandInput>(ctx);
    const role = requireRole(ctx, input.RoleName);
    const all = role.attachedPolicyArns.map((arn) => ({ PolicyArn: arn, PolicyName: ctx.account.iam.policies[arn]?.PolicyName ?? arn.split('/').pop() }));
    // IAM lists: MaxItems (default 100), Marker; IsTruncated says whether the Marker leads on.
    const { items, next } = pageOf(ctx, all, { token: input.Marker, max: input.MaxItems }, { invalid: 'ValidationError', range: [1, 1000], defaultSize: 100 });
    return { AttachedPolicies: items, IsTruncated: next !== undefined, ...(next ? { Marker: next } : {}) };
  },

  AttachRolePolicy: (ctx) => {
    const input = inputOf<AttachRolePolicyCommandInput>(ctx);
    const role = requireRole(ctx, input.RoleName);
    const arn = input.PolicyArn ?? '';
    if (!ctx.account.iam.policies[arn]) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    if (!role.attachedPolicyArns.includes(arn)) role.attachedPolicyArns.push(arn);
    return {};
  },

  GetInstanceProfile: (ctx) => {
    const name = inputOf<GetInstanceProfileCommandInput>(ctx).InstanceProfileName;
    const profile = named(ctx, ctx.account.iam.instanceProfiles, name);
    if (!profile) throw noSuchEntity(`Instance Profile ${name} cannot be found.`);
    return { InstanceProfile: profileView(ctx.account, profile) };
  },

  CreateInstanceProfile: (ctx) => {
    const input = inputOf<CreateInstanceProfileCommandInput>(ctx);
    const name = input.InstanceProfileName ?? '';
    if (ctx.account.iam.instanceProfiles[name]) throw alreadyExists(`Instance Profile ${name} already exists.`);
    const path = normalizePath(input.Path);
    const profile: InstanceProfile = {
      InstanceProfileName: name,
      InstanceProfileId: iamUniqueId('AIPA'),
      Arn: `arn:aws:iam::${ctx.account.accountId}:instance-profile${path}${name}`,
      Path: path,
      roleNames: [],
      Tags: tagsFrom(input.Tags),
      createdAt: ctx.now,
    };
    ctx.account.iam.instanceProfiles[name] = profile;
    return { InstanceProfile: profileView(ctx.account, profile) };
  },

  AddRoleToInstanceProfile: (ctx) => {
    const input = inputOf<AddRoleToInstanceProfileCommandInput>(ctx);
    const profile = ctx.account.iam.instanceProfiles[input.InstanceProfileName ?? ''];
    if (!profile) throw noSuchEntity(`Instance Profile ${input.InstanceProfileName} cannot be found.`);
    const role = requireRole(ctx, input.RoleName);
    // An instance profile holds at most one role, whichever it is.
    if (profile.roleNames.length > 0) throw awsError('LimitExceededException', 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1', 409);
    profile.roleNames.push(role.RoleName);
    return {};
  },
};
