/**
 * `ec2.instance`: one instance with this Name, found by its tags, else
 * launched with a ClientToken derived from the run and step. A resume after a
 * crash that left the launch unrecorded sends the same RunInstances again, and
 * EC2 answers a repeated ClientToken with the first reservation (the token is
 * valid for at least 24 hours after the instance terminates), so no twin is
 * launched and no lookup by token is needed. IMDSv2 is required and every
 * volume is encrypted, an adopted instance's too; the step waits until the
 * instance runs and, when asked, until its SSM agent is online. Termination
 * protection and extra tags, when asked, are set at launch, checked after it,
 * and restored on an instance that lost them.
 */
import {
  CreateTagsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeVolumesCommand,
  ModifyInstanceAttributeCommand,
  ModifyInstanceMetadataOptionsCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  paginateDescribeInstances,
  type Instance,
  type _InstanceType,
} from '../../aws/sdk/ec2.js';
import { type PlanContext, type StepContext, type StepKind } from '../../engine/model/step.js';
import { type PlannedCall } from '../../core/calls.js';
import { hasErrorName } from '../../aws/errors.js';
import { ssmPingStatus, waitForSsmOnline } from '../../aws/ssm-agent.js';
import { ownedByFilters, plannedTags, tagSpecifications, type Tag } from '../../aws/tags.js';
import { NOT_VISIBLE, waitFor } from '../../aws/wait.js';
import { findOne } from '../find-one.js';
import { collect } from '../paginate.js';

export interface InstanceInput {
  name: string;
  imageId: string;
  instanceType: string;
  subnetId: string;
  securityGroupIds: string[];
  instanceProfileName: string;
  keyName?: string;
  rootVolume: { deviceName: string; sizeGiB: number };
  /** Wait for the SSM agent: every later command goes through Run Command. */
  waitForSsm: boolean;
  /** Turn on termination protection. */
  terminationProtection?: boolean;
  /** Tags besides Name and the runbook's, e.g. a role another run finds the instance by. */
  tags?: Record<string, string>;
}

export interface InstanceOutputs {
  instanceId: string;
  privateIp: string;
  availabilityZone: string;
}

interface Found {
  instance: Instance;
  /** Asked for but off (DescribeInstanceAttribute disableApiTermination). */
  protectionOff?: boolean;
  missingTags?: Tag[];
}

export class InstanceVolumeError extends Error {
  override name = 'UnencryptedVolume';
}

const LIVE_STATES = ['pending', 'running', 'stopping', 'stopped'];
/** IMDSv2 only, and a hop limit of 2 so containers on the host reach it: sent whole, since a partial update may reset the rest. */
const METADATA_OPTIONS = { HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 2 } as const;

async function findInstance(ctx: StepContext, input: InstanceInput): Promise<Instance | undefined> {
  const filters = [...ownedByFilters(ctx.runbookId, input.name), { Name: 'instance-state-name', Values: LIVE_STATES }];
  const tagged = (await collect(paginateDescribeInstances({ client: ctx.aws.ec2 }, { Filters: filters }), (p) => p.Reservations)).flatMap((r) => r.Instances ?? []);
  return findOne(tagged, `instances named ${input.name} from this runbook`, (i) => i.InstanceId, 'terminate the extra ones first');
}

function outputsOf(i: Instance): InstanceOutputs {
  return { instanceId: i.InstanceId!, privateIp: i.PrivateIpAddress ?? '', availabilityZone: i.Placement?.AvailabilityZone ?? '' };
}

async function describe(ctx: StepContext, instanceId: string): Promise<Instance | undefined> {
  const res = await ctx.aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  return res.Reservations?.[0]?.Instances?.[0];
}

function waitRunning(ctx: StepContext, instanceId: string): Promise<Instance> {
  return waitState(ctx, instanceId, 'running');
}

function waitState(ctx: StepContext, instanceId: string, wanted: 'running' | 'stopped'): Promise<Instance> {
  return waitFor(ctx, {
    what: `instance ${instanceId} to be ${wanted}`,
    minDelay: 5,
    maxDelay: 15,
    maxWait: 900,
    // A new instance can be briefly invisible to DescribeInstances.
    notFound: NOT_VISIBLE,
    poll: async () => {
      const i = await describe(ctx, instanceId);
      const state = i?.State?.Name ?? NOT_VISIBLE;
      if (state === wanted) return { done: true, value: i! };
      if (state === 'terminated' || state === 'shutting-down') return { failed: `the instance is ${state}` };
      return { done: false, status: state };
    },
  });
}

