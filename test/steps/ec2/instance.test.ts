import {
  CreateTagsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeVolumesCommand,
  ModifyInstanceAttributeCommand,
  ModifyInstanceMetadataOptionsCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  type DescribeInstancesCommandInput,
  type Instance,
} from '../../../src/aws/sdk/ec2.js';
import { DescribeInstanceInformationCommand } from '../../../src/aws/sdk/ssm.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { instanceKind, type InstanceInput } from '../../../src/steps/ec2/instance.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const ID = 'i-0abc0000000000001';

const input: InstanceInput = {
  name: 'redis',
  imageId: 'ami-0a1b2c3d4e5f60001',
  instanceType: 't3.small',
  subnetId: 'subnet-0aaa',
  securityGroupIds: ['sg-0redis'],
  instanceProfileName: 'redis-ssm',
  rootVolume: { deviceName: '/dev/sda1', sizeGiB: 20 },
  waitForSsm: true,
};

function instance(state: string, overrides: Partial<Instance> = {}): Instance {
  return {
    InstanceId: ID,
    State: { Name: state as never },
    PrivateIpAddress: '172.31.5.10',
    Placement: { AvailabilityZone: 'us-east-1a' },
    MetadataOptions: { HttpTokens: 'required' },
    BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeId: 'vol-0root' } }],
    ...overrides,
  };
}

const reservations = (...instances: Instance[]) => ({ Reservations: instances.length ? [{ Instances: instances }] : [] });

interface Answers {
  byTag?: Instance[];
  /** Answers to DescribeInstances by id, in order; the last repeats. An Error is thrown. */
  byId?: (Instance | Error)[];
}

/** DescribeInstances answers by the shape of the request: tag filters or ids. The instance's volumes are encrypted unless said otherwise. */
function describeInstances(answers: Answers, volumesEncrypted = true): void {
  mocks.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-0root', Size: 20, Encrypted: volumesEncrypted }] });
  let byIdCalls = 0;
  mocks.ec2.on(DescribeInstancesCommand).callsFake(async (req: DescribeInstancesCommandInput) => {
    if (req.InstanceIds) {
      const list = answers.byId ?? [];
      const a = list[Math.min(byIdCalls++, list.length - 1)];
      if (a instanceof Error) throw a;
      return reservations(...(a ? [a] : []));
    }
    if (req.Filters?.some((f) => f.Name === 'client-token')) throw new Error('the step must not look instances up by client-token');
    return reservations(...(answers.byTag ?? []));
  });
}

function ssmOnline(...statuses: string[]): void {
  let n = 0;
  mocks.ssm.on(DescribeInstanceInformationCommand).callsFake(async () => {
    const status = statuses[Math.min(n++, statuses.length - 1)];
    return { InstanceInformationList: status ? [{ InstanceId: ID, PingStatus: status }] : [] };
  });
}

/** EC2 commands sent that are not reads. */
function mutatingCalls(): number {
  return mocks.ec2.calls().filter((c) => !(c.args[0] as object).constructor.name.startsWith('Describe')).length;
}

