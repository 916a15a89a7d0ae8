/**
 * Destroying what `iam.ssmInstanceProfile` made: the instance profile (its
 * role taken out first), then the role (its policies detached first). One
 * that an instance of another run still uses is kept: deleting it would
 * take that instance's credentials away. A profile given by the operator
 * (`existingProfile`) was never the run's.
 */
import {
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  RemoveRoleFromInstanceProfileCommand,
} from '../../aws/sdk/iam.js';
import { paginateDescribeInstances } from '../../aws/sdk/ec2.js';
import { collect } from '../paginate.js';
import type { MadeResource, StepContext, Undo } from '../../engine/model/step.js';
import { TAG_RUN, tagValue } from '../../aws/tags.js';
import { adoptedNote, madeByRun } from '../undo.js';
import { goneIsDone, unlessGone } from '../../aws/errors.js';
import type { SsmInstanceProfileInput, SsmInstanceProfileOutputs } from './ssm-instance-profile.js';

/**
 * Instances not of this run that still run with the profile. Matched here
 * rather than with the `iam-instance-profile.arn` filter, which AWS documents
 * but emulators such as moto do not implement.
 */
async function otherUsers(ctx: StepContext, profileArn: string): Promise<string[]> {
  const reservations = await collect(
    paginateDescribeInstances({ client: ctx.aws.ec2 }, { Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }] }),
    (p) => p.Reservations,
  );
  return reservations
    .flatMap((r) => r.Instances ?? [])
    .filter((i) => i.IamInstanceProfile?.Arn === profileArn && tagValue(i.Tags, TAG_RUN) !== ctx.runId)
    .map((i) => i.InstanceId!);
}

export const ssmInstanceProfileUndo: Undo<SsmInstanceProfileInput, SsmInstanceProfileOutputs> = {
  async find(ctx, { input, outputs }) {
    if (input.existingProfile) return [];
    const name = outputs.instanceProfileName ?? input.name;
    const roleName = outputs.roleName ?? input.name;
    const found: MadeResource[] = [];
    const profile = name ? (await unlessGone(() => ctx.aws.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name }))))?.InstanceProfile : undefined;
    const users = profile?.Arn ? await otherUsers(ctx, profile.Arn) : [];
    const inUse = users.length ? `still used by ${users.join(', ')}, not of this run` : undefined;
    if (profile)
      found.push({ type: 'iam:instance-profile', id: profile.InstanceProfileName!, madeByRun: madeByRun(ctx, profile.Tags) && !inUse, note: inUse ?? (madeByRun(ctx, profile.Tags) ? `its role ${roleName} taken out first` : adoptedNote(`profile ${name}`, profile.Tags)) });
    const role = roleName ? (await unlessGone(() => ctx.aws.iam.send(new GetRoleCommand({ RoleName: roleName }))))?.Role : undefined;
    if (role) found.push({ type: 'iam:role', id: role.RoleName!, madeByRun: madeByRun(ctx, role.Tags) && !inUse, note: inUse ?? (madeByRun(ctx, role.Tags) ? 'its policies detached first' : adoptedNote(`role ${roleName}`, role.Tags)) });
    return found;
  },
  plan: (resource) =>
    resource.type === 'iam:instance-profile'
      ? [
          { service: 'iam', operation: 'RemoveRoleFromInstanceProfile', input: { InstanceProfileName: resource.id }, note: 'for the role it holds' },
          { service: 'iam', operation: 'DeleteInstanceProfile', input: { InstanceProfileName: resource.id } },
        ]
      : [
          { service: 'iam', operation: 'DetachRolePolicy', input: { RoleName: resource.id }, note: 'for each attached policy' },
          { service: 'iam', operation: 'DeleteRole', input: { RoleName: resource.id } },
        ],
  async remove(ctx, resource) {
    if (resource.type === 'iam:instance-profile') {
      const profile = (await unlessGone(() => ctx.aws.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: resource.id }))))?.InstanceProfile;
      if (!profile) return;
      for (const role of profile.Roles ?? []) await goneIsDone(() => ctx.aws.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: resource.id, RoleName: role.RoleName })));
      await goneIsDone(() => ctx.aws.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: resource.id })));
      return;
    }
    const attached = await unlessGone(() => ctx.aws.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: resource.id })));
    if (!attached) return;
    for (const p of attached.AttachedPolicies ?? []) await goneIsDone(() => ctx.aws.iam.send(new DetachRolePolicyCommand({ RoleName: resource.id, PolicyArn: p.PolicyArn })));
    await goneIsDone(() => ctx.aws.iam.send(new DeleteRoleCommand({ RoleName: resource.id })));
  },
};