function extraTags(input: InstanceInput): Tag[] {
  return Object.entries(input.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
}

/** The instance's EBS volumes, as DescribeVolumes shows them. */
async function volumesOf(ctx: StepContext, i: Instance | undefined) {
  const ids = (i?.BlockDeviceMappings ?? []).map((b) => b.Ebs?.VolumeId).filter((v): v is string => Boolean(v));
  return ids.length ? ((await ctx.aws.ec2.send(new DescribeVolumesCommand({ VolumeIds: ids }))).Volumes ?? []) : [];
}

/** An instance this step did not just launch keeps its volumes: one not encrypted cannot be fixed in place. */
async function assertEncrypted(ctx: StepContext, i: Instance): Promise<void> {
  const plain = (await volumesOf(ctx, i)).filter((v) => !v.Encrypted).map((v) => v.VolumeId);
  if (plain.length)
    throw new InstanceVolumeError(
      `Instance ${i.InstanceId} has ${plain.length === 1 ? 'a volume' : 'volumes'} that ${plain.length === 1 ? 'is' : 'are'} not encrypted (${plain.join(', ')}), and EBS cannot encrypt a volume in place: replace the instance (or its volumes with encrypted copies) and run again.`,
    );
}

async function protectionOn(ctx: StepContext, instanceId: string): Promise<boolean> {
  const res = await ctx.aws.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'disableApiTermination' }));
  return res.DisableApiTermination?.Value === true;
}

/** What a running instance lacks of what was asked besides its launch: protection, tags. */
async function driftOf(ctx: StepContext, input: InstanceInput, instance: Instance): Promise<Omit<Found, 'instance'>> {
  const missingTags = extraTags(input).filter((t) => !instance.Tags?.some((x) => x.Key === t.Key && x.Value === t.Value));
  const protectionOff = input.terminationProtection === true && !(await protectionOn(ctx, instance.InstanceId!));
  return { ...(protectionOff ? { protectionOff } : {}), ...(missingTags.length ? { missingTags } : {}) };
}

async function restore(ctx: StepContext, instanceId: string, drift: Omit<Found, 'instance'>): Promise<void> {
  if (drift.protectionOff) await ctx.aws.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, DisableApiTermination: { Value: true } }));
  if (drift.missingTags) await ctx.aws.ec2.send(new CreateTagsCommand({ Resources: [instanceId], Tags: drift.missingTags }));
}

function launchTags(ctx: PlanContext, input: InstanceInput) {
  return [...tagSpecifications('instance', [...plannedTags(ctx, input.name), ...extraTags(input)]), ...tagSpecifications('volume', plannedTags(ctx, input.name))];
}

async function launch(ctx: StepContext, input: InstanceInput): Promise<string> {
  const request = new RunInstancesCommand({
    ImageId: input.imageId,
    InstanceType: input.instanceType as _InstanceType,
    MinCount: 1,
    MaxCount: 1,
    ClientToken: ctx.token(),
    SubnetId: input.subnetId,
    SecurityGroupIds: input.securityGroupIds,
    IamInstanceProfile: { Name: input.instanceProfileName },
    ...(input.keyName ? { KeyName: input.keyName } : {}),
    MetadataOptions: { ...METADATA_OPTIONS },
    BlockDeviceMappings: [{ DeviceName: input.rootVolume.deviceName, Ebs: { VolumeSize: input.rootVolume.sizeGiB, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true } }],
    DisableApiTermination: input.terminationProtection ?? false,
    TagSpecifications: launchTags(ctx, input),
  });
  // A just-created instance profile takes a few seconds to be usable by EC2.
  const res = await waitFor(ctx, {
    what: `instance profile ${input.instanceProfileName} to be usable by EC2`,
    minDelay: 2,
    maxDelay: 10,
    maxWait: 120,
    poll: async () => {
      try {
        return { done: true, value: await ctx.aws.ec2.send(request) };
      } catch (err) {
        if (hasErrorName(err, 'InvalidParameterValue') && /iamInstanceProfile/i.test((err as Error).message)) return { done: false, status: 'profile not visible to EC2 yet' };
        throw err;
      }
    },
  });
  const id = res.Instances?.[0]?.InstanceId;
  if (!id) throw new Error('RunInstances answered without an instance id.');
  return id;
}