describe('ec2.instance', () => {
  beforeEach(resetMocks);

  it('is done when the tagged instance runs with IMDSv2 and its SSM agent is online', async () => {
    describeInstances({ byTag: [instance('running')] });
    ssmOnline('Online');
    const ctx = stepContext();

    const result = await instanceKind.check(ctx, input);

    expect(result).toMatchObject({ done: true, outputs: { instanceId: ID, privateIp: '172.31.5.10', availabilityZone: 'us-east-1a' } });
    const filters = mocks.ec2.commandCalls(DescribeInstancesCommand)[0]!.args[0].input.Filters;
    expect(filters).toEqual([
      { Name: 'tag:runbook:id', Values: ['test-runbook'] },
      { Name: 'tag:Name', Values: ['redis'] },
      { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
    ]);
    expect(mutatingCalls()).toBe(0);
  });

  it('launches with a ClientToken, IMDSv2, an encrypted root volume and Name tags, then waits until running and SSM-online', async () => {
    describeInstances({ byId: [awsError('InvalidInstanceID.NotFound'), instance('pending'), instance('running')] });
    ssmOnline('NotRegistered', 'Online');
    mocks.ec2.on(RunInstancesCommand).resolves({ Instances: [{ InstanceId: ID }] });
    const ctx = stepContext();

    const result = await instanceKind.check(ctx, input);
    expect(result).toMatchObject({ done: false, reason: 'No instance named redis yet.' });
    if (result.done) return;

    const plan = instanceKind.plan(input, result.found, ctx);
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({ service: 'ec2', operation: 'RunInstances', input: { ImageId: input.imageId, MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 } } });
    // The plan shows every tag the launch sends.
    expect((plan[0]!.input as { TagSpecifications: unknown }).TagSpecifications).toEqual([
      { ResourceType: 'instance', Tags: ctx.tags('redis') },
      { ResourceType: 'volume', Tags: ctx.tags('redis') },
    ]);

    const outputs = await instanceKind.apply!(ctx, input, result.found);
    expect(outputs).toEqual({ instanceId: ID, privateIp: '172.31.5.10', availabilityZone: 'us-east-1a' });

    const runs = mocks.ec2.commandCalls(RunInstancesCommand);
    expect(runs).toHaveLength(1);
    const run = runs[0]!.args[0].input;
    expect(run).toMatchObject({
      ImageId: 'ami-0a1b2c3d4e5f60001',
      InstanceType: 't3.small',
      MinCount: 1,
      MaxCount: 1,
      ClientToken: ctx.token(),
      SubnetId: 'subnet-0aaa',
      SecurityGroupIds: ['sg-0redis'],
      IamInstanceProfile: { Name: 'redis-ssm' },
      DisableApiTermination: false,
    });
    expect(run.KeyName).toBeUndefined();
    expect(run.MetadataOptions?.HttpTokens).toBe('required');
    expect(run.BlockDeviceMappings).toEqual([{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 20, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true } }]);
    expect(run.TagSpecifications).toEqual((plan[0]!.input as { TagSpecifications: unknown }).TagSpecifications);
    // Waited through "not visible yet" and "pending", then for the agent.
    expect(mocks.ec2.commandCalls(DescribeInstancesCommand).filter((c) => c.args[0].input.InstanceIds)).toHaveLength(3);
    expect(mocks.ssm.commandCalls(DescribeInstanceInformationCommand).length).toBeGreaterThanOrEqual(2);
    expect(ctx.progressLines.some((l) => l.includes(`instance ${ID} to be running: pending`))).toBe(true);
  });

  it('retries RunInstances while a new instance profile is not visible to EC2 yet', async () => {
    describeInstances({ byId: [instance('running')] });
    mocks.ec2
      .on(RunInstancesCommand)
      .rejectsOnce(awsError('InvalidParameterValue', "Value (redis-ssm) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name"))
      .resolves({ Instances: [{ InstanceId: ID }] });
    const ctx = stepContext();

    await instanceKind.apply!(ctx, { ...input, waitForSsm: false }, undefined);

    const runs = mocks.ec2.commandCalls(RunInstancesCommand);
    expect(runs).toHaveLength(2);
    expect(runs[1]!.args[0].input.ClientToken).toBe(runs[0]!.args[0].input.ClientToken);
  });

  it('waits for a pending instance found by its tag instead of launching another', async () => {
    describeInstances({ byTag: [instance('pending')], byId: [instance('pending'), instance('running')] });
    const ctx = stepContext();
    const noSsm = { ...input, waitForSsm: false };

    const result = await instanceKind.check(ctx, noSsm);
    expect(result).toMatchObject({ done: false, reason: `Instance ${ID} is pending.` });
    if (result.done) return;
    expect(instanceKind.plan(noSsm, result.found)).toEqual([]);

    const outputs = await instanceKind.apply!(ctx, noSsm, result.found);

    expect(outputs.instanceId).toBe(ID);
    expect(mutatingCalls()).toBe(0);
    expect(mocks.ec2.commandCalls(DescribeInstancesCommand).filter((c) => c.args[0].input.InstanceIds)).toHaveLength(2);
  });

  it('starts a stopped instance and requires IMDSv2 on it', async () => {
    const stopped = instance('stopped', { MetadataOptions: { HttpTokens: 'optional' } });
    describeInstances({ byTag: [stopped], byId: [instance('running')] });
    mocks.ec2.on(StartInstancesCommand).resolves({});
    mocks.ec2.on(ModifyInstanceMetadataOptionsCommand).resolves({});
    const noSsm = { ...input, waitForSsm: false };

    const result = await instanceKind.check(stepContext(), noSsm);
    if (result.done) throw new Error('expected not done');
    expect(instanceKind.plan(noSsm, result.found).map((c) => c.operation)).toEqual(['StartInstances', 'ModifyInstanceMetadataOptions']);

    await instanceKind.apply!(stepContext(), noSsm, result.found);
    expect(mocks.ec2.commandCalls(StartInstancesCommand)[0]!.args[0].input).toEqual({ InstanceIds: [ID] });
    // The whole set: an endpoint may reset what a partial update leaves out.
    expect(mocks.ec2.commandCalls(ModifyInstanceMetadataOptionsCommand)[0]!.args[0].input).toEqual({ InstanceId: ID, HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 2 });
    expect(mocks.ec2.commandCalls(RunInstancesCommand)).toHaveLength(0);
  });

  it('finds the instance by its tags alone: a resume that launches again sends the same ClientToken, which EC2 answers with the first instance', async () => {
    describeInstances({ byTag: [], byId: [instance('running')] });
    mocks.ec2.on(RunInstancesCommand).resolves({ Instances: [{ InstanceId: ID }] });
    const ctx = stepContext();
    const noSsm = { ...input, waitForSsm: false };

    const result = await instanceKind.check(ctx, noSsm);
    expect(result).toMatchObject({ done: false });
    await instanceKind.apply!(ctx, noSsm, undefined);
    await instanceKind.apply!(ctx, noSsm, undefined);

    const tokens = mocks.ec2.commandCalls(RunInstancesCommand).map((c) => c.args[0].input.ClientToken);
    expect(tokens).toEqual([ctx.token(), ctx.token()]);
    expect(mocks.ec2.commandCalls(DescribeInstancesCommand).filter((c) => c.args[0].input.Filters)).toHaveLength(1);
  });

  it('refuses an adopted instance whose volumes are not encrypted, before anything is changed', async () => {
    describeInstances({ byTag: [instance('stopped')] }, false);
    await expect(instanceKind.check(stepContext(), input)).rejects.toThrow(
      `Instance ${ID} has a volume that is not encrypted (vol-0root), and EBS cannot encrypt a volume in place: replace the instance (or its volumes with encrypted copies) and run again.`,
    );
    expect(mutatingCalls()).toBe(0);
  });

  it('follows NextToken through every page of the lookup by tags', async () => {
    mocks.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-0root', Encrypted: true }] });
    mocks.ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce({ Reservations: [], NextToken: 'page-2' })
      .resolvesOnce({ Reservations: [{ Instances: [instance('running')] }] });
    ssmOnline('Online');
    await expect(instanceKind.check(stepContext(), input)).resolves.toMatchObject({ done: true, outputs: { instanceId: ID } });
    const pages = mocks.ec2.commandCalls(DescribeInstancesCommand);
    expect(pages).toHaveLength(2);
    expect(pages[1]!.args[0].input.NextToken).toBe('page-2');
  });

  it('refuses to choose between two instances with the same Name', async () => {
    describeInstances({ byTag: [instance('running'), instance('running', { InstanceId: 'i-0abc0000000000002' })] });

    await expect(instanceKind.check(stepContext(), input)).rejects.toThrow(
      `Found 2 instances named redis from this runbook (${ID}, i-0abc0000000000002); terminate the extra ones first.`,
    );
  });

  it('is not done while the SSM agent is not online', async () => {
    describeInstances({ byTag: [instance('running')] });
    ssmOnline('ConnectionLost');
    const result = await instanceKind.check(stepContext(), input);
    expect(result).toMatchObject({ done: false, reason: `The SSM agent on ${ID} is ConnectionLost.` });
  });

  it('passes AWS errors on: DescribeInstances in check, RunInstances in apply', async () => {
    const denied = awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.');
    mocks.ec2.on(DescribeInstancesCommand).rejects(denied);
    await expect(instanceKind.check(stepContext(), input)).rejects.toBe(denied);

    resetMocks();
    mocks.ec2.on(RunInstancesCommand).rejects(awsError('UnauthorizedOperation'));
    await expect(instanceKind.apply!(stepContext(), input, undefined)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    expect(mocks.ec2.commandCalls(RunInstancesCommand)).toHaveLength(1);
  });

  it('fails the wait when the new instance terminates', async () => {
    describeInstances({ byId: [instance('shutting-down')] });
    mocks.ec2.on(RunInstancesCommand).resolves({ Instances: [{ InstanceId: ID }] });
    await expect(instanceKind.apply!(stepContext(), input, undefined)).rejects.toThrow(`Gave up waiting for instance ${ID} to be running: the instance is shutting-down`);
  });

  it('waits for a stopping instance to stop, then starts it, instead of timing out', async () => {
    const stopping = instance('stopping');
    describeInstances({ byTag: [stopping], byId: [instance('stopping'), instance('stopped'), instance('running')] });
    mocks.ec2.on(StartInstancesCommand).resolves({});
    ssmOnline('Online');
    const ctx = stepContext();
    expect(instanceKind.plan(input, { instance: stopping }).map((c) => c.operation)).toEqual(['StartInstances']);
    const out = await instanceKind.apply!(ctx, input, { instance: stopping });
    expect(out.instanceId).toBe(ID);
    expect(mocks.ec2.commandCalls(StartInstancesCommand)).toHaveLength(1);
    expect(mocks.ec2.commandCalls(RunInstancesCommand)).toHaveLength(0);
  });

  describe('verify', () => {
    it('passes for a running IMDSv2 instance with encrypted volumes and an online agent', async () => {
      describeInstances({ byId: [instance('running')] });
      mocks.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-0root', Size: 20, Encrypted: true }] });
      ssmOnline('Online');

      const evidence = await instanceKind.verify!(stepContext(), input, { instanceId: ID, privateIp: '', availabilityZone: '' });

      expect(evidence).toEqual({ ok: true, evidence: ['state: running', 'IMDSv2: required', 'volume vol-0root: 20 GiB, encrypted', 'SSM agent: Online'] });
      expect(mocks.ec2.commandCalls(DescribeVolumesCommand)[0]!.args[0].input).toEqual({ VolumeIds: ['vol-0root'] });
    });

    it('reports an unencrypted volume as a failure', async () => {
      describeInstances({ byId: [instance('running')] });
      mocks.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-0root', Size: 20, Encrypted: false }] });

      const evidence = await instanceKind.verify!(stepContext(), { ...input, waitForSsm: false }, { instanceId: ID, privateIp: '', availabilityZone: '' });

      expect(evidence.ok).toBe(false);
      expect(evidence.reason).toBe(`Instance ${ID}: a volume is not encrypted.`);
      expect(evidence.evidence).toContain('volume vol-0root: 20 GiB, NOT encrypted');
    });
  });
});

