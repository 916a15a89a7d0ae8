/** The sandbox's CloudFormation through the real SDK: templates read as CloudFormation reads them, stacks over simulated time. */
import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ListStacksCommand,
  UpdateTerminationProtectionCommand,
  ValidateTemplateCommand,
  type StackEvent,
} from '../../src/aws/sdk/cloudformation.js';
import { PutObjectCommand } from '../../src/aws/sdk/s3.js';
import { describe, expect, it } from 'vitest';
import type { AwsSession } from '../../src/aws/session.js';
import { defineAccountSeed } from '../../src/sandbox/account/fixtures.js';
import { newSandbox, simulatedWait } from './helpers.js';

const YAML = `AWSTemplateFormatVersion: '2010-09-09'
Description: A small stack
Parameters:
  VolumeSnapshot:
    Type: String
    Description: The snapshot to restore
  KeyName:
    Type: AWS::EC2::KeyPair::KeyName
  Size:
    Type: Number
    Default: '10'
    MinValue: 1
  Secret:
    Type: String
    NoEcho: true
    Default: hidden
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
  Volume:
    Type: AWS::EC2::Volume
    DeletionPolicy: Snapshot
    Properties:
      AvailabilityZone: !Select [0, !GetAZs '']
      SnapshotId: !Ref VolumeSnapshot
  Bucket:
    Type: AWS::S3::Bucket
    DeletionPolicy: Retain
  Environment:
    Type: AWS::ElasticBeanstalk::Environment
    DependsOn: Volume
    Properties:
      ApplicationName: !Sub '\${AWS::StackName}-app'
Outputs:
  URL:
    Description: Where it answers
    Value: !Join ['', ['http://', !GetAtt Environment.EndpointURL, '/app']]
  Region:
    Value: !Sub '\${AWS::Region}'
`;

const seed = defineAccountSeed({
  ebsSnapshots: [{ region: 'us-east-1', snapshotId: 'snap-0ebb4f155ff27040c', volumeId: 'vol-0aaaaaaaaaaaaaaa1', sizeGiB: 10, ageHours: 1 }],
  keyPairs: [{ region: 'us-east-1', name: 'ops' }],
  buckets: [{ name: 'templates-bucket', region: 'us-east-1' }],
});

function world() {
  const w = newSandbox();
  w.sandbox.applySeed(seed, 'test');
  return w;
}

const params = (snapshot = 'snap-0ebb4f155ff27040c') => [
  { ParameterKey: 'VolumeSnapshot', ParameterValue: snapshot },
  { ParameterKey: 'KeyName', ParameterValue: 'ops' },
];

async function status(aws: AwsSession, name: string): Promise<string> {
  return (await aws.cloudformation.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0]!.StackStatus!;
}

async function until(aws: AwsSession, name: string, done: (s: string) => boolean): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const s = await status(aws, name);
    if (done(s)) return s;
    await simulatedWait(5);
  }
  throw new Error(`${name} never settled`);
}

async function allEvents(aws: AwsSession, stackName: string): Promise<StackEvent[]> {
  const events: StackEvent[] = [];
  let token: string | undefined;
  do {
    const res = await aws.cloudformation.send(new DescribeStackEventsCommand({ StackName: stackName, NextToken: token }));
    events.push(...res.StackEvents!);
    token = res.NextToken;
  } while (token);
  return events;
}

