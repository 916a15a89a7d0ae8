import { DescribeVolumesCommand, type Volume } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { attachedVolumeKind, DataVolumeNotFoundError } from '../../../src/steps/ec2/attached-volume.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const INSTANCE = 'i-0abc0000000000001';
const at = (id: string, device: string, size: number): Volume => ({ VolumeId: id, Size: size, VolumeType: 'gp3', Encrypted: true, Attachments: [{ InstanceId: INSTANCE, Device: device, State: 'attached' }] });
const root = at('vol-0000000000000root', '/dev/xvda', 20);
const data = at('vol-0000000000000data', '/dev/sdf', 1024);
const input = { instanceId: INSTANCE, rootDeviceName: '/dev/xvda' };

describe('ec2.attachedVolume', () => {
  beforeEach(resetMocks);

  it('finds the one volume attached besides the root device', async () => {
    mocks.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [root, data] });
    const result = await attachedVolumeKind.check(stepContext(), input);
    expect(result).toEqual({ done: true, outputs: { volumeId: 'vol-0000000000000data', device: '/dev/sdf' }, evidence: ['vol-0000000000000data: 1024 GiB gp3, encrypted, attached as /dev/sdf'] });
    expect(mocks.ec2.commandCalls(DescribeVolumesCommand)[0]!.args[0].input.Filters).toEqual([{ Name: 'attachment.instance-id', Values: [INSTANCE] }]);
  });

  it('asks for volumeId when there are several, and takes the one it names', async () => {
    const other = at('vol-000000000000other', '/dev/sdg', 64);
    mocks.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [root, data, other] });
    await expect(attachedVolumeKind.check(stepContext(), input)).rejects.toThrow(/has 2 data volumes \(vol-0000000000000data \(1024 GiB at \/dev\/sdf\), vol-000000000000other \(64 GiB at \/dev\/sdg\)\); choose one with volumeId/);
    await expect(attachedVolumeKind.check(stepContext(), { ...input, volumeId: 'vol-000000000000other' })).resolves.toMatchObject({ outputs: { volumeId: 'vol-000000000000other' } });
    await expect(attachedVolumeKind.check(stepContext(), { ...input, volumeId: 'vol-0000000000000root' })).rejects.toThrow(/is not a data volume of/);
  });

  it('fails when there is no data volume, and passes AWS errors on', async () => {
    mocks.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [root] });
    await expect(attachedVolumeKind.check(stepContext(), input)).rejects.toThrow(new DataVolumeNotFoundError(`Instance ${INSTANCE} has no volume attached besides its root device /dev/xvda.`));
    const denied = awsError('UnauthorizedOperation', 'ec2:DescribeVolumes', 403);
    mocks.ec2.on(DescribeVolumesCommand).rejects(denied);
    await expect(attachedVolumeKind.check(stepContext(), input)).rejects.toBe(denied);
  });
});
