/**
 * `ec2.findInstance`: the one running instance with a Name tag (or other
 * tags), or the one named by id. Read-only: none, or more than one, is a
 * failure that says what was found and how to choose.
 */
import { DescribeInstancesCommand, paginateDescribeInstances, type Instance } from '../../aws/sdk/ec2.js';
import { findOne } from '../find-one.js';
import { collect } from '../paginate.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { isNotFound } from '../../aws/errors.js';
import { tagValue } from '../../aws/tags.js';

export interface FindInstanceInput {
  /** What the instance is, for messages: "the swarm manager". */
  what: string;
  /** This instance, when given: the tags are then not used. */
  instanceId?: string;
  /** The Name tag; an instance id (i-...) here is used as instanceId. */
  name?: string;
  /** Tags the instance carries, e.g. { Name: 'node-01.example.com' }. */
  tags?: Record<string, string>;
}

export interface FindInstanceOutputs {
  instanceId: string;
  name: string;
  privateIp: string;
  publicIp: string;
  availabilityZone: string;
  rootDeviceName: string;
}

const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

export class InstanceNotFoundError extends Error {
  override name = 'InstanceNotFound';
}

function outputsOf(i: Instance): FindInstanceOutputs {
  return {
    instanceId: i.InstanceId!,
    name: tagValue(i.Tags, 'Name') ?? '',
    privateIp: i.PrivateIpAddress ?? '',
    publicIp: i.PublicIpAddress ?? '',
    availabilityZone: i.Placement?.AvailabilityZone ?? '',
    rootDeviceName: i.RootDeviceName ?? '',
  };
}

function describeTags(tags: Record<string, string> | undefined): string {
  return Object.entries(tags ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

async function byId(ctx: StepContext, instanceId: string): Promise<Instance[]> {
  try {
    const res = await ctx.aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    return res.Reservations?.flatMap((r) => r.Instances ?? []) ?? [];
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}

async function byTags(ctx: StepContext, tags: Record<string, string>): Promise<Instance[]> {
  const filters = [...Object.entries(tags).map(([k, v]) => ({ Name: `tag:${k}`, Values: [v] })), { Name: 'instance-state-name', Values: ['running'] }];
  const reservations = await collect(paginateDescribeInstances({ client: ctx.aws.ec2 }, { Filters: filters }), (p) => p.Reservations);
  return reservations.flatMap((r) => r.Instances ?? []);
}

const kind: StepKind<FindInstanceInput, FindInstanceOutputs> = {
  async check(ctx, input) {
    const instanceId = input.instanceId ?? (input.name && INSTANCE_ID.test(input.name) ? input.name : undefined);
    const tags = { ...input.tags, ...(input.name && !instanceId ? { Name: input.name } : {}) };
    if (!instanceId && !Object.keys(tags).length) throw new InstanceNotFoundError(`Finding ${input.what} needs an instance id, a name or tags.`);
    const found = instanceId ? await byId(ctx, instanceId) : await byTags(ctx, tags);
    const where = instanceId ?? `tagged ${describeTags(tags)}`;
    const running = found.filter((i) => i.State?.Name === 'running');
    if (running.length === 0) {
      const state = found[0]?.State?.Name;
      throw new InstanceNotFoundError(`No running instance ${where} in ${ctx.aws.region} for ${input.what}${state ? ` (it is ${state})` : ''}.`);
    }
    const one = findOne(running, `running instances ${where}`, (i) => i.InstanceId, `name ${input.what} by its instance id`);
    const outputs = outputsOf(one!);
    return { done: true, outputs, evidence: [`${input.what}: ${outputs.instanceId} ${outputs.name} (${outputs.privateIp}) in ${outputs.availabilityZone}`] };
  },
  plan: () => [],
};

export { kind as findInstanceKind };
