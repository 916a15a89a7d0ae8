import { DescribeImagesCommand, DescribeInstancesCommand } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { builtImageKind, type BuiltImageInput } from '../../../src/steps/ec2/built-image.js';
import { builtImage } from '../../../src/steps/ec2/index.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const input: BuiltImageInput = { name: 'qis-1', builderName: 'qis-ami-builder' };
const OURS = [{ Key: 'runbook:id', Value: 'test-runbook' }];

function world(image: { State: 'available' | 'pending'; Tags?: { Key: string; Value: string }[] } | undefined, builders: string[]): void {
  mocks.ec2.on(DescribeImagesCommand).resolves({ Images: image ? [{ ImageId: 'ami-0qis', Name: 'qis-1', Tags: OURS, ...image }] : [] });
  mocks.ec2.on(DescribeInstancesCommand).resolves({ Reservations: builders.length ? [{ Instances: builders.map((InstanceId) => ({ InstanceId })) }] : [] });
}

describe('ec2.builtImage', () => {
  beforeEach(resetMocks);

  it('says build while there is no image, reading only, and finds the builder by this runbook\'s tags', async () => {
    world(undefined, []);
    expect(await builtImageKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { imageId: '', build: true }, evidence: ['no image named qis-1', 'no builder qis-ami-builder is alive'] });
    expect(mocks.ec2).toHaveReceivedCommandWith(DescribeImagesCommand, { Owners: ['self'], Filters: [{ Name: 'name', Values: ['qis-1'] }] });
    expect(mocks.ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, {
      Filters: [
        { Name: 'tag:runbook:id', Values: ['test-runbook'] },
        { Name: 'tag:Name', Values: ['qis-ami-builder'] },
        { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
      ],
    });
    expect(builtImage('x', { covers: '1' } as never).mutating).toBe(false);
    expect(builtImageKind.plan(input, undefined)).toEqual([]);
  });

  it('is built once the image is available and no builder is alive; a pending image or a live builder means build (a resume finishes it)', async () => {
    world({ State: 'available' }, []);
    expect(await builtImageKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { imageId: 'ami-0qis', build: false } });
    resetMocks();
    world({ State: 'available' }, ['i-0builder']);
    expect(await builtImageKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { imageId: '', build: true } });
    resetMocks();
    world({ State: 'pending' }, ['i-0builder']);
    expect(await builtImageKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { imageId: '', build: true } });
  });

  it('to the run that made it, the image stays to build, so its resume decides as its start did; required, it is built', async () => {
    world({ State: 'available', Tags: [...OURS, { Key: 'runbook:run-id', Value: 'test-run-0001' }] }, []);
    expect(await builtImageKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { imageId: '', build: true } });
    expect(await builtImageKind.check(stepContext(), { ...input, required: true })).toMatchObject({ done: true, outputs: { imageId: 'ami-0qis', build: false } });
  });

  it('required: fails while the build is not over', async () => {
    world({ State: 'available' }, ['i-0builder']);
    expect(await builtImageKind.check(stepContext(), { ...input, required: true })).toMatchObject({ done: false, reason: 'The build of qis-1 is not over: image ami-0qis qis-1 is available; builder i-0builder is alive.' });
  });

  it('refuses an image of that name it did not make, and lets an AWS error through', async () => {
    world({ State: 'available', Tags: [] }, []);
    await expect(builtImageKind.check(stepContext(), input)).rejects.toThrow('An image named qis-1 (ami-0qis) exists that runbook test-runbook did not make: choose another imageName, or deregister it.');
    resetMocks();
    mocks.ec2.on(DescribeImagesCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    await expect(builtImageKind.check(stepContext(), input)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });
});