describe('sandbox CloudFormation templates', () => {
  it('ValidateTemplate reads YAML short forms and JSON, and answers parameters and capabilities', async () => {
    const { aws } = world();
    const yaml = await aws.cloudformation.send(new ValidateTemplateCommand({ TemplateBody: YAML }));
    expect(yaml.Parameters!.map((p) => [p.ParameterKey, p.DefaultValue, p.NoEcho])).toEqual([
      ['VolumeSnapshot', undefined, false],
      ['KeyName', undefined, false],
      ['Size', '10', false],
      ['Secret', 'hidden', true],
    ]);
    expect(yaml).toMatchObject({ Description: 'A small stack', Capabilities: ['CAPABILITY_IAM'], CapabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::Role]' });
    const json = JSON.stringify({ Parameters: { RecoveryS3Bucket: { Type: 'String' } }, Resources: { B: { Type: 'AWS::S3::Bucket' } } });
    expect((await aws.cloudformation.send(new ValidateTemplateCommand({ TemplateBody: json }))).Parameters).toEqual([{ ParameterKey: 'RecoveryS3Bucket', NoEcho: false }]);
    await expect(aws.cloudformation.send(new ValidateTemplateCommand({ TemplateBody: 'Resources: {}' }))).rejects.toMatchObject({ name: 'ValidationError', message: /At least one Resources member/ });
    await expect(aws.cloudformation.send(new ValidateTemplateCommand({ TemplateBody: 'Resources:\n  A:\n    Type: X\n    Properties: { B: !Ref Nope }' }))).rejects.toMatchObject({ message: /Unresolved resource dependencies \[Nope\]/ });
    await expect(aws.cloudformation.send(new ValidateTemplateCommand({ TemplateBody: `# ${'x'.repeat(51_200)}\n${YAML}` }))).rejects.toMatchObject({ name: 'ValidationError', message: /less than or equal to 51200/ });
    const big = `# ${'x'.repeat(60_000)}\n${YAML}`;
    await aws.s3.send(new PutObjectCommand({ Bucket: 'templates-bucket', Key: 'big.yaml', Body: big }));
    const byUrl = await aws.cloudformation.send(new ValidateTemplateCommand({ TemplateURL: 'https://templates-bucket.s3.us-east-1.amazonaws.com/big.yaml' }));
    expect(byUrl.Parameters).toHaveLength(4);
    await expect(aws.cloudformation.send(new ValidateTemplateCommand({ TemplateURL: 'http://example.com/big.yaml' }))).rejects.toMatchObject({ name: 'ValidationError' });
  });
});

describe('sandbox CloudFormation stacks', () => {
  it('checks parameters and capabilities, honours ClientRequestToken, and builds the resources over time with their events and outputs', async () => {
    const { aws } = world();
    const base = { StackName: 'recovery', TemplateBody: YAML, Capabilities: ['CAPABILITY_IAM' as const] };
    await expect(aws.cloudformation.send(new CreateStackCommand({ ...base, Parameters: [params()[0]!] }))).rejects.toMatchObject({ name: 'ValidationError', message: 'Parameters: [KeyName] must have values' });
    await expect(aws.cloudformation.send(new CreateStackCommand({ ...base, Parameters: [...params(), { ParameterKey: 'Nope', ParameterValue: 'x' }] }))).rejects.toMatchObject({ message: 'Parameters: [Nope] do not exist in the template' });
    await expect(aws.cloudformation.send(new CreateStackCommand({ ...base, Parameters: [params()[0]!, { ParameterKey: 'KeyName', ParameterValue: 'missing' }] }))).rejects.toMatchObject({ message: /parameter value missing for parameter name KeyName does not exist/ });
    await expect(aws.cloudformation.send(new CreateStackCommand({ ...base, Parameters: [...params(), { ParameterKey: 'Size', ParameterValue: '0' }] }))).rejects.toMatchObject({ message: "Parameter 'Size' must be a number not less than 1" });
    await expect(aws.cloudformation.send(new CreateStackCommand({ ...base, Capabilities: [], Parameters: params() }))).rejects.toMatchObject({ name: 'InsufficientCapabilitiesException', message: 'Requires capabilities : [CAPABILITY_IAM]' });

    const request = { ...base, Parameters: params(), ClientRequestToken: 'runbook-create-1', EnableTerminationProtection: true, Tags: [{ Key: 'runbook:id', Value: 'test' }] };
    const { StackId } = await aws.cloudformation.send(new CreateStackCommand(request));
    expect(StackId).toMatch(/^arn:aws:cloudformation:us-east-1:123456789012:stack\/recovery\/[0-9a-f-]{36}$/);
    // The same request again (a retry) is the same stack; another token is another request.
    expect((await aws.cloudformation.send(new CreateStackCommand(request))).StackId).toBe(StackId);
    await expect(aws.cloudformation.send(new CreateStackCommand({ ...request, ClientRequestToken: 'runbook-create-2' }))).rejects.toMatchObject({ name: 'AlreadyExistsException', message: 'Stack [recovery] already exists' });

    const early = (await aws.cloudformation.send(new DescribeStacksCommand({ StackName: 'recovery' }))).Stacks![0]!;
    expect(early).toMatchObject({ StackStatus: 'CREATE_IN_PROGRESS', EnableTerminationProtection: true, Tags: [{ Key: 'runbook:id', Value: 'test' }] });
    expect(early.Outputs).toBeUndefined();
    expect(early.Parameters).toContainEqual({ ParameterKey: 'Secret', ParameterValue: '****' });
    expect(await until(aws, 'recovery', (s) => !s.endsWith('IN_PROGRESS'))).toBe('CREATE_COMPLETE');
    const stack = (await aws.cloudformation.send(new DescribeStacksCommand({ StackName: StackId }))).Stacks![0]!;
    const outputs = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs.URL).toMatch(/^http:\/\/awseb-e-[a-z0-9]+-stack-awsebloa-[a-z0-9]+-\d+\.us-east-1\.elb\.amazonaws\.com\/app$/);
    expect(outputs.Region).toBe('us-east-1');

    const events = await allEvents(aws, 'recovery');
    expect(events[0]).toMatchObject({ LogicalResourceId: 'recovery', ResourceStatus: 'CREATE_COMPLETE', ClientRequestToken: 'runbook-create-1' });
    expect(events.at(-1)).toMatchObject({ ResourceStatus: 'CREATE_IN_PROGRESS', ResourceStatusReason: 'User Initiated' });
    const order = events.filter((e) => e.ResourceStatus === 'CREATE_COMPLETE' && e.ResourceType !== 'AWS::CloudFormation::Stack').reverse().map((e) => e.LogicalResourceId);
    expect(order.indexOf('Volume')).toBeLessThan(order.indexOf('Environment'));
  });

  it('rolls back when a resource fails (a snapshot of another region), with the failed resource and its reason', async () => {
    const { aws } = world();
    await aws.cloudformation.send(new CreateStackCommand({ StackName: 'bad', TemplateBody: YAML, Capabilities: ['CAPABILITY_IAM'], Parameters: params('snap-00000000000000001') }));
    expect(await until(aws, 'bad', (s) => s.endsWith('COMPLETE') || s.endsWith('FAILED'))).toBe('ROLLBACK_COMPLETE');
    const events = await allEvents(aws, 'bad');
    const failed = events.filter((e) => e.ResourceStatus === 'CREATE_FAILED').reverse();
    expect(failed[0]).toMatchObject({ LogicalResourceId: 'Volume', ResourceStatusReason: expect.stringContaining("The snapshot 'snap-00000000000000001' does not exist.") });
    const rollback = events.find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS')!;
    expect(rollback.ResourceStatusReason).toBe('The following resource(s) failed to create: [Volume]. Rollback requested by user.');
    // A rolled-back stack still holds its name until it is deleted.
    await expect(aws.cloudformation.send(new CreateStackCommand({ StackName: 'bad', TemplateBody: YAML, Capabilities: ['CAPABILITY_IAM'], Parameters: params() }))).rejects.toMatchObject({ name: 'AlreadyExistsException' });
  });

  it('refuses to delete a protected stack; deletes, skipping what it retains; then the stack is found by its id only', async () => {
    const { aws } = world();
    const { StackId } = await aws.cloudformation.send(new CreateStackCommand({ StackName: 'drill', TemplateBody: YAML, Capabilities: ['CAPABILITY_IAM'], Parameters: params(), EnableTerminationProtection: true }));
    await until(aws, 'drill', (s) => s === 'CREATE_COMPLETE');
    await expect(aws.cloudformation.send(new DeleteStackCommand({ StackName: 'drill' }))).rejects.toMatchObject({ name: 'ValidationError', message: 'Stack [drill] cannot be deleted while TerminationProtection is enabled' });
    await aws.cloudformation.send(new UpdateTerminationProtectionCommand({ StackName: 'drill', EnableTerminationProtection: false }));
    await aws.cloudformation.send(new DeleteStackCommand({ StackName: 'drill', ClientRequestToken: 'runbook-teardown-1' }));
    expect(await status(aws, 'drill')).toBe('DELETE_IN_PROGRESS');
    for (let i = 0; i < 100; i++) {
      const s = (await aws.cloudformation.send(new DescribeStacksCommand({ StackName: StackId }))).Stacks![0]!.StackStatus;
      if (s === 'DELETE_COMPLETE') break;
      await simulatedWait(5);
    }
    await expect(aws.cloudformation.send(new DescribeStacksCommand({ StackName: 'drill' }))).rejects.toMatchObject({ name: 'ValidationError', message: 'Stack with id drill does not exist' });
    const gone = (await aws.cloudformation.send(new DescribeStacksCommand({ StackName: StackId }))).Stacks![0]!;
    expect(gone.StackStatus).toBe('DELETE_COMPLETE');
    expect(gone.DeletionTime).toBeInstanceOf(Date);
    const events = await allEvents(aws, StackId!);
    expect(events.find((e) => e.LogicalResourceId === 'Bucket' && e.ResourceStatus?.startsWith('DELETE'))).toMatchObject({ ResourceStatus: 'DELETE_SKIPPED', ClientRequestToken: 'runbook-teardown-1' });
    expect(events[0]).toMatchObject({ LogicalResourceId: 'drill', ResourceStatus: 'DELETE_COMPLETE', ClientRequestToken: 'runbook-teardown-1' });
    const listed = await aws.cloudformation.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }));
    expect(listed.StackSummaries!.map((s) => s.StackId)).toEqual([StackId]);
    // Deleting again, or a stack that never existed, succeeds and does nothing.
    await aws.cloudformation.send(new DeleteStackCommand({ StackName: 'drill' }));
    await aws.cloudformation.send(new DeleteStackCommand({ StackName: 'never-was' }));
  });

  it('pages DescribeStackEvents with NextToken', async () => {
    const { aws } = world();
    const resources = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`Q${i}`, { Type: 'AWS::SQS::Queue' }]));
    await aws.cloudformation.send(new CreateStackCommand({ StackName: 'many', TemplateBody: JSON.stringify({ Resources: resources }) }));
    await until(aws, 'many', (s) => s === 'CREATE_COMPLETE');
    const first = await aws.cloudformation.send(new DescribeStackEventsCommand({ StackName: 'many' }));
    expect(first.StackEvents).toHaveLength(100);
    expect(first.NextToken).toBeDefined();
    const all = await allEvents(aws, 'many');
    expect(all).toHaveLength(2 + 40 * 3);
    expect(new Set(all.map((e) => e.EventId)).size).toBe(all.length);
  });
});
