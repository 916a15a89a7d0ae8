/**
 * Taking an instance profile and its role apart, in IAM's order: the role
 * leaves the profile, the profile goes, the role's policies are detached,
 * then the role goes. IAM refuses a role that still has policies or is in a
 * profile (DeleteConflict), and a profile that still holds a role.
 */
import type { DeleteInstanceProfileCommandInput, DeleteRoleCommandInput, DetachRolePolicyCommandInput, RemoveRoleFromInstanceProfileCommandInput } from '@aws-sdk/client-iam';
import { inputOf, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';

const noSuchEntity = (message: string) => awsError('NoSuchEntityException', message, 404);
const conflict = (message: string) => awsError('DeleteConflictException', message, 409);

export const iamDeletions: ServiceHandlers = {
  RemoveRoleFromInstanceProfile: (ctx) => {
    const input = inputOf<RemoveRoleFromInstanceProfileCommandInput>(ctx);
    const profile = ctx.account.iam.instanceProfiles[input.InstanceProfileName ?? ''];
    if (!profile) throw noSuchEntity(`Instance Profile ${input.InstanceProfileName} cannot be found.`);
    if (!profile.roleNames.includes(input.RoleName ?? '')) throw noSuchEntity(`The role with name ${input.RoleName} cannot be found in instance profile ${profile.InstanceProfileName}.`);
    profile.roleNames = profile.roleNames.filter((n) => n !== input.RoleName);
    return {};
  },

  DeleteInstanceProfile: (ctx) => {
    const input = inputOf<DeleteInstanceProfileCommandInput>(ctx);
    const profile = ctx.account.iam.instanceProfiles[input.InstanceProfileName ?? ''];
    if (!profile) throw noSuchEntity(`Instance Profile ${input.InstanceProfileName} cannot be found.`);
    if (profile.roleNames.length) throw conflict('Cannot delete entity, must remove roles from instance profile first.');
    delete ctx.account.iam.instanceProfiles[profile.InstanceProfileName];
    return {};
  },

  DetachRolePolicy: (ctx) => {
    const input = inputOf<DetachRolePolicyCommandInput>(ctx);
    const role = ctx.account.iam.roles[input.RoleName ?? ''];
    if (!role) throw noSuchEntity(`The role with name ${input.RoleName} cannot be found.`);
    if (!role.attachedPolicyArns.includes(input.PolicyArn ?? '')) throw noSuchEntity(`Policy ${input.PolicyArn} was not found.`);
    role.attachedPolicyArns = role.attachedPolicyArns.filter((a) => a !== input.PolicyArn);
    return {};
  },

  DeleteRole: (ctx) => {
    const input = inputOf<DeleteRoleCommandInput>(ctx);
    const role = ctx.account.iam.roles[input.RoleName ?? ''];
    if (!role) throw noSuchEntity(`The role with name ${input.RoleName} cannot be found.`);
    if (role.attachedPolicyArns.length) throw conflict('Cannot delete entity, must detach all policies first.');
    if (Object.keys(role.inlinePolicies ?? {}).length) throw conflict('Cannot delete entity, must delete policies first.');
    if (Object.values(ctx.account.iam.instanceProfiles).some((p) => p.roleNames.includes(role.RoleName))) throw conflict('Cannot delete entity, must remove roles from instance profile first.');
    delete ctx.account.iam.roles[role.RoleName];
    return {};
  },
};
