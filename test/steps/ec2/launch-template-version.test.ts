import { CreateLaunchTemplateVersionCommand, DeleteLaunchTemplateVersionsCommand, DescribeLaunchTemplateVersionsCommand } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { launchTemplateVersionKind } from '../../../src/steps/ec2/launch-template-version.js';
import { launchTemplateVersionUndo } from '../../../src/steps/ec2/launch-template-version-undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const input = { launchTemplateId: 'lt-1', sourceVersion: '1', imageId: 'ami-new', name: 'aq-web-v1.0.2-1' };
const versions = (...vs: { VersionNumber: number; ImageId: string; VersionDescription?: string }[]) => ({
  LaunchTemplateVersions: vs.map(({ ImageId, ...v }) => ({ ...v, LaunchTemplateId: 'lt-1', LaunchTemplateData: { ImageId } })),
});

describe('ec2.launchTemplateVersion', () => {
  beforeEach(resetMocks);

  it('is done when a version already launches the image', async () => {
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves(versions({ VersionNumber: 1, ImageId: 'ami-old' }, { VersionNumber: 2, ImageId: 'ami-new' }));
    expect(await launchTemplateVersionKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { launchTemplateId: 'lt-1', version: '2' } });
  });

  it('makes a copy of the source version with the new image, a ClientToken and the run in its description; the default is left alone', async () => {
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves(versions({ VersionNumber: 1, ImageId: 'ami-old' }));
    mocks.ec2.on(CreateLaunchTemplateVersionCommand).resolves({ LaunchTemplateVersion: { VersionNumber: 2 } });
    const ctx = stepContext();
    const found = await launchTemplateVersionKind.check(ctx, input);
    expect(found.done).toBe(false);
    expect(launchTemplateVersionKind.plan(input, undefined, ctx).map((c) => c.operation)).toEqual(['CreateLaunchTemplateVersion']);
    expect(await launchTemplateVersionKind.apply!(ctx, input, undefined)).toEqual({ launchTemplateId: 'lt-1', version: '2' });
    expect(mocks.ec2).toHaveReceivedCommandWith(CreateLaunchTemplateVersionCommand, {
      LaunchTemplateId: 'lt-1',
      SourceVersion: '1',
      LaunchTemplateData: expect.objectContaining({ ImageId: 'ami-new' }),
      VersionDescription: `made by runbook run ${ctx.runId}, a copy of version 1`,
      ClientToken: ctx.token(),
    });
  });

  it('lets AWS errors through by name', async () => {
    mocks.ec2.on(CreateLaunchTemplateVersionCommand).rejects(awsError('VersionLimitExceeded', 'too many versions'));
    await expect(launchTemplateVersionKind.apply!(stepContext(), input, undefined)).rejects.toMatchObject({ name: 'VersionLimitExceeded' });
  });

  it('undo: deletes only the version this run made', async () => {
    const ctx = stepContext();
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves(versions({ VersionNumber: 2, ImageId: 'ami-new', VersionDescription: `made by runbook run ${ctx.runId}, a copy of version 1` }, { VersionNumber: 3, ImageId: 'ami-new', VersionDescription: 'by hand' }));
    mocks.ec2.on(DeleteLaunchTemplateVersionsCommand).resolves({ SuccessfullyDeletedLaunchTemplateVersions: [{ LaunchTemplateId: 'lt-1', VersionNumber: 2 }] });
    const made = await launchTemplateVersionUndo.find(ctx, { input, outputs: {}, status: 'changed' });
    expect(made.map((m) => [m.id, m.madeByRun])).toEqual([['lt-1:2', true], ['lt-1:3', false]]);
    await launchTemplateVersionUndo.remove(ctx, made[0]!, { snapshotFirst: false });
    expect(mocks.ec2).toHaveReceivedCommandWith(DeleteLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-1', Versions: ['2'] });
  });

  it('undo: a version AWS refuses to delete fails with its reason; one already gone is done', async () => {
    const resource = { type: 'ec2:launch-template-version', id: 'lt-1:2', madeByRun: true };
    mocks.ec2.on(DeleteLaunchTemplateVersionsCommand).resolvesOnce({ UnsuccessfullyDeletedLaunchTemplateVersions: [{ VersionNumber: 2, ResponseError: { Code: 'launchTemplateVersionDoesNotExist', Message: 'gone' } }] }).resolves({
      UnsuccessfullyDeletedLaunchTemplateVersions: [{ VersionNumber: 2, ResponseError: { Code: 'unexpectedError', Message: 'the default version' } }],
    });
    await launchTemplateVersionUndo.remove(stepContext(), resource, { snapshotFirst: false });
    await expect(launchTemplateVersionUndo.remove(stepContext(), resource, { snapshotFirst: false })).rejects.toThrow(/unexpectedError \(the default version\)/);
  });
});
