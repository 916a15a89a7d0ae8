import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, ListStacksCommand, type DescribeStacksCommandInput, type ResourceStatus, type Stack, type StackEvent } from '../../../src/aws/sdk/cloudformation.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { stackKind, stackParameters, type StackInput } from '../../../src/steps/cloudformation/stack.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const TEXT = '{"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}';
const path = join(mkdtempSync(join(tmpdir(), 'stack-')), 'OpenEMR-Recovery.json');
writeFileSync(path, TEXT);
const sha256 = createHash('sha256').update(TEXT).digest('hex');
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/openemr-recovery/11111111-2222-3333-4444-555555555555';

const input: StackInput = {
  stackName: 'openemr-recovery',
  path,
  sha256,
  parameters: { RecoveryS3Bucket: 'openemr-backups', RecoveryKMSKey: 'arn:k', EC2KeyPair: 'ops', TimeZone: undefined },
  extraParameters: 'DocumentStorage=500',
  declared: ['RecoveryS3Bucket', 'RecoveryKMSKey', 'EC2KeyPair', 'DocumentStorage'],
  required: ['RecoveryS3Bucket', 'RecoveryKMSKey', 'EC2KeyPair'],
  capabilities: ['CAPABILITY_IAM'],
  identity: ['RecoveryS3Bucket', 'RecoveryKMSKey'],
  terminationProtection: true,
  acceptProvenDrill: true,
  urlOutput: 'OpenEMR',
  timeoutMinutes: 60,
};

const tags = [
  { Key: 'runbook:id', Value: 'test-runbook' },
  { Key: 'runbook:run-id', Value: 'r0' },
  { Key: 'runbook:template-sha256', Value: sha256.slice(0, 16) },
];
const params = [
  { ParameterKey: 'RecoveryS3Bucket', ParameterValue: 'openemr-backups' },
  { ParameterKey: 'RecoveryKMSKey', ParameterValue: 'arn:k' },
];
const live = (over: Partial<Stack> = {}): Stack => ({
  StackId: STACK_ID,
  StackName: 'openemr-recovery',
  StackStatus: 'CREATE_COMPLETE',
  Parameters: params,
  Tags: tags,
  Outputs: [{ OutputKey: 'OpenEMR', OutputValue: 'http://lb.us-east-1.elb.amazonaws.com/openemr' }],
  CreationTime: new Date(),
  ...over,
});
const notExist = () => awsError('ValidationError', 'Stack with id openemr-recovery does not exist');
const event = (id: string, logical: string, status: string, reason?: string, token?: string): StackEvent => ({
  EventId: id,
  StackId: STACK_ID,
  StackName: 'openemr-recovery',
  LogicalResourceId: logical,
  ResourceType: logical === 'openemr-recovery' ? 'AWS::CloudFormation::Stack' : 'AWS::RDS::DBInstance',
  ResourceStatus: status as ResourceStatus,
  ResourceStatusReason: reason,
  ClientRequestToken: token,
  Timestamp: new Date(),
});

