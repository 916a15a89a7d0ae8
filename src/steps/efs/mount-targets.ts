/**
 * `efs.mountTargets`: one available mount target per subnet's Availability
 * Zone, each behind exactly these security groups. CreateMountTarget takes no
 * idempotency token, so the step always reads first: a target that already
 * serves the zone (made by an earlier run, or accepted before a crash) is
 * adopted, and a MountTargetConflict on create is answered by adopting the
 * target that won. A target that is deleting is never adopted (the step says
 * so and stops); a deleted one is gone and ignored.
 */
import { DescribeSubnetsCommand } from '../../aws/sdk/ec2.js';
import { collect } from '../paginate.js';
import {
  CreateMountTargetCommand,
  DescribeMountTargetSecurityGroupsCommand,
  ModifyMountTargetSecurityGroupsCommand,
  paginateDescribeMountTargets,
  type MountTargetDescription,
} from '../../aws/sdk/efs.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { type PlannedCall } from '../../core/calls.js';
import { hasErrorName } from '../../aws/errors.js';
import { waitFor } from '../../aws/wait.js';

export interface MountTargetsInput {
  fileSystemId: string;
  /** One target per subnet's zone. */
  subnetIds: string[];
  securityGroupIds: string[];
}

export interface MountTargetsOutputs {
  /** In the order of the subnets. */
  mountTargetIds: string[];
}

interface Target {
  subnetId: string;
  zone: string;
  mountTargetId?: string;
  state?: string;
  /** Its security groups differ from the wanted ones. */
  groupsDiffer?: boolean;
}

interface Found {
  targets: Target[];
}

