import { AttachVolumeCommand, CreateVolumeCommand, DescribeVolumesCommand, type DescribeVolumesCommandInput, type Volume } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { VolumeConflictError, volumeKind, type VolumeInput } from '../../../src/steps/ec2/volume.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const INSTANCE = 'i-0abc0000000000001';
const VOLUME = 'vol-0abc0000000000001';
const input: VolumeInput = { name: 'node-01.example.com', instanceId: INSTANCE, availabilityZone: 'us-east-1a', sizeGiB: 1024, device: '/dev/sdf' };

function volume(overrides: Partial<Volume> = {}): Volume {
  return { VolumeId: VOLUME, Size: 1024, VolumeType: 'gp3', Encrypted: true, AvailabilityZone: 'us-east-1a', State: 'available', Attachments: [], ...overrides };
}

const attached = (state = 'attached') => volume({ State: 'in-use', Attachments: [{ InstanceId: INSTANCE, Device: '/dev/sdf', State: state as 'attached' }] });

/** DescribeVolumes: `byTag` answers the tag lookup; `byId` the polls by id, in order (the last repeats). */
function describeVolumes(byTag: Volume[], byId: (Volume | Error)[] = []): void {
  let n = 0;
  mocks.ec2.on(DescribeVolumesCommand).callsFake(async (req: DescribeVolumesCommandInput) => {
    if (!req.VolumeIds) return { Volumes: byTag };
    const a = byId[Math.min(n++, byId.length - 1)];
    if (a instanceof Error) throw a;
    return { Volumes: a ? [a] : [] };
  });
}

const writes = () => mocks.ec2.calls().filter((c) => !(c.args[0] as object).constructor.name.startsWith('Describe'));

describe('ec2.volume', () => {
  beforeEach(resetMocks);

  it('fails at once with one sentence for a volume that is detaching, instead of waiting for an attachment that never comes', async () => {
    describeVolumes([attached('detaching')]);
    await expect(volumeKind.check(stepContext(), input)).rejects.toThrow(`Volume ${VOLUME} is detaching from ${INSTANCE}; run again once it is available (someone or something is detaching it).`);
    expect(writes()).toHaveLength(0);
  });

  it('is done when the tagged volume is attached to the instance, and sends no write', async () => {
    describeVolumes([attached()]);

    const result = await volumeKind.check(stepContext(), input);

    expect(result).toEqual({
      done: true,
      outputs: { volumeId: VOLUME, sizeGiB: 1024, device: '/dev/sdf' },
      evidence: [`${VOLUME}: 1024 GiB gp3, encrypted, attached to ${INSTANCE} as /dev/sdf`],
    });
    expect(mocks.ec2.commandCalls(DescribeVolumesCommand)[0]!.args[0].input.Filters).toEqual([
      { Name: 'tag:runbook:id', Values: ['test-runbook'] },
      { Name: 'tag:Name', Values: ['node-01.example.com'] },
      { Name: 'tag:runbook:step', Values: ['step-under-test'] },
    ]);
    expect(writes()).toHaveLength(0);
  });

  it('creates an encrypted gp3 volume with a ClientToken and tags, waits until available, attaches it and waits until attached', async () => {
    describeVolumes([], [awsError('InvalidVolume.NotFound'), volume({ State: 'creating' }), volume(), attached('attaching'), attached()]);
    mocks.ec2.on(CreateVolumeCommand).resolves({ VolumeId: VOLUME });
    mocks.ec2.on(AttachVolumeCommand).resolves({ State: 'attaching' });
    const ctx = stepContext();

    const result = await volumeKind.check(ctx, input);
    expect(result).toMatchObject({ done: false, reason: 'No data volume named node-01.example.com yet.' });
    if (result.done) return;
    const plan = volumeKind.plan(input, result.found, ctx);
    expect(plan.map((c) => c.operation)).toEqual(['CreateVolume', 'AttachVolume']);
    expect(plan[0]!.input).toMatchObject({ TagSpecifications: [{ ResourceType: 'volume', Tags: ctx.tags('node-01.example.com') }] });

    const outputs = await volumeKind.apply!(ctx, input, result.found);

    expect(outputs).toEqual({ volumeId: VOLUME, sizeGiB: 1024, device: '/dev/sdf' });
    const create = mocks.ec2.commandCalls(CreateVolumeCommand)[0]!.args[0].input;
    expect(create).toMatchObject({ AvailabilityZone: 'us-east-1a', Size: 1024, VolumeType: 'gp3', Encrypted: true, ClientToken: ctx.token() });
    expect(create.TagSpecifications?.[0]).toMatchObject({ ResourceType: 'volume', Tags: expect.arrayContaining([{ Key: 'Name', Value: 'node-01.example.com' }, { Key: 'runbook:step', Value: 'step-under-test' }]) });
    expect(mocks.ec2.commandCalls(AttachVolumeCommand).map((c) => c.args[0].input)).toEqual([{ VolumeId: VOLUME, InstanceId: INSTANCE, Device: '/dev/sdf' }]);
    // Attached only once the volume was available.
    expect(ctx.progressLines.some((l) => l.includes('to be available: creating'))).toBe(true);
  });

  it('attaches a volume a previous run created, without creating another', async () => {
    describeVolumes([volume()], [volume(), attached()]);
    mocks.ec2.on(AttachVolumeCommand).resolves({});
    const ctx = stepContext();

    const result = await volumeKind.check(ctx, input);
    expect(result).toMatchObject({ done: false, reason: `Volume ${VOLUME} is available, not attached to ${INSTANCE}.` });
    if (result.done) return;
    expect(volumeKind.plan(input, result.found).map((c) => c.operation)).toEqual(['AttachVolume']);
    await volumeKind.apply!(ctx, input, result.found);

    expect(mocks.ec2.commandCalls(CreateVolumeCommand)).toHaveLength(0);
    expect(mocks.ec2.commandCalls(AttachVolumeCommand)).toHaveLength(1);
  });

  it.each([
    ['unencrypted', volume({ Encrypted: false }), /is not encrypted, and EBS cannot encrypt a volume in place/],
    ['smaller than asked', volume({ Size: 512 }), /has 512 GiB, less than 1024 GiB: grow it with the lamp-ebs-expand runbook/],
    ['in another zone', volume({ AvailabilityZone: 'us-east-1b' }), /is in us-east-1b, the instance in us-east-1a/],
    ['attached to another instance', volume({ Attachments: [{ InstanceId: 'i-0other00000000000', State: 'attached' }] }), /is attached to i-0other00000000000/],
  ])('refuses an existing volume that is %s, and changes nothing', async (_what, found, message) => {
    describeVolumes([found]);
    await expect(volumeKind.check(stepContext(), input)).rejects.toThrow(VolumeConflictError);
    await expect(volumeKind.check(stepContext(), input)).rejects.toThrow(message);
    expect(writes()).toHaveLength(0);
  });

  it('passes AWS errors on', async () => {
    describeVolumes([]);
    const denied = awsError('UnauthorizedOperation', 'not authorized to perform ec2:CreateVolume', 403);
    mocks.ec2.on(CreateVolumeCommand).rejects(denied);
    await expect(volumeKind.apply!(stepContext(), input, undefined)).rejects.toBe(denied);
    expect(mocks.ec2.commandCalls(AttachVolumeCommand)).toHaveLength(0);
  });
});
