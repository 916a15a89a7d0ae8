/** The client layer: a dry-run never sends a write, checks may only read, every call is recorded. */
import { DescribeVpcsCommand, RunInstancesCommand } from '../../src/aws/sdk/ec2.js';
import { SendCommandCommand } from '../../src/aws/sdk/ssm.js';
import { GetCallerIdentityCommand } from '../../src/aws/sdk/sts.js';
import { describe, expect, it } from 'vitest';
import { asProbe, withCallContext } from '../../src/aws/call-context.js';
import { isReadOperation } from '../../src/aws/operations.js';
import { AwsSession, ReadOnlyViolation, type BackendCall } from '../../src/aws/session.js';
import { type CallRecord } from '../../src/core/calls.js';

function session(dryRun: boolean) {
  const sent: BackendCall[] = [];
  const calls: CallRecord[] = [];
  const s = new AwsSession({
    target: {},
    dryRun,
    onCall: (c) => calls.push(c),
    backend: { region: 'us-east-1', handle: async (c) => (sent.push(c), { Vpcs: [], Command: { CommandId: 'c-1' } }) },
  });
  return { s, sent, calls };
}

describe('AwsSession', () => {
  it('refuses every write in a dry-run before it leaves the process, and records it as not sent', async () => {
    const { s, sent, calls } = session(true);
    await s.ec2.send(new DescribeVpcsCommand({}));
    await expect(s.ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, ImageId: 'ami-12345678' }))).rejects.toBeInstanceOf(ReadOnlyViolation);
    expect(sent.map((c) => c.operation)).toEqual(['DescribeVpcs']);
    expect(calls.map((c) => [c.operation, c.mutating, c.sent])).toEqual([
      ['DescribeVpcs', false, true],
      ['RunInstances', true, false],
    ]);
  });

  it('allows a declared host probe in a dry-run, recorded as a read', async () => {
    const { s, sent, calls } = session(true);
    await withCallContext({ stepId: 'x', phase: 'check' }, () => asProbe(() => s.ssm.send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: ['i-1'] }))));
    expect(sent).toHaveLength(1);
    expect(calls[0]).toMatchObject({ stepId: 'x', phase: 'check', operation: 'SendCommand', mutating: false, probe: true, sent: true });
    await expect(s.ssm.send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: ['i-1'] }))).rejects.toBeInstanceOf(ReadOnlyViolation);
  });

  it("refuses a write from a step's check or verify phase even outside a dry-run", async () => {
    const { s } = session(false);
    await expect(withCallContext({ stepId: 'x', phase: 'check' }, () => s.ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1 })))).rejects.toThrow(/may only read/);
    await expect(withCallContext({ stepId: 'x', phase: 'apply' }, () => s.ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1 })))).resolves.toBeDefined();
    await expect(s.sts.send(new GetCallerIdentityCommand({}))).resolves.toBeDefined();
  });

  it('classifies reads in one place', () => {
    expect(isReadOperation('ec2', 'DescribeInstances')).toBe(true);
    expect(isReadOperation('sts', 'GetCallerIdentity')).toBe(true);
    expect(isReadOperation('elasticbeanstalk', 'CheckDNSAvailability')).toBe(true);
    expect(isReadOperation('ec2', 'RunInstances', { DryRun: true })).toBe(true);
    expect(isReadOperation('ec2', 'RunInstances', {})).toBe(false);
    expect(isReadOperation('ssm', 'SendCommand')).toBe(false);
  });
});
