/** ec2.image, its undo, and ec2.terminateInstance on aws-sdk-client-mock: already done, needs apply, an AWS error. */
import {
  CreateImageCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  TerminateInstancesCommand,
  type DescribeImagesCommandInput,
} from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { imageKind } from '../../../src/steps/ec2/image.js';
import { imageAvailableKind } from '../../../src/steps/ec2/image-available.js';
import { imageUndo } from '../../../src/steps/ec2/image-undo.js';
import { terminateInstanceKind } from '../../../src/steps/ec2/terminate-instance.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const input = { instanceId: 'i-0build', name: 'aq-web-v1.0.1-1' };
const MINE = [{ Key: 'runbook:run-id', Value: 'test-run-0001' }];
const image = (State: 'available' | 'pending', Tags = MINE) => ({ ImageId: 'ami-0new', Name: input.name, State, Tags, BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { SnapshotId: 'snap-0root' } }] });

describe('ec2.image', () => {
  beforeEach(resetMocks);

  it('without waiting: done once EC2 has the image, pending or not, and a new one is not waited for', async () => {
    const noWait = { ...input, waitUntilAvailable: false };
    mocks.ec2.on(DescribeImagesCommand).resolvesOnce({ Images: [image('pending')] }).resolves({ Images: [] });
    expect(await imageKind.check(stepContext(), noWait)).toMatchObject({ done: true, outputs: { imageId: 'ami-0new', name: input.name } });
    mocks.ec2.on(CreateImageCommand).resolves({ ImageId: 'ami-0new' });
    const ctx = stepContext();
    const result = await imageKind.check(ctx, noWait);
    if (result.done) throw new Error('expected not done');
    expect(await imageKind.apply!(ctx, noWait, result.found)).toEqual({ imageId: 'ami-0new', name: input.name, snapshotIds: [] });
    expect(mocks.ec2).toHaveReceivedCommandTimes(DescribeImagesCommand, 2);
  });

  it('ec2.imageAvailable waits, reading only, until the image is available, and says why when it failed', async () => {
    mocks.ec2.on(DescribeImagesCommand).resolvesOnce({ Images: [image('pending')] }).resolves({ Images: [image('available')] });
    expect(await imageAvailableKind.check(stepContext(), { imageId: 'ami-0new', name: input.name })).toMatchObject({ done: true, outputs: { imageId: 'ami-0new', snapshotIds: ['snap-0root'] } });
    expect(mocks.ec2).not.toHaveReceivedCommand(CreateImageCommand);
    mocks.ec2.on(DescribeImagesCommand).resolves({ Images: [{ ...image('available'), State: 'failed', StateReason: { Message: 'snapshot failed' } }] });
    await expect(imageAvailableKind.check(stepContext(), { imageId: 'ami-0new', name: input.name })).rejects.toThrow(/snapshot failed/);
    mocks.ec2.on(DescribeImagesCommand).rejects(awsError('UnauthorizedOperation', 'not authorized', 403));
    await expect(imageAvailableKind.check(stepContext(), { imageId: 'ami-0new', name: input.name })).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });

  it('is done when an available image has the name (an image name is unique in the region)', async () => {
    mocks.ec2.on(DescribeImagesCommand).resolves({ Images: [image('available')] });
    expect(await imageKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { imageId: 'ami-0new', name: input.name, snapshotIds: ['snap-0root'] } });
    expect(mocks.ec2).toHaveReceivedCommandWith(DescribeImagesCommand, { Owners: ['self'], Filters: [{ Name: 'name', Values: [input.name] }] });
  });

  it('creates the image, tagged with its snapshots, and waits until it is available; a pending one is waited for, not made twice', async () => {
    mocks.ec2.on(DescribeImagesCommand).callsFake(async (req: DescribeImagesCommandInput) => (req.Filters ? { Images: [] } : { Images: [image('available')] }));
    mocks.ec2.on(CreateImageCommand).resolves({ ImageId: 'ami-0new' });
    const ctx = stepContext();
    const result = await imageKind.check(ctx, input);
    if (result.done) throw new Error('expected not done');
    expect(await imageKind.apply!(ctx, input, result.found)).toEqual({ imageId: 'ami-0new', name: input.name, snapshotIds: ['snap-0root'] });
    expect(mocks.ec2).toHaveReceivedCommandWith(CreateImageCommand, {
      InstanceId: 'i-0build',
      Name: input.name,
      NoReboot: false,
      TagSpecifications: [
        { ResourceType: 'image', Tags: ctx.tags(input.name) },
        { ResourceType: 'snapshot', Tags: ctx.tags(input.name) },
      ],
    });
    resetMocks();
    mocks.ec2.on(DescribeImagesCommand).resolvesOnce({ Images: [image('pending')] }).resolves({ Images: [image('available')] });
    const pending = await imageKind.check(ctx, input);
    if (pending.done) throw new Error('expected not done');
    expect(imageKind.plan(input, pending.found, ctx)).toEqual([]);
    await imageKind.apply!(ctx, input, pending.found);
    expect(mocks.ec2).not.toHaveReceivedCommand(CreateImageCommand);
  });

  it('refuses a name EC2 would refuse before any call, and lets CreateImage errors through by name', async () => {
    await expect(imageKind.check(stepContext(), { ...input, name: 'a*b' })).rejects.toThrow(/not one EC2 accepts/);
    expect(mocks.ec2).not.toHaveReceivedCommand(DescribeImagesCommand);
    mocks.ec2.on(CreateImageCommand).rejects(awsError('IncorrectInstanceState', 'The instance is not in a state from which it can be imaged.'));
    await expect(imageKind.apply!(stepContext(), input, {})).rejects.toMatchObject({ name: 'IncorrectInstanceState' });
  });
});

