/**
 * The sandbox pages where AWS does: MaxResults (or MaxItems) and a token for
 * the rest; a call by ids is answered whole and refuses MaxResults, as EC2
 * does; the smallPages fault pages even without a page size, as AWS may.
 */
import { describe, expect, it } from 'vitest';
import { CreateVpcCommand, DescribeSubnetsCommand, DescribeVpcsCommand, paginateDescribeSubnets, paginateDescribeVpcs } from '../../src/aws/sdk/ec2.js';
import { collect } from '../../src/steps/paginate.js';
import { newSandbox } from './helpers.js';

describe('sandbox pagination', () => {
  it('pages VPCs by MaxResults and gives all of them back through the paginator', async () => {
    const { aws } = newSandbox();
    for (let i = 1; i <= 6; i++) await aws.ec2.send(new CreateVpcCommand({ CidrBlock: `10.${i}.0.0/16` }));
    const all = (await aws.ec2.send(new DescribeVpcsCommand({}))).Vpcs!;
    expect(all).toHaveLength(7);
    const first = await aws.ec2.send(new DescribeVpcsCommand({ MaxResults: 5 }));
    expect(first.Vpcs).toHaveLength(5);
    expect(first.NextToken).toEqual(expect.any(String));
    const paged = await collect(paginateDescribeVpcs({ client: aws.ec2, pageSize: 5 }, {}), (p) => p.Vpcs);
    expect(paged.map((v) => v.VpcId)).toEqual(all.map((v) => v.VpcId));
  });

  it('refuses MaxResults with ids, a page size out of range and a token it did not give', async () => {
    const { aws } = newSandbox();
    const vpcId = (await aws.ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
    await expect(aws.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId], MaxResults: 5 }))).rejects.toMatchObject({ name: 'InvalidParameterCombination' });
    await expect(aws.ec2.send(new DescribeSubnetsCommand({ MaxResults: 2 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(aws.ec2.send(new DescribeSubnetsCommand({ NextToken: 'not-a-token' }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('with smallPages, answers one item per page even when no page size was asked, and the paginator still gets them all', async () => {
    const { aws } = newSandbox({ smallPages: 1 });
    const page = await aws.ec2.send(new DescribeSubnetsCommand({}));
    expect(page.Subnets).toHaveLength(1);
    expect(page.NextToken).toEqual(expect.any(String));
    expect(await collect(paginateDescribeSubnets({ client: aws.ec2 }, {}), (p) => p.Subnets)).toHaveLength((await newSandbox().aws.ec2.send(new DescribeSubnetsCommand({}))).Subnets!.length);
  });
});
