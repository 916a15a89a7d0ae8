/**
 * The harness itself: moto starts on a free port, answers, holds the seeded
 * Canonical image and public parameter a real us-east-1 has, keeps them over
 * a reset that wipes everything else, and stops.
 */
import { describe, expect, it } from 'vitest';
import { CreateVpcCommand, DescribeImagesCommand, DescribeVpcsCommand } from '../../src/aws/sdk/ec2.js';
import { GetParameterCommand } from '../../src/aws/sdk/ssm.js';
import { motoClients } from './cli.js';
import { AL2023_X86_64, motoAvailable, UBUNTU_2404_AMD64, useMoto } from './moto.js';

const UBUNTU_PARAMETER = '/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id';
const AL2023_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';

describe.skipIf(!motoAvailable())('the moto harness', () => {
  const moto = useMoto();

  it('serves the seeded Ubuntu 24.04 parameter and image beside moto\'s own Amazon Linux 2023, across a reset', async () => {
    const aws = motoClients(moto.current);
    try {
      const read = async () => ({
        ubuntu: (await aws.ssm.send(new GetParameterCommand({ Name: UBUNTU_PARAMETER }))).Parameter?.Value,
        al2023: (await aws.ssm.send(new GetParameterCommand({ Name: AL2023_PARAMETER }))).Parameter?.Value,
        image: (await aws.ec2.send(new DescribeImagesCommand({ ImageIds: [UBUNTU_2404_AMD64] }))).Images?.[0],
      });
      const before = await read();
      expect(before).toMatchObject({ ubuntu: UBUNTU_2404_AMD64, al2023: AL2023_X86_64, image: { OwnerId: '099720109477', Architecture: 'x86_64', RootDeviceName: '/dev/sda1' } });

      const made = (await aws.ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))).Vpc!.VpcId!;
      await moto.current.reset();
      const vpcs = (await aws.ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
      expect(vpcs.map((v) => v.VpcId)).not.toContain(made);
      expect(vpcs.filter((v) => v.IsDefault)).toHaveLength(1);
      expect(await read()).toMatchObject({ ubuntu: UBUNTU_2404_AMD64, al2023: AL2023_X86_64, image: { ImageId: UBUNTU_2404_AMD64 } });
    } finally {
      aws.destroy();
    }
  });

  it('listens on 127.0.0.1 at the port it chose', () => {
    expect(moto.current.endpoint).toBe(`http://127.0.0.1:${moto.current.port}`);
    expect(moto.current.port).toBeGreaterThan(0);
  });
});
