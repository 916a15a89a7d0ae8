/**
 * qis-web-scaling against moto, on what qis-network and qis-ami leave in an
 * account (made here with moto's own calls: qis-vpc, a qis-subnet-*, the
 * groups, qis-lb, and an image tagged as qis-ami tags it): a dry-run finds
 * them and sends no write; the real run makes the instance profile and the
 * database server, with IMDSv2, encrypted volumes and no key pair, from the
 * tagged image, then stops at the wait for the SSM agent, which moto cannot
 * serve, with one sentence.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CreateImageCommand, CreateSecurityGroupCommand, CreateSubnetCommand, CreateTagsCommand, CreateVpcCommand, RunInstancesCommand } from '../../../src/aws/sdk/ec2.js';
import { CreateLoadBalancerCommand, ElasticLoadBalancingClient } from '../../../src/aws/sdk/elb.js';
import { tempStateDir } from '../../../test/helpers/cli.js';
import { expectSafeInstance, instanceNamed } from '../../../test/emulator/claims.js';
import { motoClients, runOnMoto, statuses, writesSent, type MotoClients, type RunOutcome } from '../../../test/emulator/cli.js';
import { AL2023_X86_64, EMULATOR_REGION, motoAvailable, useMoto } from '../../../test/emulator/moto.js';

const RUN = ['run', 'qis-web-scaling', '--non-interactive'];
const NOT_IMPLEMENTED = /^ssm:DescribeInstanceInformation at http:\/\/127\.0\.0\.1:\d+ answered HTTP 500 with text\/html content that is not an AWS response: the endpoint does not seem to implement DescribeInstanceInformation\.$/;

/** What qis-network and qis-ami made before: the VPC, a subnet, the groups, the load balancer and the QIS image. */
async function arrange(aws: MotoClients, endpoint: string): Promise<string> {
  const name = (value: string) => [{ ResourceType: 'vpc' as const, Tags: [{ Key: 'Name', Value: value }] }];
  const vpcId = (await aws.ec2.send(new CreateVpcCommand({ CidrBlock: '192.168.0.0/16', TagSpecifications: name('qis-vpc') }))).Vpc!.VpcId!;
  const subnetId = (await aws.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '192.168.0.0/20', AvailabilityZone: `${EMULATOR_REGION}a` }))).Subnet!.SubnetId!;
  await aws.ec2.send(new CreateTagsCommand({ Resources: [subnetId], Tags: [{ Key: 'Name', Value: 'qis-subnet-1a' }] }));
  await aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'qis-internal-sg', Description: 'QIS ports to allow within the VPC', VpcId: vpcId }));
  const elb = new ElasticLoadBalancingClient({ endpoint, region: EMULATOR_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  await elb.send(new CreateLoadBalancerCommand({ LoadBalancerName: 'qis-lb', Subnets: [subnetId], Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }] }));
  elb.destroy();
  const builder = (await aws.ec2.send(new RunInstancesCommand({ ImageId: AL2023_X86_64, InstanceType: 't3.small', MinCount: 1, MaxCount: 1 }))).Instances![0]!.InstanceId!;
  const imageId = (await aws.ec2.send(new CreateImageCommand({ InstanceId: builder, Name: 'qis' }))).ImageId!;
  await aws.ec2.send(new CreateTagsCommand({ Resources: [imageId], Tags: [{ Key: 'Name', Value: 'qis' }, { Key: 'runbook:id', Value: 'qis-ami' }] }));
  return imageId;
}

describe.skipIf(!motoAvailable())('qis-web-scaling against moto', () => {
  const moto = useMoto();
  const dir = tempStateDir('qis-web-moto-');
  let aws: MotoClients;
  let imageId = '';
  let dry: RunOutcome;
  let first: RunOutcome;

  beforeAll(async () => {
    aws = motoClients(moto.current);
    imageId = await arrange(aws, moto.current.endpoint);
    dry = await runOnMoto(moto.current, dir, [...RUN, '--dry-run']);
    first = await runOnMoto(moto.current, dir, RUN);
  });

  it("a dry-run finds qis-network's VPC, subnet and groups and the tagged QIS image, and sends no write", () => {
    expect(dry.code, dry.stderr).toBe(0);
    expect(writesSent(dry.state)).toEqual([]);
    expect(dry.step('qis-image').outputs).toMatchObject({ imageId });
    expect(dry.step('network').outputs.securityGroupIds).toHaveLength(2);
    expect(dry.step('db-server').plan?.[0]).toMatchObject({ operation: 'RunInstances' });
  });

  it('runs up to the wait for the SSM agent, which moto cannot serve, and stops there with one sentence', () => {
    expect(first.code, first.stderr).toBe(1);
    expect(statuses(first.state)).toMatchObject({ network: 'ok', 'qis-image': 'ok', 'instance-profile': 'changed', 'db-server': 'failed', 'configure-db': 'pending' });
    expect(first.step('db-server').error?.message).toMatch(NOT_IMPLEMENTED);
  });

  it('made the database server it claims: from the QIS image, IMDSv2, encrypted, tagged, no key pair, in both groups', async () => {
    const instance = await instanceNamed(aws, 'qis-db-server');
    await expectSafeInstance(aws, instance, { runbook: 'qis-web-scaling', runId: first.runId, name: 'qis-db-server' });
    expect(instance.ImageId).toBe(imageId);
    expect(instance.KeyName).toBeUndefined();
    expect(instance.IamInstanceProfile?.Arn).toMatch(/instance-profile\/qis-server$/);
    expect((instance.SecurityGroups ?? []).map((g) => g.GroupName).sort()).toEqual(['default', 'qis-internal-sg']);
  });
});
