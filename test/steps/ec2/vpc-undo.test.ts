/** ec2.vpc's undo on aws-sdk-client-mock: an adopted VPC is kept, a gone one is nothing to do, an AWS error is passed on (the whole removal runs against the sandbox in test/sandbox/vpc-deletions.test.ts). */
import { DeleteVpcCommand, DescribeVpcsCommand } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { vpcUndo } from '../../../src/steps/ec2/vpc-undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const input = { name: 'docs', cidr: '10.20.0.0/16', subnetCount: 2 };

describe('ec2.vpc undo', () => {
  beforeEach(resetMocks);

  it('keeps an adopted VPC', async () => {
    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-0theirs', CidrBlock: '10.0.0.0/16' }] });
    expect(await vpcUndo.find(stepContext(), { input: { ...input, vpcId: 'vpc-0theirs' }, outputs: { vpcId: 'vpc-0theirs' }, status: 'ok' })).toEqual([
      { type: 'ec2:vpc', id: 'vpc-0theirs', madeByRun: false, note: 'adopted (vpcId was given): not changed, not removed' },
    ]);
  });

  it('finds nothing when the VPC is gone', async () => {
    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    mocks.ec2.on(DescribeVpcsCommand, { VpcIds: ['vpc-0mine'] }).rejects(awsError('InvalidVpcID.NotFound', "The vpc ID 'vpc-0mine' does not exist"));
    expect(await vpcUndo.find(stepContext(), { input, outputs: { vpcId: 'vpc-0mine' }, status: 'changed' })).toEqual([]);
  });

  it('passes on an AWS error other than a dependency', async () => {
    mocks.ec2.on(DeleteVpcCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    await expect(vpcUndo.remove(stepContext(), { type: 'ec2:vpc', id: 'vpc-0mine', madeByRun: true, details: { subnetIds: [] } }, { snapshotFirst: false })).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });
});
