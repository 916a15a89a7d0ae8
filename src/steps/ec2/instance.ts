/**
 * `ec2.instance`: one instance with this Name, launched from a deterministic
 * ClientToken so that a resume after a crash finds the instance AWS already
 * accepted instead of launching a twin. IMDSv2 is required and every volume
 * is encrypted; the step waits until the instance runs and, when asked, until
 * its SSM agent is online. Termination protection and extra tags, when asked,
 * are set at launch and restored on an instance that lost them.
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
  type Instance,
  type _InstanceType,
} from '../../aws/sdk/ec2.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { type PlannedCall } from '../../core/calls.js';
import { hasErrorName } from '../../aws/errors.js';
import { ssmPingStatus, waitForSsmOnline } from '../../aws/ssm-agent.js';
import { ownedByFilters, tagSpecifications, type Tag } from '../../aws/tags.js';
import { waitFor } from '../../aws/wait.js';

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

const LIVE_STATES = ['pending', 'running', 'stopping', 'stopped'];

async function findInstance(ctx: StepContext, input: InstanceInput): Promise<Instance | undefined> {
  const byTag = await ctx.aws.ec2.send(
    new DescribeInstancesCommand({ Filters: [...ownedByFilters(ctx.runbookId, input.name), { Name: 'instance-state-name', Values: LIVE_STATES }] }),
  );
  const tagged = byTag.Reservations?.flatMap((r) => r.Instances ?? []) ?? [];
  if (tagged.length > 1) throw new Error(`Found ${tagged.length} instances named ${input.name} from this runbook (${tagged.map((i) => i.InstanceId).join(', ')}); terminate the extra ones first.`);
  if (tagged[0]) return tagged[0];
  // Tags are applied with the launch, but a lookup by token also covers a tag that is not visible yet.
  const byToken = await ctx.aws.ec2.send(
    new DescribeInstancesCommand({ Filters: [{ Name: 'client-token', Values: [ctx.token()] }, { Name: 'instance-state-name', Values: LIVE_STATES }] }),
  );
  return byToken.Reservations?.flatMap((r) => r.Instances ?? [])[0];
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
    poll: async () => {
      try {
        const i = await describe(ctx, instanceId);
        const state = i?.State?.Name ?? 'not visible yet';
        if (state === wanted) return { done: true, value: i! };
        if (state === 'terminated' || state === 'shutting-down') return { failed: `the instance is ${state}` };
        return { done: false, status: state };
      } catch (err) {
        // A new instance can be briefly invisible to DescribeInstances.
        if (hasErrorName(err, 'InvalidInstanceID.NotFound')) return { done: false, status: 'not visible yet' };
        throw err;
      }
    },
  });
}

function extraTags(input: InstanceInput): Tag[] {
  return Object.entries(input.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
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
    MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 2 },
    BlockDeviceMappings: [{ DeviceName: input.rootVolume.deviceName, Ebs: { VolumeSize: input.rootVolume.sizeGiB, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true } }],
    DisableApiTermination: input.terminationProtection ?? false,
    TagSpecifications: [...tagSpecifications('instance', [...ctx.tags(input.name), ...extraTags(input)]), ...tagSpecifications('volume', ctx.tags(input.name))],
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
    if (state !== 'running') return { done: false, reason: `Instance ${id} is ${state}.`, found: { instance } };
    if (instance.MetadataOptions?.HttpTokens !== 'required') return { done: false, reason: `Instance ${id} does not require IMDSv2.`, found: { instance } };
    if (input.waitForSsm) {
      const ping = await ssmPingStatus(ctx, id);
      if (ping !== 'Online') return { done: false, reason: `The SSM agent on ${id} is ${ping}.`, found: { instance } };
    }
    const drift = await driftOf(ctx, input, instance);
    if (drift.protectionOff) return { done: false, reason: `Instance ${id} has no termination protection.`, found: { instance, ...drift } };
    if (drift.missingTags) return { done: false, reason: `Instance ${id} lacks the tags ${drift.missingTags.map((t) => `${t.Key}=${t.Value}`).join(', ')}.`, found: { instance, ...drift } };
    return { done: true, outputs: outputsOf(instance), evidence: [`${id} running in ${instance.Placement?.AvailabilityZone}, private ${instance.PrivateIpAddress}`] };
  },
  plan(input, found) {
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
            MetadataOptions: { HttpTokens: 'required' },
            BlockDeviceMappings: [{ DeviceName: input.rootVolume.deviceName, Ebs: { VolumeSize: input.rootVolume.sizeGiB, Encrypted: true } }],
            DisableApiTermination: input.terminationProtection ?? false,
            TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: input.name }, ...extraTags(input)] }],
          },
          note: 'with a ClientToken derived from the run and step, so a resume never launches a twin',
        },
      ];
    const calls: PlannedCall[] = [];
    if (i.State?.Name === 'stopped' || i.State?.Name === 'stopping')
      calls.push({ service: 'ec2', operation: 'StartInstances', input: { InstanceIds: [i.InstanceId] }, note: i.State.Name === 'stopping' ? 'once it has stopped' : undefined });
    if (i.MetadataOptions?.HttpTokens !== 'required')
      calls.push({ service: 'ec2', operation: 'ModifyInstanceMetadataOptions', input: { InstanceId: i.InstanceId, HttpTokens: 'required' } });
    if (found.protectionOff) calls.push({ service: 'ec2', operation: 'ModifyInstanceAttribute', input: { InstanceId: i.InstanceId, DisableApiTermination: { Value: true } } });
    if (found.missingTags) calls.push({ service: 'ec2', operation: 'CreateTags', input: { Resources: [i.InstanceId], Tags: found.missingTags } });
    return calls;
  },
  async apply(ctx, input, found) {
    const existing = found?.instance;
    const instanceId = existing?.InstanceId ?? (await launch(ctx, input));
    if (existing?.State?.Name === 'stopping') await waitState(ctx, instanceId, 'stopped');
    if (existing?.State?.Name === 'stopped' || existing?.State?.Name === 'stopping') await ctx.aws.ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
    if (existing && existing.MetadataOptions?.HttpTokens !== 'required')
      await ctx.aws.ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: instanceId, HttpTokens: 'required', HttpEndpoint: 'enabled' }));
    const running = await waitRunning(ctx, instanceId);
    // An existing instance is brought back to what was asked; a fresh one got everything at launch.
    if (existing) await restore(ctx, instanceId, await driftOf(ctx, input, running));
    if (input.waitForSsm) await waitForSsmOnline(ctx, instanceId);
    return outputsOf(running);
  },
  async verify(ctx, input, outputs) {
    const i = await describe(ctx, outputs.instanceId);
    const volumeIds = (i?.BlockDeviceMappings ?? []).map((b) => b.Ebs?.VolumeId).filter((v): v is string => Boolean(v));
    const volumes = volumeIds.length ? ((await ctx.aws.ec2.send(new DescribeVolumesCommand({ VolumeIds: volumeIds }))).Volumes ?? []) : [];
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