const kind: StepKind<InstanceInput, InstanceOutputs, Found> = {
  async check(ctx, input) {
    const instance = await findInstance(ctx, input);
    if (!instance?.InstanceId) return { done: false, reason: `No instance named ${input.name} yet.` };
    const state = instance.State?.Name;
    const id = instance.InstanceId;
    await assertEncrypted(ctx, instance);
    if (state !== 'running') return { done: false, reason: `Instance ${id} is ${state}.`, found: { instance } };
    if (instance.MetadataOptions?.HttpTokens !== 'required') return { done: false, reason: `Instance ${id} does not require IMDSv2.`, found: { instance } };
    // What can be repaired is found before the agent is asked, so it is repaired even while the agent is away.
    const drift = await driftOf(ctx, input, instance);
    if (drift.protectionOff) return { done: false, reason: `Instance ${id} has no termination protection.`, found: { instance, ...drift } };
    if (drift.missingTags) return { done: false, reason: `Instance ${id} lacks the tags ${drift.missingTags.map((t) => `${t.Key}=${t.Value}`).join(', ')}.`, found: { instance, ...drift } };
    if (input.waitForSsm) {
      const ping = await ssmPingStatus(ctx, id);
      if (ping !== 'Online') return { done: false, reason: `The SSM agent on ${id} is ${ping}.`, found: { instance } };
    }
    return { done: true, outputs: outputsOf(instance), evidence: [`${id} running in ${instance.Placement?.AvailabilityZone}, private ${instance.PrivateIpAddress}`] };
  },
  plan(input, found, ctx) {
    const i = found?.instance;
    if (!i)
      return [
        {
          service: 'ec2',
          operation: 'RunInstances',
          input: {
            ImageId: input.imageId,
            InstanceType: input.instanceType,
            SubnetId: input.subnetId,
            SecurityGroupIds: input.securityGroupIds,
            IamInstanceProfile: { Name: input.instanceProfileName },
            KeyName: input.keyName,
            MetadataOptions: { ...METADATA_OPTIONS },
            BlockDeviceMappings: [{ DeviceName: input.rootVolume.deviceName, Ebs: { VolumeSize: input.rootVolume.sizeGiB, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true } }],
            DisableApiTermination: input.terminationProtection ?? false,
            TagSpecifications: launchTags(ctx ?? { tags: (name) => plannedTags(undefined, name) }, input),
          },
          note: 'with a ClientToken derived from the run and step: a resume that sends it again gets the same instance back, never a twin',
        },
      ];
    const calls: PlannedCall[] = [];
    if (i.State?.Name === 'stopped' || i.State?.Name === 'stopping')
      calls.push({ service: 'ec2', operation: 'StartInstances', input: { InstanceIds: [i.InstanceId] }, note: i.State.Name === 'stopping' ? 'once it has stopped' : undefined });
    if (i.MetadataOptions?.HttpTokens !== 'required') calls.push({ service: 'ec2', operation: 'ModifyInstanceMetadataOptions', input: { InstanceId: i.InstanceId, ...METADATA_OPTIONS } });
    if (found.protectionOff) calls.push({ service: 'ec2', operation: 'ModifyInstanceAttribute', input: { InstanceId: i.InstanceId, DisableApiTermination: { Value: true } } });
    if (found.missingTags) calls.push({ service: 'ec2', operation: 'CreateTags', input: { Resources: [i.InstanceId], Tags: found.missingTags } });
    return calls;
  },
  async apply(ctx, input, found) {
    const existing = found?.instance;
    const instanceId = existing?.InstanceId ?? (await launch(ctx, input));
    if (existing?.State?.Name === 'stopping') await waitState(ctx, instanceId, 'stopped');
    if (existing?.State?.Name === 'stopped' || existing?.State?.Name === 'stopping') await ctx.aws.ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
    if (existing && existing.MetadataOptions?.HttpTokens !== 'required') await ctx.aws.ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: instanceId, ...METADATA_OPTIONS }));
    const running = await waitRunning(ctx, instanceId);
    // What was asked besides the launch is checked on a fresh instance too: an endpoint may have ignored it.
    await restore(ctx, instanceId, await driftOf(ctx, input, running));
    if (input.waitForSsm) await waitForSsmOnline(ctx, instanceId);
    return outputsOf(running);
  },
  async verify(ctx, input, outputs) {
    const i = await describe(ctx, outputs.instanceId);
    const volumes = await volumesOf(ctx, i);
    const evidence = [
      `state: ${i?.State?.Name}`,
      `IMDSv2: ${i?.MetadataOptions?.HttpTokens === 'required' ? 'required' : (i?.MetadataOptions?.HttpTokens ?? 'unknown')}`,
      ...volumes.map((v) => `volume ${v.VolumeId}: ${v.Size} GiB, ${v.Encrypted ? 'encrypted' : 'NOT encrypted'}`),
    ];
    const problems = [
      i?.State?.Name !== 'running' && 'the instance is not running',
      i?.MetadataOptions?.HttpTokens !== 'required' && 'IMDSv2 is not required',
      volumes.some((v) => !v.Encrypted) && 'a volume is not encrypted',
      volumes.length === 0 && 'no volume was found',
    ].filter(Boolean);
    if (input.waitForSsm) {
      const ping = await ssmPingStatus(ctx, outputs.instanceId);
      evidence.push(`SSM agent: ${ping}`);
      if (ping !== 'Online') problems.push('the SSM agent is not online');
    }
    if (input.terminationProtection) {
      const on = await protectionOn(ctx, outputs.instanceId);
      evidence.push(`termination protection: ${on ? 'on' : 'OFF'}`);
      if (!on) problems.push('termination protection is off');
    }
    return { ok: problems.length === 0, evidence, ...(problems.length ? { reason: `Instance ${outputs.instanceId}: ${problems.join(', ')}.` } : {}) };
  },
};

export { kind as instanceKind };
