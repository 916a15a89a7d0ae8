import { DescribeStackEventsCommand, DescribeStacksCommand } from '../../../src/aws/sdk/cloudformation.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { stackPageKind } from '../../../src/steps/cloudformation/stack-page.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/openemr-recovery/11111111-2222-3333-4444-555555555555';
const input = { stackId: STACK_ID, url: 'http://lb.example/openemr', path: '/interface/login/login.php', expectStatus: 200, expectText: 'login', waitSeconds: 60 };
const stack = (status: string) => ({ Stacks: [{ StackId: STACK_ID, StackName: 'openemr-recovery', StackStatus: status as never, CreationTime: new Date() }] });

describe('cloudformation.stackPage', () => {
  beforeEach(resetMocks);

  it('asks the page through the stack\'s URL while the stack is up', async () => {
    mocks.cloudformation.on(DescribeStacksCommand).resolves(stack('CREATE_COMPLETE'));
    const http = { get: async () => ({ status: 200, headers: {}, body: '<title>OpenEMR Login</title>' }) };
    expect(await stackPageKind.check(stepContext({ http }), input)).toMatchObject({ done: true, outputs: { url: 'http://lb.example/openemr/interface/login/login.php', status: 200 } });
  });

  it('is done with the same outputs once a drill\'s teardown deleted the stack, and asks nothing else', async () => {
    mocks.cloudformation.on(DescribeStacksCommand).resolves(stack('DELETE_COMPLETE'));
    mocks.cloudformation.on(DescribeStackEventsCommand).resolves({ StackEvents: [{ EventId: 'e', StackId: STACK_ID, StackName: 'openemr-recovery', LogicalResourceId: 'openemr-recovery', ResourceType: 'AWS::CloudFormation::Stack', ResourceStatus: 'DELETE_IN_PROGRESS', ClientRequestToken: 'runbook-teardown-1', Timestamp: new Date() }] });
    const http = { get: async () => ({ status: 599, headers: {}, body: '' }) };
    const result = await stackPageKind.check(stepContext({ http }), input);
    expect(result).toMatchObject({ done: true, outputs: { url: 'http://lb.example/openemr/interface/login/login.php', status: 200 }, evidence: [expect.stringMatching(/a drill's teardown deleted it/)] });
  });

  it('lets an AWS error through', async () => {
    mocks.cloudformation.on(DescribeStacksCommand).rejects(awsError('AccessDenied', 'no', 403));
    await expect(stackPageKind.check(stepContext(), input)).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
