import { DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, UpdateTerminationProtectionCommand, type StackEvent } from '../../../src/aws/sdk/cloudformation.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { deleteStackKind, leftBehind, type DeleteStackInput } from '../../../src/steps/cloudformation/delete-stack.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/openemr-recovery/11111111-2222-3333-4444-555555555555';
const input: DeleteStackInput = {
  stackId: STACK_ID,
  stackName: 'openemr-recovery',
  kept: [
    { logicalId: 'S3Bucket', type: 'AWS::S3::Bucket', policy: 'Retain' },
    { logicalId: 'RDSInstance', type: 'AWS::RDS::DBInstance', policy: 'Snapshot' },
  ],
  alsoLeft: ['EBS snapshot snap-1 in eu-west-1', ''],
};
const events: StackEvent[] = [
  { EventId: 'x2', LogicalResourceId: 'openemr-recovery', ResourceType: 'AWS::CloudFormation::Stack', ResourceStatus: 'DELETE_COMPLETE', PhysicalResourceId: STACK_ID, StackId: STACK_ID, StackName: 'openemr-recovery', Timestamp: new Date() },
  { EventId: 'x1', LogicalResourceId: 'S3Bucket', ResourceType: 'AWS::S3::Bucket', ResourceStatus: 'DELETE_SKIPPED', PhysicalResourceId: 'openemr-recovery-s3bucket-abc', StackId: STACK_ID, StackName: 'openemr-recovery', Timestamp: new Date() },
  { EventId: 'x0', LogicalResourceId: 'RDSInstance', ResourceType: 'AWS::RDS::DBInstance', ResourceStatus: 'DELETE_COMPLETE', PhysicalResourceId: 'openemr-recovery-rdsinstance-def', StackId: STACK_ID, StackName: 'openemr-recovery', Timestamp: new Date() },
];

describe('cloudformation.deleteStack', () => {
  beforeEach(resetMocks);

  it('says what the template keeps on delete, with the ids CloudFormation left', () => {
    expect(leftBehind(input, events)).toEqual([
      "S3Bucket (AWS::S3::Bucket, DeletionPolicy Retain): openemr-recovery-s3bucket-abc kept; delete it yourself when the drill's evidence is no longer needed.",
      'RDSInstance (AWS::RDS::DBInstance, DeletionPolicy Snapshot): deleted after a final DB snapshot in RDS of openemr-recovery-rdsinstance-def, which stays and holds its data.',
      'EBS snapshot snap-1 in eu-west-1',
    ]);
  });

  it('is done when the stack is deleted, and sends nothing', async () => {
    mocks.cloudformation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackId: STACK_ID, StackName: 'openemr-recovery', StackStatus: 'DELETE_COMPLETE', CreationTime: new Date() }] });
    mocks.cloudformation.on(DescribeStackEventsCommand).resolves({ StackEvents: events });
    const result = await deleteStackKind.check(stepContext(), input);
    expect(result).toMatchObject({ done: true });
    expect(result.evidence).toContain('Left behind: EBS snapshot snap-1 in eu-west-1');
    expect(mocks.cloudformation).not.toHaveReceivedCommand(DeleteStackCommand);
  });

  it('turns termination protection off, deletes with the teardown token, and waits for DELETE_COMPLETE', async () => {
    let deleted = false;
    mocks.cloudformation.on(DescribeStacksCommand).callsFake(async () => ({ Stacks: [{ StackId: STACK_ID, StackName: 'openemr-recovery', StackStatus: deleted ? 'DELETE_COMPLETE' : 'CREATE_COMPLETE', EnableTerminationProtection: true, CreationTime: new Date() }] }));
    mocks.cloudformation.on(DescribeStackEventsCommand).resolves({ StackEvents: events });
    mocks.cloudformation.on(UpdateTerminationProtectionCommand).resolves({ StackId: STACK_ID });
    mocks.cloudformation.on(DeleteStackCommand).callsFake(async () => ((deleted = true), {}));
    const ctx = stepContext();
    const result = await deleteStackKind.check(ctx, input);
    if (result.done) throw new Error('expected not done');
    expect(deleteStackKind.plan(input, result.found).map((c) => c.operation)).toEqual(['UpdateTerminationProtection', 'DeleteStack']);
    const outputs = await deleteStackKind.apply!(ctx, input, result.found);
    expect(outputs.left).toHaveLength(3);
    expect(mocks.cloudformation).toHaveReceivedCommandWith(UpdateTerminationProtectionCommand, { StackName: STACK_ID, EnableTerminationProtection: false });
    expect(mocks.cloudformation).toHaveReceivedCommandWith(DeleteStackCommand, { StackName: STACK_ID, ClientRequestToken: `runbook-teardown-${ctx.token()}` });
    expect((await deleteStackKind.verify!(ctx, input, outputs)).ok).toBe(true);
  });

  it('only waits for a deletion already started, and lets an error through by name', async () => {
    mocks.cloudformation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackId: STACK_ID, StackName: 'openemr-recovery', StackStatus: 'DELETE_IN_PROGRESS', CreationTime: new Date() }] });
    const result = await deleteStackKind.check(stepContext(), input);
    if (result.done) throw new Error('expected not done');
    expect(result.found).toEqual({ protectedStack: false, deleting: true });
    mocks.cloudformation.on(UpdateTerminationProtectionCommand).rejects(awsError('ValidationError', 'Stack [openemr-recovery] cannot be deleted while TerminationProtection is enabled'));
    mocks.cloudformation.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    await expect(deleteStackKind.apply!(stepContext(), input, { protectedStack: true })).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
