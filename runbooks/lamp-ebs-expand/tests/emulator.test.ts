/**
 * lamp-ebs-expand against moto, on a node lamp-swarm-node launched there:
 * finding the node and its data volume and growing the volume are proven;
 * the file system step stops with one sentence, because moto answers every
 * Run Command Success without running anything (the script's start line is
 * missing), where a trusting probe would have said "already grown". A node
 * without a data volume stops at the volume, and the resume continues once
 * one is attached.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DescribeVolumesCommand, DescribeVolumesModificationsCommand } from '../../../src/aws/sdk/ec2.js';
import { tempStateDir } from '../../../test/helpers/cli.js';
import { motoClients, runOnMoto, statuses, writesSent, type MotoClients, type RunOutcome } from '../../../test/emulator/cli.js';
import { motoAvailable, useMoto } from '../../../test/emulator/moto.js';
import { attachDataVolume, launchNode, NODE, type MotoNode } from '../../../test/emulator/node.js';

const RUN = ['run', 'lamp-ebs-expand', '--non-interactive', '--param', `instance=${NODE}`, '--param', 'sizeGiB=128'];
const NOT_RUN = /^SSM answered Success for lamp-ebs-expand\/filesystem-fills-device on i-[0-9a-f]+ \(command [0-9a-f-]+\), but the output lacks the line the script prints before anything else: the script did not run there \(http:\/\/127\.0\.0\.1:\d+ answers commands without running them\)\.$/;

describe.skipIf(!motoAvailable())('lamp-ebs-expand against moto', () => {
  const moto = useMoto();
  const dir = tempStateDir('expand-moto-');
  let aws: MotoClients;
  let node: MotoNode;
  let first: RunOutcome;

  beforeAll(async () => {
    aws = motoClients(moto.current);
    node = await launchNode(moto.current, aws);
  });

  it('stops at the data volume of a node that has none, and the resume continues once one is attached', async () => {
    const failed = await runOnMoto(moto.current, dir, RUN);
    expect(failed.code).toBe(1);
    expect(failed.step('find-instance')).toMatchObject({ status: 'ok', outputs: { instanceId: node.instanceId, rootDeviceName: '/dev/xvda' } });
    expect(failed.step('data-volume').error?.message).toBe(`Instance ${node.instanceId} has no volume attached besides its root device /dev/xvda.`);
    expect(writesSent(failed.state)).toEqual([]);

    const volumeId = await attachDataVolume(aws, node);
    first = await runOnMoto(moto.current, dir, ['resume', failed.runId, '--non-interactive']);
    expect(first.step('data-volume')).toMatchObject({ status: 'ok', outputs: { volumeId, device: '/dev/sdf' } });
  });

  it('grows the volume on moto, then stops at the file system with one sentence: moto ran nothing on the host', async () => {
    expect(first.code).toBe(1);
    expect(statuses(first.state)).toMatchObject({ 'find-instance': 'ok', 'data-volume': 'ok', 'grow-volume': 'changed', 'grow-filesystem': 'failed', 'filesystem-size': 'pending' });
    expect(first.step('grow-filesystem').error?.message).toMatch(NOT_RUN);
    const volumeId = String(first.step('data-volume').outputs.volumeId);
    const volume = (await aws.ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }))).Volumes![0]!;
    expect(volume).toMatchObject({ Size: 128, Encrypted: true, VolumeType: 'gp3' });
    const modification = (await aws.ec2.send(new DescribeVolumesModificationsCommand({ VolumeIds: [volumeId] }))).VolumesModifications!;
    expect(modification.map((m) => [m.OriginalSize, m.TargetSize])).toEqual([[64, 128]]);
  });

  it('a dry-run (with and without probes) and a second run send no write: the volume already has the size', async () => {
    const dry = await runOnMoto(moto.current, tempStateDir('expand-moto-dry-'), [...RUN, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(1);
    expect(writesSent(dry.state)).toEqual([]);
    expect(dry.step('grow-volume').status).toBe('ok');
    // With --no-probes, as a read-only role would run it, the dry-run goes through: the host steps are not checked.
    const readOnly = await runOnMoto(moto.current, tempStateDir('expand-moto-ro-'), [...RUN, '--dry-run', '--no-probes']);
    expect(readOnly.code, readOnly.stderr).toBe(0);
    expect(readOnly.step('grow-filesystem')).toMatchObject({ status: 'planned', reason: expect.stringMatching(/^Not checked/) });
    expect(writesSent(readOnly.state)).toEqual([]);
    const again = await runOnMoto(moto.current, dir, RUN);
    expect(writesSent(again.state)).toEqual([]);
    expect(statuses(again.state)).toMatchObject({ 'grow-volume': 'ok', 'grow-filesystem': 'failed' });
  });

  it('refuses a smaller size before any change', async () => {
    const smaller = await runOnMoto(moto.current, dir, ['run', 'lamp-ebs-expand', '--non-interactive', '--param', `instance=${NODE}`, '--param', 'sizeGiB=100']);
    expect(smaller.code).toBe(1);
    expect(smaller.step('grow-volume').error?.message).toMatch(/has 128 GiB; an EBS volume cannot shrink/);
    expect(writesSent(smaller.state)).toEqual([]);
  });
});
