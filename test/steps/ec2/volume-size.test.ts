import { DescribeVolumesCommand, DescribeVolumesModificationsCommand, ModifyVolumeCommand, type VolumeModification } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { VolumeSizeError, volumeSizeKind, type VolumeSizeInput } from '../../../src/steps/ec2/volume-size.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const VOLUME = 'vol-0abc0000000000001';
const input: VolumeSizeInput = { volumeId: VOLUME, sizeGiB: 2048 };

const modification = (state: string, target = 2048): VolumeModification => ({ VolumeId: VOLUME, ModificationState: state as 'modifying', OriginalSize: 1024, TargetSize: target, Progress: 10 });

function answers(size: number, modifications: (VolumeModification | undefined)[]): void {
  mocks.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: VOLUME, Size: size }] });
  let n = 0;
  mocks.ec2.on(DescribeVolumesModificationsCommand).callsFake(async () => {
    const m = modifications[Math.min(n++, modifications.length - 1)];
    if (!m) throw awsError('InvalidVolumeModification.NotFound', `Modification for volume '${VOLUME}' does not exist.`);
    return { VolumesModifications: [m] };
  });
}

describe('ec2.volumeSize', () => {
  beforeEach(resetMocks);

  it('is done when the volume has the size, and sends nothing', async () => {
    answers(2048, [modification('optimizing')]);
    const result = await volumeSizeKind.check(stepContext(), input);
    expect(result).toEqual({ done: true, outputs: { volumeId: VOLUME, sizeGiB: 2048 }, evidence: [`${VOLUME}: 2048 GiB, last modification 1024 -> 2048 GiB optimizing`] });
    expect(mocks.ec2.commandCalls(ModifyVolumeCommand)).toHaveLength(0);
  });

  it('modifies a smaller volume (never modified before) and waits until the modification is optimizing', async () => {
    answers(1024, [undefined, undefined, modification('modifying'), modification('modifying'), modification('optimizing')]);
    mocks.ec2.on(ModifyVolumeCommand).resolves({ VolumeModification: modification('modifying') });
    const ctx = stepContext();

    const result = await volumeSizeKind.check(ctx, input);
    expect(result).toMatchObject({ done: false, reason: `Volume ${VOLUME} has 1024 GiB, not 2048 GiB.` });
    if (result.done) return;
    expect(volumeSizeKind.plan(input, result.found)).toEqual([expect.objectContaining({ operation: 'ModifyVolume', input: { VolumeId: VOLUME, Size: 2048 } })]);

    await expect(volumeSizeKind.apply!(ctx, input, result.found)).resolves.toEqual({ volumeId: VOLUME, sizeGiB: 2048 });
    expect(mocks.ec2.commandCalls(ModifyVolumeCommand).map((c) => c.args[0].input)).toEqual([{ VolumeId: VOLUME, Size: 2048 }]);
    expect(ctx.progressLines.some((l) => l.includes('modifying 10%'))).toBe(true);
  });

  it('only waits when a modification to this size is already under way (a resume), and never modifies again', async () => {
    answers(1024, [modification('modifying'), modification('optimizing')]);
    const ctx = stepContext();
    const result = await volumeSizeKind.check(ctx, input);
    expect(result).toMatchObject({ done: false, found: { inProgress: true } });
    if (result.done) return;
    expect(volumeSizeKind.plan(input, result.found)).toEqual([]);
    await volumeSizeKind.apply!(ctx, input, result.found);
    expect(mocks.ec2.commandCalls(ModifyVolumeCommand)).toHaveLength(0);
  });

  it('refuses to shrink, and a new size while another modification is under way, before any change', async () => {
    answers(4096, [undefined]);
    await expect(volumeSizeKind.check(stepContext(), input)).rejects.toThrow(new VolumeSizeError(`Volume ${VOLUME} has 4096 GiB; an EBS volume cannot shrink, so the new size must be larger than 4096 GiB.`));
    resetMocks();
    answers(1024, [modification('optimizing', 1500)]);
    await expect(volumeSizeKind.check(stepContext(), input)).rejects.toThrow(/is being modified to 1500 GiB \(optimizing\)/);
    expect(mocks.ec2.commandCalls(ModifyVolumeCommand)).toHaveLength(0);
  });

  it('sends no second ModifyVolume when EC2 already took the size (a resume after a crash right after the first)', async () => {
    answers(2048, [modification('optimizing')]);
    mocks.ec2.on(ModifyVolumeCommand).rejects(awsError('IncorrectModificationState', 'a modification is optimizing'));
    await expect(volumeSizeKind.apply!(stepContext(), input, { inProgress: false })).resolves.toEqual({ volumeId: VOLUME, sizeGiB: 2048 });
    expect(mocks.ec2.commandCalls(ModifyVolumeCommand)).toHaveLength(0);
  });

  it('fails the wait when the modification fails, and passes AWS errors on', async () => {
    answers(1024, [undefined, undefined, { ...modification('failed'), StatusMessage: 'internal error' }]);
    mocks.ec2.on(ModifyVolumeCommand).resolves({});
    await expect(volumeSizeKind.apply!(stepContext(), input, { inProgress: false })).rejects.toThrow(/the modification failed: internal error/);

    resetMocks();
    answers(1024, [undefined]);
    const limit = awsError('VolumeModificationRateExceeded', 'wait at least 6 hours between modifications');
    mocks.ec2.on(ModifyVolumeCommand).rejects(limit);
    await expect(volumeSizeKind.apply!(stepContext(), input, { inProgress: false })).rejects.toBe(limit);
  });
});