describe('cloudformation.stack', () => {
  beforeEach(resetMocks);

  it('sends only declared parameters with values, and names a required one that has none', () => {
    expect(stackParameters(input)).toEqual([
      { ParameterKey: 'RecoveryS3Bucket', ParameterValue: 'openemr-backups' },
      { ParameterKey: 'RecoveryKMSKey', ParameterValue: 'arn:k' },
      { ParameterKey: 'EC2KeyPair', ParameterValue: 'ops' },
      { ParameterKey: 'DocumentStorage', ParameterValue: '500' },
    ]);
    expect(() => stackParameters({ ...input, parameters: { ...input.parameters, EC2KeyPair: undefined } })).toThrow('The template needs a value for EC2KeyPair: pass keyPair.');
    expect(() => stackParameters({ ...input, extraParameters: 'Nope=1' })).toThrow(/names Nope, which the template does not declare/);
  });

  it('adopts the stack this runbook made from the same backups and template, with its outputs', async () => {
    mocks.cloudformation.on(DescribeStacksCommand).resolves({ Stacks: [live()] });
    const result = await stackKind.check(stepContext(), input);
    expect(result).toMatchObject({ done: true, outputs: { stackId: STACK_ID, url: 'http://lb.us-east-1.elb.amazonaws.com/openemr', host: 'lb.us-east-1.elb.amazonaws.com', provenBy: '' } });
    expect(mocks.cloudformation).not.toHaveReceivedCommand(CreateStackCommand);
  });

  it('never adopts a stack it did not make, or made from other backups, and says what to do with a rolled-back one', async () => {
    mocks.cloudformation.on(DescribeStacksCommand).resolvesOnce({ Stacks: [live({ Tags: [] })] }).resolvesOnce({ Stacks: [live({ Parameters: [params[0]!, { ParameterKey: 'RecoveryKMSKey', ParameterValue: 'arn:other' }] })] }).resolvesOnce({ Stacks: [live({ StackStatus: 'ROLLBACK_COMPLETE' })] });
    await expect(stackKind.check(stepContext(), input)).rejects.toThrow(/that runbook test-runbook did not make/);
    await expect(stackKind.check(stepContext(), input)).rejects.toThrow(/from other backups or another template \(RecoveryKMSKey=arn:other\)/);
    await expect(stackKind.check(stepContext(), input)).rejects.toThrow(/is ROLLBACK_COMPLETE.*update-termination-protection --no-enable-termination-protection.*delete-stack/);
  });

  it('creates it with a token, tags, capabilities and protection, streams the events while waiting, and records the outputs', async () => {
    let polls = 0;
    mocks.cloudformation.on(DescribeStacksCommand).callsFake(async (req: DescribeStacksCommandInput) => {
      if (req.StackName === 'openemr-recovery') throw notExist();
      polls++;
      return { Stacks: [live({ StackStatus: polls < 2 ? 'CREATE_IN_PROGRESS' : 'CREATE_COMPLETE' })] };
    });
    mocks.cloudformation.on(ListStacksCommand).resolves({ StackSummaries: [] });
    mocks.cloudformation.on(CreateStackCommand).resolves({ StackId: STACK_ID });
    mocks.cloudformation
      .on(DescribeStackEventsCommand)
      .resolvesOnce({ StackEvents: [event('e1', 'openemr-recovery', 'CREATE_IN_PROGRESS', 'User Initiated')] })
      .resolves({ StackEvents: [event('e2', 'RDSInstance', 'CREATE_COMPLETE'), event('e1', 'openemr-recovery', 'CREATE_IN_PROGRESS', 'User Initiated')] });
    const ctx = stepContext();
    const result = await stackKind.check(ctx, input);
    expect(result).toMatchObject({ done: false, reason: 'No stack openemr-recovery in us-east-1 yet.' });
    if (result.done) return;
    const outputs = await stackKind.apply!(ctx, input, result.found);
    expect(outputs).toMatchObject({ stackId: STACK_ID, outputs: { OpenEMR: 'http://lb.us-east-1.elb.amazonaws.com/openemr' } });
    expect(mocks.cloudformation).toHaveReceivedCommandExactlyOnceWith(CreateStackCommand, {
      StackName: 'openemr-recovery',
      TemplateBody: TEXT,
      Parameters: stackParameters(input),
      Capabilities: ['CAPABILITY_IAM'],
      Tags: [...ctx.tags('openemr-recovery'), { Key: 'runbook:template-sha256', Value: sha256.slice(0, 16) }],
      EnableTerminationProtection: true,
      ClientRequestToken: `runbook-create-${ctx.token()}`,
      TimeoutInMinutes: 60,
    });
    expect(ctx.progressLines).toContain('RDSInstance (AWS::RDS::DBInstance) CREATE_COMPLETE');
    expect(ctx.progressLines.filter((l) => l.includes('User Initiated'))).toHaveLength(1);
  });

  it('fails with the first resource that failed and why, once the rollback ends', async () => {
    mocks.cloudformation.on(DescribeStacksCommand).resolves({ Stacks: [live({ StackStatus: 'ROLLBACK_COMPLETE' })] });
    mocks.cloudformation.on(CreateStackCommand).resolves({ StackId: STACK_ID });
    mocks.cloudformation.on(DescribeStackEventsCommand).resolves({
      StackEvents: [
        event('e4', 'openemr-recovery', 'ROLLBACK_COMPLETE'),
        event('e3', 'EBEnvironment', 'CREATE_FAILED', 'Resource creation cancelled'),
        event('e2', 'RDSInstance', 'CREATE_FAILED', 'DBSnapshot not found: arn:aws:rds:us-east-1:123456789012:snapshot:x'),
        event('e1', 'openemr-recovery', 'CREATE_IN_PROGRESS', 'User Initiated'),
      ],
    });
    await expect(stackKind.apply!(stepContext(), input, {})).rejects.toThrow(/ROLLBACK_COMPLETE \(RDSInstance \(AWS::RDS::DBInstance\) CREATE_FAILED: DBSnapshot not found/);
  });

  it('counts a drill this runbook deleted with its teardown token, from the same backups, as done; another deletion proves nothing', async () => {
    mocks.cloudformation.on(DescribeStacksCommand).callsFake(async (req: DescribeStacksCommandInput) => {
      if (req.StackName === 'openemr-recovery') throw notExist();
      return { Stacks: [live({ StackStatus: 'DELETE_COMPLETE' })] };
    });
    mocks.cloudformation.on(ListStacksCommand).resolves({ StackSummaries: [{ StackId: STACK_ID, StackName: 'openemr-recovery', StackStatus: 'DELETE_COMPLETE', CreationTime: new Date() }] });
    const deletedBy = (token: string) => ({ StackEvents: [event('d2', 'openemr-recovery', 'DELETE_COMPLETE', undefined, token), event('d1', 'openemr-recovery', 'DELETE_IN_PROGRESS', 'User Initiated', token)] });
    mocks.cloudformation.on(DescribeStackEventsCommand).resolvesOnce(deletedBy('runbook-teardown-abc')).resolves(deletedBy('Console-DeleteStack-1'));
    const proven = await stackKind.check(stepContext(), input);
    expect(proven).toMatchObject({ done: true, outputs: { provenBy: expect.stringContaining('Proven by drill r0') } });
    expect(mocks.cloudformation).toHaveReceivedCommandWith(ListStacksCommand, { StackStatusFilter: ['DELETE_COMPLETE'] });
    expect(await stackKind.check(stepContext(), input)).toMatchObject({ done: false });
    expect(await stackKind.check(stepContext(), { ...input, acceptProvenDrill: false })).toMatchObject({ done: false });
  });

  it('on a resume of the drill whose teardown began, changes none of what the run recorded', async () => {
    mocks.cloudformation.on(DescribeStacksCommand).resolves({ Stacks: [live({ StackStatus: 'DELETE_IN_PROGRESS', Tags: [...tags.filter((t) => t.Key !== 'runbook:run-id'), { Key: 'runbook:run-id', Value: 'test-run-0001' }] })] });
    mocks.cloudformation.on(DescribeStackEventsCommand).resolves({ StackEvents: [event('d1', 'openemr-recovery', 'DELETE_IN_PROGRESS', 'User Initiated', 'runbook-teardown-abc')] });
    const result = await stackKind.check(stepContext(), input);
    expect(result).toMatchObject({ done: true, outputs: { stackId: STACK_ID, url: 'http://lb.us-east-1.elb.amazonaws.com/openemr', provenBy: '' }, evidence: [expect.stringMatching(/verified by this run, whose teardown is deleting it/)] });
  });

  it('lets a CreateStack error through by name', async () => {
    mocks.cloudformation.on(CreateStackCommand).rejects(awsError('InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_NAMED_IAM]'));
    await expect(stackKind.apply!(stepContext(), input, {})).rejects.toMatchObject({ name: 'InsufficientCapabilitiesException' });
  });
});