describe('ec2.image undo', () => {
  beforeEach(resetMocks);

  it('deregisters the image the run made, then deletes its snapshots; keeps one it did not make', async () => {
    mocks.ec2.on(DescribeImagesCommand).resolves({ Images: [image('available')] });
    const ctx = stepContext();
    const [found] = await imageUndo.find(ctx, { input, outputs: { imageId: 'ami-0new' }, status: 'changed' });
    expect(found).toMatchObject({ type: 'ec2:image', id: 'ami-0new', madeByRun: true });
    expect(imageUndo.plan(found!, { snapshotFirst: false }).map((c) => c.operation)).toEqual(['DeregisterImage', 'DeleteSnapshot']);
    await imageUndo.remove(ctx, found!, { snapshotFirst: false });
    expect(mocks.ec2).toHaveReceivedCommandWith(DeregisterImageCommand, { ImageId: 'ami-0new' });
    expect(mocks.ec2).toHaveReceivedCommandWith(DeleteSnapshotCommand, { SnapshotId: 'snap-0root' });

    resetMocks();
    mocks.ec2.on(DescribeImagesCommand).resolves({ Images: [image('available', [{ Key: 'runbook:run-id', Value: 'older-run' }])] });
    expect((await imageUndo.find(ctx, { input, outputs: {}, status: 'ok' }))[0]).toMatchObject({ madeByRun: false, note: expect.stringContaining('older-run') });
  });

  it('finds nothing when the image is gone, and passes on an AWS error', async () => {
    mocks.ec2.on(DescribeImagesCommand).rejects(awsError('InvalidAMIID.NotFound', "The image id '[ami-0new]' does not exist"));
    expect(await imageUndo.find(stepContext(), { input, outputs: { imageId: 'ami-0new' }, status: 'changed' })).toEqual([]);
    resetMocks();
    mocks.ec2.on(DescribeImagesCommand).resolves({ Images: [image('available')] });
    mocks.ec2.on(DeregisterImageCommand).rejects(awsError('AuthFailure', 'Not authorized for image:ami-0new'));
    await expect(imageUndo.remove(stepContext(), { type: 'ec2:image', id: 'ami-0new', madeByRun: true, details: { snapshotIds: [] } }, { snapshotFirst: false })).rejects.toMatchObject({ name: 'AuthFailure' });
  });
});

describe('ec2.terminateInstance', () => {
  beforeEach(resetMocks);
  const at = (Name: 'running' | 'terminated') => ({ Reservations: [{ Instances: [{ InstanceId: 'i-0build', State: { Name } }] }] });

  it('is done when the instance is terminated or gone', async () => {
    mocks.ec2.on(DescribeInstancesCommand).resolves(at('terminated'));
    expect(await terminateInstanceKind.check(stepContext(), { instanceId: 'i-0build' })).toMatchObject({ done: true });
    mocks.ec2.on(DescribeInstancesCommand).rejects(awsError('InvalidInstanceID.NotFound', "The instance ID 'i-0build' does not exist"));
    expect(await terminateInstanceKind.check(stepContext(), { instanceId: 'i-0build' })).toMatchObject({ done: true, evidence: ['i-0build is gone'] });
  });

  it('terminates and waits; refuses an instance with termination protection, with what to do', async () => {
    mocks.ec2.on(DescribeInstancesCommand).resolvesOnce(at('running')).resolves(at('terminated'));
    mocks.ec2.on(DescribeInstanceAttributeCommand).resolves({ DisableApiTermination: { Value: false } });
    mocks.ec2.on(TerminateInstancesCommand).resolves({});
    const ctx = stepContext();
    expect(await terminateInstanceKind.check(ctx, { instanceId: 'i-0build' })).toMatchObject({ done: false });
    expect(await terminateInstanceKind.apply!(ctx, { instanceId: 'i-0build' }, undefined)).toEqual({ instanceId: 'i-0build', state: 'terminated' });
    expect(mocks.ec2).toHaveReceivedCommandWith(TerminateInstancesCommand, { InstanceIds: ['i-0build'] });
    mocks.ec2.on(DescribeInstanceAttributeCommand).resolves({ DisableApiTermination: { Value: true } });
    await expect(terminateInstanceKind.apply!(ctx, { instanceId: 'i-0build' }, undefined)).rejects.toThrow(/termination protection/);
  });
});
