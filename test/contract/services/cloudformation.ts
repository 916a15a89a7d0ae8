/**
 * CloudFormation as the stack kinds drive it: cloudformation.validateTemplate,
 * cloudformation.stack (a ClientRequestToken, capabilities, tags, termination
 * protection, the events read while it is created) and
 * cloudformation.deleteStack (protection refused, a deletion token that the
 * stack's events carry, the stack found by its id and by ListStacks once gone).
 */
import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  ListStacksCommand,
  ValidateTemplateCommand,
  type CreateStackCommandInput,
} from '../../../src/aws/sdk/cloudformation.js';
import { shapeOf, type Probe, type ServiceContract } from '../harness.js';

const TEMPLATE = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Description: 'contract: a group and a role',
  Parameters: {
    GroupDescription: { Type: 'String', Default: 'contract' },
    Secret: { Type: 'String', NoEcho: true },
  },
  Resources: {
    Group: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: { Ref: 'GroupDescription' }, Tags: [{ Key: 'contract', Value: { Ref: 'Secret' } }] } },
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
    },
  },
  Outputs: { GroupId: { Value: { 'Fn::GetAtt': ['Group', 'GroupId'] }, Description: 'the group' } },
});

const describe = (t: Probe, nameOrId: string) => t.aws.cloudformation.send(new DescribeStacksCommand({ StackName: nameOrId })).then((r) => r.Stacks![0]!);

