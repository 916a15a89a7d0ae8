import { CreateSecurityGroupCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand } from '../../src/aws/sdk/ec2.js';
import { CreateRoleCommand, GetRoleCommand } from '../../src/aws/sdk/iam.js';
import { GetCallerIdentityCommand } from '../../src/aws/sdk/sts.js';
import { describe, expect, it } from 'vitest';
import { withCallContext } from '../../src/aws/call-context.js';
import type { CallRecord } from '../../src/core/calls.js';
import { AwsSession } from '../../src/aws/session.js';
import { newSandbox, simulatedWait } from './helpers.js';

describe('sandbox faults', () => {
  // The SDK waits up to a second (random) before retrying a throttled call: one call per test keeps each fast.
  it('throttles the first attempt of a read; the SDK retries and succeeds on the second', async () => {
    const { sandbox } = newSandbox({ throttle: true });
    const records: CallRecord[] = [];
    const aws = new AwsSession({ target: {}, backend: sandbox, onCall: (r) => records.push(r) });
    try {
      const vpcs = await aws.ec2.send(new DescribeVpcsCommand({}));
      expect(vpcs.$metadata.attempts).toBe(2);
      expect(vpcs.Vpcs).toHaveLength(1);
      expect(records.map((r) => [r.operation, r.attempts, r.errorName])).toEqual([['DescribeVpcs', 2, undefined]]);
    } finally {
      aws.destroy();
    }
  });

  it('throttles the first attempt of a write without applying it; the retry applies it once', async () => {
    const { aws, sandbox } = newSandbox({ throttle: true });
    const sg = await aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'once', Description: 'once' }));
    expect(sg.$metadata.attempts).toBe(2);
    expect(Object.values(sandbox.snapshot().regions['us-east-1']!.securityGroups).filter((g) => g.GroupName === 'once')).toHaveLength(1);
  });

  it('with one attempt allowed, the throttling error reaches the caller', async () => {
    const { sandbox } = newSandbox({ throttle: true });
    const aws = new AwsSession({ target: {}, backend: sandbox, maxAttempts: 1 });
    try {
      await expect(aws.ec2.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: 'RequestLimitExceeded', $retryable: { throttling: true } });
      await expect(aws.iam.send(new GetRoleCommand({ RoleName: 'x' }))).rejects.toMatchObject({ name: 'ThrottlingException' });
      await expect(aws.sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'ThrottlingException' });
    } finally {
      aws.destroy();
    }
  });

  it('fails the first mutating call of the named step once, and only in that step', async () => {
    const { aws } = newSandbox({ step: { stepId: 'redis-security-group', errorName: 'InternalError' } });
    const create = (name: string) => aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name }));

    await withCallContext({ stepId: 'other-step', phase: 'apply' }, () => create('other'));
    await withCallContext({ stepId: 'redis-security-group', phase: 'check' }, () => aws.ec2.send(new DescribeVpcsCommand({})));
    const failed = withCallContext({ stepId: 'redis-security-group', phase: 'apply' }, () => create('redis'));
    await expect(failed).rejects.toMatchObject({ name: 'InternalError', $metadata: expect.objectContaining({ httpStatusCode: 400, attempts: 1 }) });
    // Consumed: the resumed step succeeds.
    const again = await withCallContext({ stepId: 'redis-security-group', phase: 'apply' }, () => create('redis'));
    expect(again.GroupId).toMatch(/^sg-/);
  });

  it('denies a named action until the fault is cleared', async () => {
    const { aws, sandbox } = newSandbox({ deny: ['ec2:CreateSecurityGroup', 'iam:CreateRole'] });
    await expect(aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'a', Description: 'a' }))).rejects.toMatchObject({ name: 'UnauthorizedOperation', $metadata: expect.objectContaining({ httpStatusCode: 403 }) });
    await expect(aws.iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: '{}' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    sandbox.faults.deny = [];
    await expect(aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'a', Description: 'a' }))).resolves.toMatchObject({ GroupId: expect.stringMatching(/^sg-/) });
  });

  it('hides a new resource from reads that name it until it is visible', async () => {
    const { aws } = newSandbox({ eventualConsistency: { notVisibleForSeconds: 10 } });
    const sg = await aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'new', Description: 'new' }));
    await expect(aws.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [sg.GroupId!] }))).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
    await simulatedWait(11);
    const { SecurityGroups } = await aws.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [sg.GroupId!] }));
    expect(SecurityGroups![0]!.GroupName).toBe('new');
  });
});
