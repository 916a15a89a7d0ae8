import { CopyImageCommand, CreateTagsCommand, DeleteSnapshotCommand, DeregisterImageCommand, DescribeImagesCommand, type DescribeImagesCommandInput, type EC2Client } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { imageCopyKind, type ImageCopyInput } from '../../../src/steps/ec2/image-copy.js';
import { imageCopyUndo } from '../../../src/steps/ec2/image-copy-undo.js';
import { imageCopy } from '../../../src/steps/ec2/index.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

// The test context's session is in us-east-1, the image's own region.
const input: ImageCopyInput = { sourceImageId: 'ami-0source00000000001', sourceRegion: 'us-east-1', regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'], name: 'qis-1' };
const SOURCE_TAG = { Key: 'runbook:source-image', Value: 'us-east-1/ami-0source00000000001' };
const copyOf = (region: string, State: 'available' | 'pending', tagged = true) => ({ ImageId: `ami-0${region.replace(/-/g, '')}`.slice(0, 21), Name: 'qis-1', State, Tags: tagged ? [SOURCE_TAG] : [] });

/** The region each call of a command was sent to. */
async function regionsOf(command: typeof CopyImageCommand | typeof DescribeImagesCommand | typeof DeregisterImageCommand): Promise<string[]> {
  return Promise.all(mocks.ec2.commandCalls(command as typeof CopyImageCommand).map((c) => (c.thisValue as EC2Client).config.region()));
}

describe('ec2.imageCopy', () => {
  beforeEach(resetMocks);

  it('is done when every other region has an available copy found by its tags, and copies nothing', async () => {
    mocks.ec2.on(DescribeImagesCommand).callsFake(async (_req: unknown, client: () => EC2Client) => {
      return { Images: [copyOf(await client().config.region(), 'available')] };
    });
    const result = await imageCopyKind.check(stepContext(), input);
    expect(result).toMatchObject({ done: true, outputs: { imageIds: { 'us-east-1': input.sourceImageId, 'eu-west-1': expect.stringMatching(/^ami-0euwest1/), 'ap-southeast-2': expect.stringMatching(/^ami-0apsoutheast2/) } } });
    expect(mocks.ec2).toHaveReceivedCommandWith(DescribeImagesCommand, {
      Owners: ['self'],
      Filters: [
        { Name: 'tag:runbook:id', Values: ['test-runbook'] },
        { Name: 'tag:runbook:source-image', Values: ['us-east-1/ami-0source00000000001'] },
      ],
    });
    expect((await regionsOf(DescribeImagesCommand)).sort()).toEqual(['ap-southeast-2', 'eu-west-1']);
    expect(mocks.ec2).not.toHaveReceivedCommand(CopyImageCommand);
    expect(imageCopy('x', { covers: '1' } as never).mutating).toBe(true);
    // A parameter gives the regions comma-separated.
    expect(await imageCopyKind.check(stepContext(), { ...input, regions: 'us-east-1, eu-west-1,ap-southeast-2' })).toEqual(result);
  });

  it('pulls each copy from its destination region, encrypted, with a token per region and tags, then waits for each', async () => {
    const copied = new Set<string>();
    mocks.ec2.on(DescribeImagesCommand).callsFake(async (req: DescribeImagesCommandInput, client: () => EC2Client) => {
      const region = await client().config.region();
      if (req.Filters) return { Images: [] };
      return { Images: [copyOf(region, copied.has(region) ? 'available' : 'pending')] };
    });
    mocks.ec2.on(CopyImageCommand).callsFake(async (_req: unknown, client: () => EC2Client) => {
      const region = await client().config.region();
      copied.add(region);
      return { ImageId: copyOf(region, 'pending').ImageId };
    });
    const ctx = stepContext();
    const result = await imageCopyKind.check(ctx, input);
    if (result.done) throw new Error('expected not done');
    const plan = imageCopyKind.plan(input, result.found, ctx);
    expect(plan.map((c) => c.note)).toEqual([
      'sent in eu-west-1, pulling from us-east-1; then waits until it is available',
      'sent in ap-southeast-2, pulling from us-east-1; then waits until it is available',
    ]);
    const outputs = await imageCopyKind.apply!(ctx, input, result.found);
    expect(Object.keys(outputs.imageIds)).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-2']);
    expect((await regionsOf(CopyImageCommand)).sort()).toEqual(['ap-southeast-2', 'eu-west-1']);
    const tags = [...ctx.tags('qis-1'), SOURCE_TAG];
    expect(mocks.ec2).toHaveReceivedCommandWith(CopyImageCommand, {
      SourceImageId: input.sourceImageId,
      SourceRegion: 'us-east-1',
      Name: 'qis-1',
      Encrypted: true,
      ClientToken: 'token-step-under-testeu-west-1',
      TagSpecifications: [
        { ResourceType: 'image', Tags: tags },
        { ResourceType: 'snapshot', Tags: tags },
      ],
    });
    expect(mocks.ec2).not.toHaveReceivedCommand(CreateTagsCommand);
  });

  it('waits for a copy a crashed run started, and tags a copy the endpoint left untagged', async () => {
    mocks.ec2.on(DescribeImagesCommand).callsFake(async (req: DescribeImagesCommandInput, client: () => EC2Client) => {
      const region = await client().config.region();
      return { Images: [copyOf(region, req.Filters ? 'pending' : 'available', false)] };
    });
    const ctx = stepContext();
    const result = await imageCopyKind.check(ctx, { ...input, regions: ['eu-west-1'] });
    if (result.done) throw new Error('expected not done');
    expect(imageCopyKind.plan({ ...input, regions: ['eu-west-1'] }, result.found, ctx)).toEqual([]);
    await imageCopyKind.apply!(ctx, { ...input, regions: ['eu-west-1'] }, result.found);
    expect(mocks.ec2).not.toHaveReceivedCommand(CopyImageCommand);
    expect(mocks.ec2).toHaveReceivedCommandWith(CreateTagsCommand, { Resources: [copyOf('eu-west-1', 'pending').ImageId], Tags: [...ctx.tags('qis-1'), SOURCE_TAG] });
  });

  it('fails on a failed copy, refuses two copies, and lets an AWS error through', async () => {
    mocks.ec2.on(DescribeImagesCommand).resolves({ Images: [{ ImageId: 'ami-0a', State: 'pending' }, { ImageId: 'ami-0b', State: 'pending' }] });
    await expect(imageCopyKind.check(stepContext(), input)).rejects.toThrow(/Found 2 copies of ami-0source00000000001 in eu-west-1 \(ami-0a, ami-0b\)/);
    resetMocks();
    mocks.ec2.on(DescribeImagesCommand).resolves({ Images: [{ ImageId: 'ami-0a', State: 'failed', StateReason: { Message: 'snapshot copy failed' } }] });
    mocks.ec2.on(CopyImageCommand).resolves({ ImageId: 'ami-0a' });
    await expect(imageCopyKind.apply!(stepContext(), { ...input, regions: ['eu-west-1'] }, { copies: {} })).rejects.toThrow(/snapshot copy failed/);
    resetMocks();
    mocks.ec2.on(CopyImageCommand).rejects(awsError('InvalidAMIName.Duplicate', 'AMI name qis-1 is already in use by AMI ami-0other'));
    await expect(imageCopyKind.apply!(stepContext(), { ...input, regions: ['eu-west-1'] }, { copies: {} })).rejects.toMatchObject({ name: 'InvalidAMIName.Duplicate' });
    await expect(imageCopyKind.check(stepContext(), { ...input, name: 'q' })).rejects.toThrow(/is not one EC2 accepts/);
  });

  it('undo: finds the copies the run made in each region by its tags, and removes each in its region', async () => {
    mocks.ec2.on(DescribeImagesCommand).callsFake(async (req: DescribeImagesCommandInput, client: () => EC2Client) => {
      const region = await client().config.region();
      if (req.ImageIds) return { Images: [] };
      const Tags = [{ Key: 'runbook:run-id', Value: 'test-run-0001' }];
      return { Images: [{ ImageId: `ami-0${region === 'eu-west-1' ? 'eu' : 'ap'}`, Name: 'qis-1', Tags, BlockDeviceMappings: [{ Ebs: { SnapshotId: `snap-${region}` } }] }] };
    });
    const ctx = stepContext();
    const found = await imageCopyUndo.find(ctx, { input, outputs: {}, status: 'failed' });
    expect(found.map((r) => [r.id, r.madeByRun, r.details])).toEqual([
      ['ami-0eu', true, { region: 'eu-west-1', snapshotIds: ['snap-eu-west-1'] }],
      ['ami-0ap', true, { region: 'ap-southeast-2', snapshotIds: ['snap-ap-southeast-2'] }],
    ]);
    expect(mocks.ec2).toHaveReceivedCommandWith(DescribeImagesCommand, { Owners: ['self'], Filters: [{ Name: 'tag:runbook:run-id', Values: ['test-run-0001'] }, { Name: 'tag:runbook:step', Values: ['step-under-test'] }] });
    expect(imageCopyUndo.plan(found[0]!, { snapshotFirst: false }).map((c) => [c.operation, c.note])).toEqual([
      ['DeregisterImage', 'in eu-west-1'],
      ['DeleteSnapshot', 'in eu-west-1'],
    ]);
    mocks.ec2.on(DescribeImagesCommand).resolves({ Images: [{ ImageId: 'ami-0eu' }] });
    await imageCopyUndo.remove(ctx, found[0]!, { snapshotFirst: false });
    expect(await regionsOf(DeregisterImageCommand)).toEqual(['eu-west-1']);
    expect(mocks.ec2).toHaveReceivedCommandWith(DeleteSnapshotCommand, { SnapshotId: 'snap-eu-west-1' });
  });
});
