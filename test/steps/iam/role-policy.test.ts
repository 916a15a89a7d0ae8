import { DeleteRolePolicyCommand, GetRoleCommand, GetRolePolicyCommand, PutRolePolicyCommand } from '../../../src/aws/sdk/iam.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { policyDocument, rolePolicyKind, type RolePolicyInput } from '../../../src/steps/iam/role-policy.js';
import { rolePolicyUndo } from '../../../src/steps/iam/role-policy-undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const input: RolePolicyInput = {
  roleName: 'aquamark-web',
  policyName: 'aquamark-access',
  buckets: ['aquamark'],
  secretArns: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1-AbCdEf'],
};

describe('iam.rolePolicy', () => {
  beforeEach(resetMocks);

  it('is done when the role holds exactly this document (IAM answers it URL-encoded)', async () => {
    mocks.iam.on(GetRolePolicyCommand).resolves({ RoleName: 'aquamark-web', PolicyName: 'aquamark-access', PolicyDocument: encodeURIComponent(policyDocument(input)) });
    expect(await rolePolicyKind.check(stepContext(), input)).toMatchObject({ done: true });
  });

  it('puts it when missing or different', async () => {
    mocks.iam.on(GetRolePolicyCommand).rejects(awsError('NoSuchEntityException', 'The role policy with name aquamark-access cannot be found.', 404));
    mocks.iam.on(PutRolePolicyCommand).resolves({});
    expect(await rolePolicyKind.check(stepContext(), input)).toMatchObject({ done: false });
    await rolePolicyKind.apply!(stepContext(), input, undefined);
    expect(mocks.iam).toHaveReceivedCommandWith(PutRolePolicyCommand, { RoleName: 'aquamark-web', PolicyName: 'aquamark-access', PolicyDocument: policyDocument(input) });
    expect(JSON.parse(policyDocument(input)).Statement).toEqual([
      { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::aquamark'] },
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: ['arn:aws:s3:::aquamark/*'] },
      { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: input.secretArns },
    ]);
    expect(() => policyDocument({ roleName: 'r', policyName: 'p' })).toThrow(/grants nothing/);
  });

  it('lets AWS errors through by name; undo deletes it from the run\'s role', async () => {
    mocks.iam.on(PutRolePolicyCommand).rejects(awsError('MalformedPolicyDocumentException', 'Syntax errors in policy.'));
    await expect(rolePolicyKind.apply!(stepContext(), input, undefined)).rejects.toMatchObject({ name: 'MalformedPolicyDocumentException' });
    const ctx = stepContext();
    mocks.iam.on(GetRolePolicyCommand).resolves({ PolicyDocument: encodeURIComponent(policyDocument(input)) });
    mocks.iam.on(GetRoleCommand).resolves({ Role: { RoleName: 'aquamark-web', Path: '/', RoleId: 'AROA1', Arn: 'arn:aws:iam::123456789012:role/aquamark-web', CreateDate: new Date(), Tags: [{ Key: 'runbook:run-id', Value: ctx.runId }] } });
    const [made] = await rolePolicyUndo.find(ctx, { input, outputs: {}, status: 'changed' });
    expect(made).toMatchObject({ id: 'aquamark-web/aquamark-access', madeByRun: true });
    await rolePolicyUndo.remove(ctx, made!, { snapshotFirst: false });
    expect(mocks.iam).toHaveReceivedCommandWith(DeleteRolePolicyCommand, { RoleName: 'aquamark-web', PolicyName: 'aquamark-access' });
  });
});