describe('ec2.instance with termination protection and extra tags', () => {
  beforeEach(resetMocks);
  const guarded: InstanceInput = { ...input, terminationProtection: true, tags: { 'lamp:swarm-role': 'manager' } };
  const tagged = (extra: { Key: string; Value: string }[] = [{ Key: 'lamp:swarm-role', Value: 'manager' }]) => instance('running', { Tags: [{ Key: 'Name', Value: 'redis' }, ...extra] });

  function protection(...values: boolean[]): void {
    let n = 0;
    mocks.ec2.on(DescribeInstanceAttributeCommand).callsFake(async () => ({ DisableApiTermination: { Value: values[Math.min(n++, values.length - 1)] } }));
  }

  it('turns protection on right after a launch that ignored DisableApiTermination (moto does)', async () => {
    describeInstances({ byId: [instance('running', { Tags: [{ Key: 'lamp:swarm-role', Value: 'manager' }] })] });
    ssmOnline('Online');
    protection(false, true);
    mocks.ec2.on(RunInstancesCommand).resolves({ Instances: [{ InstanceId: ID }] });
    mocks.ec2.on(ModifyInstanceAttributeCommand).resolves({});

    await instanceKind.apply!(stepContext(), guarded, undefined);

    expect(mocks.ec2.commandCalls(ModifyInstanceAttributeCommand).map((c) => c.args[0].input)).toEqual([{ InstanceId: ID, DisableApiTermination: { Value: true } }]);
  });

  it('launches with DisableApiTermination and the extra tags on the instance', async () => {
    describeInstances({ byId: [instance('running')] });
    ssmOnline('Online');
    protection(true);
    mocks.ec2.on(RunInstancesCommand).resolves({ Instances: [{ InstanceId: ID }] });

    await instanceKind.apply!(stepContext(), guarded, undefined);

    const run = mocks.ec2.commandCalls(RunInstancesCommand)[0]!.args[0].input;
    expect(run.DisableApiTermination).toBe(true);
    expect(run.TagSpecifications?.find((t) => t.ResourceType === 'instance')?.Tags).toContainEqual({ Key: 'lamp:swarm-role', Value: 'manager' });
    expect(run.TagSpecifications?.find((t) => t.ResourceType === 'volume')?.Tags).not.toContainEqual({ Key: 'lamp:swarm-role', Value: 'manager' });
    expect(mocks.ec2.commandCalls(ModifyInstanceAttributeCommand)).toHaveLength(0);
  });

  it('is done when protection is on and the tags are there', async () => {
    describeInstances({ byTag: [tagged()] });
    ssmOnline('Online');
    protection(true);
    await expect(instanceKind.check(stepContext(), guarded)).resolves.toMatchObject({ done: true });
    expect(mocks.ec2.commandCalls(DescribeInstanceAttributeCommand)[0]!.args[0].input).toEqual({ InstanceId: ID, Attribute: 'disableApiTermination' });
    expect(mutatingCalls()).toBe(0);
  });

  it('turns protection back on and restores a missing tag on an instance that lost them', async () => {
    describeInstances({ byTag: [tagged([])], byId: [tagged([])] });
    ssmOnline('Online');
    protection(false, false, true);
    mocks.ec2.on(ModifyInstanceAttributeCommand).resolves({});
    mocks.ec2.on(CreateTagsCommand).resolves({});
    const ctx = stepContext();

    const result = await instanceKind.check(ctx, guarded);
    expect(result).toMatchObject({ done: false, reason: `Instance ${ID} has no termination protection.`, found: { protectionOff: true, missingTags: [{ Key: 'lamp:swarm-role', Value: 'manager' }] } });
    if (result.done) return;
    expect(instanceKind.plan(guarded, result.found).map((c) => c.operation)).toEqual(['ModifyInstanceAttribute', 'CreateTags']);

    await instanceKind.apply!(ctx, guarded, result.found);
    expect(mocks.ec2.commandCalls(ModifyInstanceAttributeCommand).map((c) => c.args[0].input)).toEqual([{ InstanceId: ID, DisableApiTermination: { Value: true } }]);
    expect(mocks.ec2.commandCalls(CreateTagsCommand).map((c) => c.args[0].input)).toEqual([{ Resources: [ID], Tags: [{ Key: 'lamp:swarm-role', Value: 'manager' }] }]);
    expect(mocks.ec2.commandCalls(RunInstancesCommand)).toHaveLength(0);
  });

  it('fails verification when protection is off after apply', async () => {
    describeInstances({ byId: [instance('running')] });
    mocks.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-0root', Size: 20, Encrypted: true }] });
    ssmOnline('Online');
    protection(false);
    const verdict = await instanceKind.verify!(stepContext(), guarded, { instanceId: ID, privateIp: '172.31.5.10', availabilityZone: 'us-east-1a' });
    expect(verdict).toMatchObject({ ok: false, reason: `Instance ${ID}: termination protection is off.` });
    expect(verdict.evidence).toContain('termination protection: OFF');
  });
});
