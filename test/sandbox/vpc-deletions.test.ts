/** A VPC taken apart in the sandbox by ec2.vpc's undo, and the DependencyViolations on the way. */
import { DeleteSubnetCommand, DeleteVpcCommand, DescribeInternetGatewaysCommand, DescribeSubnetsCommand, DescribeVpcsCommand, RunInstancesCommand, TerminateInstancesCommand } from '../../src/aws/sdk/ec2.js';
import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/core/clock.js';
import { SANDBOX_MS_PER_SECOND } from '../../src/sandbox/index.js';
import { vpcKind } from '../../src/steps/ec2/vpc.js';
import { vpcUndo } from '../../src/steps/ec2/vpc-undo.js';
import { stepContext } from '../helpers/step-context.js';
import { newSandbox, UBUNTU_AMI } from './helpers.js';

describe('sandbox VPC deletions', () => {
  it('ec2.vpc undo removes the route table, gateway, subnets and VPC once nothing is in them', async () => {
    const { aws } = newSandbox();
    const ctx = { ...stepContext(), aws, clock: createClock(SANDBOX_MS_PER_SECOND) };
    const input = { name: 'docs', cidr: '10.20.0.0/16', subnetCount: 2 };
    const checked = await vpcKind.check(ctx, input);
    if (checked.done) throw new Error('expected a new VPC');
    const outputs = await vpcKind.apply!(ctx, input, checked.found);

    const instance = await aws.ec2.send(new RunInstancesCommand({ ImageId: UBUNTU_AMI, InstanceType: 't3.small', MinCount: 1, MaxCount: 1, SubnetId: outputs.subnetIds[0] }));
    await expect(aws.ec2.send(new DeleteSubnetCommand({ SubnetId: outputs.subnetIds[0] }))).rejects.toMatchObject({ name: 'DependencyViolation' });
    await expect(aws.ec2.send(new DeleteVpcCommand({ VpcId: outputs.vpcId }))).rejects.toMatchObject({ name: 'DependencyViolation' });

    const [found] = await vpcUndo.find(ctx, { input, outputs, status: 'changed' });
    expect(found).toMatchObject({ type: 'ec2:vpc', id: outputs.vpcId, madeByRun: true, note: expect.stringMatching(/2 subnets, internet gateway igw-.*, route table rtb-/) });
    expect(vpcUndo.plan(found!, { snapshotFirst: false }).map((c) => c.operation)).toEqual(['DisassociateRouteTable', 'DeleteRouteTable', 'DetachInternetGateway', 'DeleteInternetGateway', 'DeleteSubnet', 'DeleteSubnet', 'DeleteVpc']);
    // The instance goes while the undo waits on its subnet.
    const removal = vpcUndo.remove(ctx, found!, { snapshotFirst: false });
    await aws.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instance.Instances![0]!.InstanceId!] }));
    await removal;

    expect((await aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: [outputs.vpcId] }] }))).Vpcs).toEqual([]);
    expect((await aws.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [outputs.vpcId] }] }))).Subnets).toEqual([]);
    expect((await aws.ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'tag:runbook:run-id', Values: ['test-run-0001'] }] }))).InternetGateways).toEqual([]);
    expect(await vpcUndo.find(ctx, { input, outputs, status: 'changed' })).toEqual([]);
  });
});