export class MountTargetStateError extends Error {
  override name = 'MountTargetState';
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** The file system's mount targets, a deleted one left out: it serves nothing and will vanish. */
async function describeTargets(ctx: StepContext, fileSystemId: string): Promise<MountTargetDescription[]> {
  const all = await collect(paginateDescribeMountTargets({ client: ctx.aws.efs }, { FileSystemId: fileSystemId }), (p) => p.MountTargets);
  return all.filter((t) => t.LifeCycleState !== 'deleted');
}

/** Each subnet with the target that serves its zone, if any. */
async function inspect(ctx: StepContext, input: MountTargetsInput): Promise<Target[]> {
  const subnets = (await ctx.aws.ec2.send(new DescribeSubnetsCommand({ SubnetIds: input.subnetIds }))).Subnets ?? [];
  const existing = await describeTargets(ctx, input.fileSystemId);
  const targets: Target[] = [];
  for (const subnetId of input.subnetIds) {
    const zone = subnets.find((s) => s.SubnetId === subnetId)?.AvailabilityZone ?? '';
    const t = existing.find((m) => m.SubnetId === subnetId) ?? existing.find((m) => m.AvailabilityZoneName === zone);
    if (!t?.MountTargetId) {
      targets.push({ subnetId, zone });
      continue;
    }
    const state = t.LifeCycleState ?? 'unknown';
    if (state === 'deleting' || state === 'error')
      throw new MountTargetStateError(`Mount target ${t.MountTargetId} of ${input.fileSystemId} in ${zone} is ${state}; run again once it is gone${state === 'error' ? ' (delete it)' : ''}.`);
    const groups = state === 'available' ? ((await ctx.aws.efs.send(new DescribeMountTargetSecurityGroupsCommand({ MountTargetId: t.MountTargetId }))).SecurityGroups ?? []) : input.securityGroupIds;
    targets.push({ subnetId: t.SubnetId ?? subnetId, zone, mountTargetId: t.MountTargetId, state, groupsDiffer: !sameSet(groups, input.securityGroupIds) });
  }
  return targets;
}

function waitAvailable(ctx: StepContext, fileSystemId: string, ids: string[]): Promise<void> {
  return waitFor(ctx, {
    what: `${ids.length} mount targets of ${fileSystemId} to be available`,
    minDelay: 5,
    maxDelay: 15,
    maxWait: 900,
    poll: async () => {
      const states = (await describeTargets(ctx, fileSystemId)).filter((t) => ids.includes(t.MountTargetId ?? ''));
      const bad = states.find((t) => t.LifeCycleState === 'error' || t.LifeCycleState === 'deleting' || t.LifeCycleState === 'deleted');
      if (bad) return { failed: `mount target ${bad.MountTargetId} is ${bad.LifeCycleState}` };
      const ready = states.filter((t) => t.LifeCycleState === 'available').length;
      return ready === ids.length ? { done: true, value: undefined } : { done: false, status: `${ready} of ${ids.length} available` };
    },
  });
}

async function create(ctx: StepContext, input: MountTargetsInput, target: Target): Promise<string> {
  try {
    const created = await ctx.aws.efs.send(new CreateMountTargetCommand({ FileSystemId: input.fileSystemId, SubnetId: target.subnetId, SecurityGroups: input.securityGroupIds }));
    return created.MountTargetId!;
  } catch (err) {
    // Another writer (or a create accepted before a crash) got the zone first: adopt its target.
    if (!hasErrorName(err, 'MountTargetConflict')) throw err;
    const winner = (await describeTargets(ctx, input.fileSystemId)).find((m) => m.SubnetId === target.subnetId || m.AvailabilityZoneName === target.zone);
    if (!winner?.MountTargetId) throw err;
    if (winner.LifeCycleState === 'deleting') throw new MountTargetStateError(`Mount target ${winner.MountTargetId} of ${input.fileSystemId} in ${target.zone} is deleting; run again once it is gone.`);
    return winner.MountTargetId;
  }
}

const kind: StepKind<MountTargetsInput, MountTargetsOutputs, Found> = {
  async check(ctx, input) {
    const targets = await inspect(ctx, input);
    const pending = targets.filter((t) => !t.mountTargetId || t.state !== 'available' || t.groupsDiffer);
    if (pending.length)
      return {
        done: false,
        reason: pending.map((t) => (!t.mountTargetId ? `no mount target in ${t.zone}` : t.groupsDiffer ? `${t.mountTargetId} has other security groups` : `${t.mountTargetId} is ${t.state}`)).join('; ') + '.',
        found: { targets },
      };
    return {
      done: true,
      outputs: { mountTargetIds: targets.map((t) => t.mountTargetId!) },
      evidence: targets.map((t) => `${t.mountTargetId} in ${t.zone} (${t.subnetId}): available, groups ${input.securityGroupIds.join(', ')}`),
    };
  },
  plan(input, found) {
    // In a dry-run the subnets may not be known yet: their list is then one `<step.key>` label.
    const subnets: readonly string[] = typeof input.subnetIds === 'string' ? [input.subnetIds] : input.subnetIds;
    const targets = found?.targets ?? subnets.map((subnetId) => ({ subnetId, zone: '' }) as Target);
    const calls: PlannedCall[] = [];
    const each = typeof input.subnetIds === 'string' ? { note: `one for each subnet in ${input.subnetIds}` } : {};
    for (const t of targets.filter((x) => !x.mountTargetId))
      calls.push({ service: 'elasticfilesystem', operation: 'CreateMountTarget', input: { FileSystemId: input.fileSystemId, SubnetId: t.subnetId, SecurityGroups: input.securityGroupIds }, ...each });
    for (const t of targets.filter((x) => x.mountTargetId && x.groupsDiffer))
      calls.push({ service: 'elasticfilesystem', operation: 'ModifyMountTargetSecurityGroups', input: { MountTargetId: t.mountTargetId, SecurityGroups: input.securityGroupIds } });
    return calls;
  },
  async apply(ctx, input, found) {
    const targets = found?.targets ?? (await inspect(ctx, input));
    const ids: string[] = [];
    for (const t of targets) ids.push(t.mountTargetId ?? (await create(ctx, input, t)));
    const regroup = targets.filter((t) => t.mountTargetId && t.groupsDiffer);
    if (regroup.length) await waitAvailable(ctx, input.fileSystemId, regroup.map((t) => t.mountTargetId!));
    for (const t of regroup) await ctx.aws.efs.send(new ModifyMountTargetSecurityGroupsCommand({ MountTargetId: t.mountTargetId!, SecurityGroups: input.securityGroupIds }));
    await waitAvailable(ctx, input.fileSystemId, ids);
    return { mountTargetIds: ids };
  },
};

export { kind as mountTargetsKind };
