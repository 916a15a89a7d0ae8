/**
 * A LAMP node on moto, for the runbooks that act on one (lamp-ebs-expand,
 * lamp-ssm-tunnel): lamp-swarm-node launches the instance (and stops at the
 * SSM agent, which moto never serves); the data volume it would attach next
 * is made here with the SDK, as that step would have made it.
 */
import { expect } from 'vitest';
import { AttachVolumeCommand, CreateVolumeCommand } from '../../src/aws/sdk/ec2.js';
import { tempStateDir } from '../helpers/cli.js';
import { instanceNamed } from './claims.js';
import { runOnMoto, type MotoClients } from './cli.js';
import type { Moto } from './moto.js';

export const NODE = 'node-01.example.com';

export interface MotoNode {
  instanceId: string;
  availabilityZone: string;
}

export async function launchNode(moto: Moto, aws: MotoClients): Promise<MotoNode> {
  const made = await runOnMoto(moto, tempStateDir('node-moto-'), ['run', 'lamp-swarm-node', '--non-interactive', '--param', `dnsName=${NODE}`, '--param', 'dataVolumeSizeGiB=64']);
  expect(made.step('launch-instance').status, made.stderr).toBe('failed');
  const instance = await instanceNamed(aws, NODE);
  return { instanceId: instance.InstanceId!, availabilityZone: instance.Placement!.AvailabilityZone! };
}

/** The encrypted data volume lamp-swarm-node's data-volume step attaches at /dev/sdf. */
export async function attachDataVolume(aws: MotoClients, node: MotoNode, sizeGiB = 64): Promise<string> {
  const volume = await aws.ec2.send(new CreateVolumeCommand({ AvailabilityZone: node.availabilityZone, Size: sizeGiB, VolumeType: 'gp3', Encrypted: true, TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: NODE }] }] }));
  await aws.ec2.send(new AttachVolumeCommand({ VolumeId: volume.VolumeId, InstanceId: node.instanceId, Device: '/dev/sdf' }));
  return volume.VolumeId!;
}
