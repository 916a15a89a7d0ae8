import { DescribeSubnetsCommand } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { subnetsKind } from '../../../src/steps/ec2/subnets.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const subnet = (id: string, az: string, defaultForAz = true) => ({ SubnetId: id, VpcId: 'vpc-1', AvailabilityZone: az, DefaultForAz: defaultForAz, CidrBlock: '172.31.0.0/20' });

describe('ec2.subnets', () => {
  beforeEach(resetMocks);

  it('picks one subnet per zone of the VPC, the default ones first', async () => {
    mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [subnet('subnet-b', 'us-east-1b'), subnet('subnet-x', 'us-east-1a', false), subnet('subnet-a', 'us-east-1a')] });
    expect(await subnetsKind.check(stepContext(), { vpcId: 'vpc-1', purpose: 'the load balancer' })).toMatchObject({ done: true, outputs: { subnetIds: ['subnet-a', 'subnet-b'], list: 'subnet-a,subnet-b' } });
  });

  it('needs two zones (a read-only step: nothing to apply)', async () => {
    mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [subnet('subnet-a', 'us-east-1a')] });
    await expect(subnetsKind.check(stepContext(), { vpcId: 'vpc-1', subnetIds: 'subnet-a', purpose: 'the database' })).rejects.toThrow(/at least two availability zones/);
    expect(subnetsKind.apply).toBeUndefined();
  });

  it('lets AWS errors through by name', async () => {
    mocks.ec2.on(DescribeSubnetsCommand).rejects(awsError('InvalidSubnetID.NotFound', "The subnet ID 'subnet-z' does not exist"));
    await expect(subnetsKind.check(stepContext(), { vpcId: 'vpc-1', subnetIds: 'subnet-z', purpose: 'x' })).rejects.toMatchObject({ name: 'InvalidSubnetID.NotFound' });
  });
});
