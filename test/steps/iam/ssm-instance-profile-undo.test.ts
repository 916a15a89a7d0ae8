/** iam.ssmInstanceProfile's undo: profile then role, each taken apart in IAM's order; one another run's instance uses is kept. */
import { DescribeInstancesCommand } from '../../../src/aws/sdk/ec2.js';
import {
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  RemoveRoleFromInstanceProfileCommand,
} from '../../../src/aws/sdk/iam.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { ssmInstanceProfileUndo } from '../../../src/steps/iam/ssm-instance-profile-undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const MINE = [{ Key: 'runbook:run-id', Value: 'test-run-0001' }];
const ARN = 'arn:aws:iam::123456789012:instance-profile/swarm-ssm';
const made = { input: { name: 'swarm-ssm' }, outputs: { instanceProfileName: 'swarm-ssm', roleName: 'swarm-ssm' }, status: 'changed' as const };
const keep = { snapshotFirst: false };

describe('iam.ssmInstanceProfile undo', () => {
  beforeEach(() => {
    resetMocks();
    mocks.iam.on(GetInstanceProfileCommand).resolves({ InstanceProfile: { InstanceProfileName: 'swarm-ssm', Arn: ARN, Path: '/', InstanceProfileId: 'AIPA1', CreateDate: new Date(), Roles: [{ RoleName: 'swarm-ssm', Path: '/', RoleId: 'AROA1', Arn: 'arn:role', CreateDate: new Date() }], Tags: MINE } });
    mocks.iam.on(GetRoleCommand).resolves({ Role: { RoleName: 'swarm-ssm', Path: '/', RoleId: 'AROA1', Arn: 'arn:role', CreateDate: new Date(), Tags: MINE } });
  });

  it('finds the profile and the role the run made, and takes them apart', async () => {
    mocks.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-0mine', IamInstanceProfile: { Arn: ARN }, Tags: MINE }] }] });
    const found = await ssmInstanceProfileUndo.find(stepContext(), made);
    expect(found.map((f) => [f.type, f.id, f.madeByRun])).toEqual([
      ['iam:instance-profile', 'swarm-ssm', true],
      ['iam:role', 'swarm-ssm', true],
    ]);
    mocks.iam.on(RemoveRoleFromInstanceProfileCommand).resolves({});
    mocks.iam.on(DeleteInstanceProfileCommand).resolves({});
    mocks.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' }] });
    mocks.iam.on(DetachRolePolicyCommand).resolves({});
    mocks.iam.on(DeleteRoleCommand).resolves({});

    for (const r of found) await ssmInstanceProfileUndo.remove(stepContext(), r, keep);

    expect(mocks.iam).toHaveReceivedCommandWith(RemoveRoleFromInstanceProfileCommand, { InstanceProfileName: 'swarm-ssm', RoleName: 'swarm-ssm' });
    expect(mocks.iam).toHaveReceivedCommandWith(DeleteInstanceProfileCommand, { InstanceProfileName: 'swarm-ssm' });
    expect(mocks.iam).toHaveReceivedCommandWith(DetachRolePolicyCommand, { RoleName: 'swarm-ssm', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' });
    expect(mocks.iam).toHaveReceivedCommandWith(DeleteRoleCommand, { RoleName: 'swarm-ssm' });
  });

  it("keeps both while an instance of another run still uses the profile, and nothing of an operator's profile", async () => {
    mocks.ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: [{ InstanceId: 'i-0other', IamInstanceProfile: { Arn: ARN }, Tags: [{ Key: 'runbook:run-id', Value: 'older-run' }] }, { InstanceId: 'i-0unrelated', IamInstanceProfile: { Arn: 'arn:aws:iam::123456789012:instance-profile/other' } }] }],
    });
    const found = await ssmInstanceProfileUndo.find(stepContext(), made);
    expect(found.every((f) => !f.madeByRun && f.note === 'still used by i-0other, not of this run')).toBe(true);
    await expect(ssmInstanceProfileUndo.find(stepContext(), { ...made, input: { name: 'x', existingProfile: 'ops-profile' } })).resolves.toEqual([]);
  });

  it('passes AWS errors on', async () => {
    mocks.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    mocks.iam.on(DeleteRoleCommand).rejects(awsError('DeleteConflictException', 'Cannot delete entity, must remove roles from instance profile first.', 409));
    await expect(ssmInstanceProfileUndo.remove(stepContext(), { type: 'iam:role', id: 'swarm-ssm', madeByRun: true }, keep)).rejects.toMatchObject({ name: 'DeleteConflictException' });
  });
});