export const cloudFormationContract: ServiceContract = {
  service: 'cloudformation',
  scenarios: [
    {
      name: 'a stack as cloudformation.stack makes it and cloudformation.deleteStack removes it: token, capabilities, protection, events, gone',
      operations: [
        'cloudformation:ValidateTemplate',
        'cloudformation:CreateStack',
        'cloudformation:DescribeStacks',
        'cloudformation:DescribeStackEvents',
        'cloudformation:DescribeStackResource',
        'cloudformation:DeleteStack',
        'cloudformation:ListStacks',
      ],
      async run(t) {
        const cfn = t.aws.cloudformation;
        const name = t.unique('contract-stack');
        const validated = await cfn.send(new ValidateTemplateCommand({ TemplateBody: TEMPLATE }));
        t.observe('ValidateTemplate', shapeOf(validated, ['Parameters[].ParameterKey', 'Parameters[].NoEcho', 'Capabilities', 'CapabilitiesReason']));
        t.observe('the parameters it declares', validated.Parameters?.map((p) => p.ParameterKey).sort());
        t.observe('the capabilities it needs', validated.Capabilities);
        t.observe('a template that is not JSON or YAML', await t.outcome(cfn.send(new ValidateTemplateCommand({ TemplateBody: '{ "Resources": ' }))));

        const request: CreateStackCommandInput = {
          StackName: name,
          TemplateBody: TEMPLATE,
          Parameters: [{ ParameterKey: 'Secret', ParameterValue: 'not-for-logs' }],
          Capabilities: ['CAPABILITY_IAM'],
          Tags: [{ Key: 'runbook:id', Value: 'contract' }],
          EnableTerminationProtection: false,
          ClientRequestToken: `runbook-create-${name}`,
          TimeoutInMinutes: 30,
        };
        t.observe('without the capability', await t.outcome(cfn.send(new CreateStackCommand({ ...request, StackName: `${name}-nocap`, Capabilities: [], ClientRequestToken: `${name}-nocap` }))));
        const created = await cfn.send(new CreateStackCommand(request));
        t.observe('CreateStack', shapeOf(created, ['StackId']));
        const stackId = created.StackId!;
        t.observe('the same token again gives the same stack', (await cfn.send(new CreateStackCommand(request)).then((r) => r.StackId, (e: Error) => e.name)) === stackId);
        t.observe('the same name with another token', await t.outcome(cfn.send(new CreateStackCommand({ ...request, ClientRequestToken: `${name}-other` }))));
        const { value: stack, states } = await t.until('CREATE_COMPLETE', () => describe(t, stackId), (s) => s.StackStatus === 'CREATE_COMPLETE', (s) => s.StackStatus);
        t.observe('states on the way to CREATE_COMPLETE', states.every((s) => ['CREATE_IN_PROGRESS', 'CREATE_COMPLETE'].includes(s!)));
        t.observe('DescribeStacks', shapeOf(stack, ['StackId', 'StackName', 'StackStatus', 'Parameters[].ParameterKey', 'Outputs[].OutputKey', 'Outputs[].OutputValue', 'Tags[].Key', 'EnableTerminationProtection', 'CreationTime']));
        t.observe('a NoEcho parameter is masked', stack.Parameters?.find((p) => p.ParameterKey === 'Secret')?.ParameterValue);
        t.observe('its outputs', stack.Outputs?.map((o) => [o.OutputKey, /^sg-/.test(o.OutputValue ?? '')]));
        t.observe('by its name', (await describe(t, name)).StackId === stackId);
        const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: stackId }))).StackEvents ?? [];
        t.observe('DescribeStackEvents', shapeOf({ events }, ['events[].EventId', 'events[].LogicalResourceId', 'events[].ResourceType', 'events[].ResourceStatus', 'events[].Timestamp']));
        t.observe('the newest event first: the stack complete', [events[0]?.LogicalResourceId === name, events[0]?.ResourceStatus]);
        t.observe('each resource complete', events.filter((e) => e.ResourceStatus === 'CREATE_COMPLETE' && e.LogicalResourceId !== name).map((e) => e.LogicalResourceId).sort());
        const resource = await cfn.send(new DescribeStackResourceCommand({ StackName: stackId, LogicalResourceId: 'Group' }));
        t.observe('DescribeStackResource', shapeOf(resource, ['StackResourceDetail.PhysicalResourceId', 'StackResourceDetail.ResourceType', 'StackResourceDetail.ResourceStatus']));
        t.observe('a resource the stack does not have', await t.outcome(cfn.send(new DescribeStackResourceCommand({ StackName: stackId, LogicalResourceId: 'Nothing' }))));

        const protectedId = (await cfn.send(new CreateStackCommand({ ...request, StackName: `${name}-protected`, EnableTerminationProtection: true, ClientRequestToken: `${name}-protected` }))).StackId!;
        t.observe('protection as asked', (await describe(t, protectedId)).EnableTerminationProtection);
        t.observe('deleting a protected stack', await t.outcome(cfn.send(new DeleteStackCommand({ StackName: protectedId }))));
        const token = `runbook-teardown-${name}`;
        t.observe('DeleteStack', await t.outcome(cfn.send(new DeleteStackCommand({ StackName: stackId, ClientRequestToken: token }))));
        const deleted = await t.until('DELETE_COMPLETE', () => describe(t, stackId), (s) => s.StackStatus === 'DELETE_COMPLETE', (s) => s.StackStatus);
        t.observe('states on the way to DELETE_COMPLETE', deleted.states.every((s) => ['CREATE_COMPLETE', 'DELETE_IN_PROGRESS', 'DELETE_COMPLETE'].includes(s!)));
        const deleting = ((await cfn.send(new DescribeStackEventsCommand({ StackName: stackId }))).StackEvents ?? []).find((e) => e.LogicalResourceId === name && e.ResourceStatus === 'DELETE_IN_PROGRESS');
        t.observe('the deletion event carries its token', deleting?.ClientRequestToken === token);
        t.observe('the deleted stack by its name', await t.outcome(describe(t, name)));
        const gone = await cfn.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }));
        t.observe('ListStacks', shapeOf(gone, ['StackSummaries[].StackId', 'StackSummaries[].StackName', 'StackSummaries[].StackStatus', 'StackSummaries[].DeletionTime']));
        t.observe('the deleted stack listed', gone.StackSummaries?.filter((s) => s.StackName === name).map((s) => [s.StackId === stackId, s.StackStatus]));
        t.observe('deleting it again', await t.outcome(cfn.send(new DeleteStackCommand({ StackName: stackId }))));
        t.observe('an unknown stack', await t.outcome(describe(t, `${name}-none`)));
      },
    },
  ],
  notInMoto: {
    'cloudformation:UpdateTerminationProtection': 'not implemented by moto 5.2.1 (500 HTML page); moto keeps EnableTerminationProtection as given at creation and never enforces it',
  },
};
