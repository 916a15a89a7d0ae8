import { DescribeInstancesCommand, type Instance } from '../../../src/aws/sdk/ec2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { DuplicateResourcesError } from '../../../src/steps/find-one.js';
import { findInstanceKind, InstanceNotFoundError } from '../../../src/steps/ec2/find-instance.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const running = (id: string, name = 'node-01.example.com'): Instance => ({
  InstanceId: id,
  State: { Name: 'running' },
  PrivateIpAddress: '172.31.0.4',
  PublicIpAddress: '203.0.113.1',
  Placement: { AvailabilityZone: 'us-east-1a' },
  RootDeviceName: '/dev/xvda',
  Tags: [{ Key: 'Name', Value: name }],
});
const reservations = (...instances: Instance[]) => ({ Reservations: [{ Instances: instances }] });

describe('ec2.findInstance', () => {
  beforeEach(resetMocks);

  it('finds the running instance by its Name tag, as the source\'s describe-instances query does', async () => {
    mocks.ec2.on(DescribeInstancesCommand).resolves(reservations(running('i-0abc0000000000001')));
    const result = await findInstanceKind.check(stepContext(), { what: 'the node', name: 'node-01.example.com' });
    expect(result).toMatchObject({
      done: true,
      outputs: { instanceId: 'i-0abc0000000000001', name: 'node-01.example.com', privateIp: '172.31.0.4', publicIp: '203.0.113.1', availabilityZone: 'us-east-1a', rootDeviceName: '/dev/xvda' },
    });
    expect(mocks.ec2.commandCalls(DescribeInstancesCommand)[0]!.args[0].input.Filters).toEqual([
      { Name: 'tag:Name', Values: ['node-01.example.com'] },
      { Name: 'instance-state-name', Values: ['running'] },
    ]);
  });

  it('takes an instance id given as the name, and refuses it when it is not running', async () => {
    mocks.ec2.on(DescribeInstancesCommand).resolves(reservations({ ...running('i-0abc0000000000001'), State: { Name: 'stopped' } }));
    await expect(findInstanceKind.check(stepContext(), { what: 'the node', name: 'i-0abc0000000000001' })).rejects.toThrow(/No running instance i-0abc0000000000001 in us-east-1 for the node \(it is stopped\)/);
    expect(mocks.ec2.commandCalls(DescribeInstancesCommand)[0]!.args[0].input).toEqual({ InstanceIds: ['i-0abc0000000000001'] });
  });

  it('finds the swarm manager by tags, and asks for its id when several match', async () => {
    mocks.ec2.on(DescribeInstancesCommand).resolves(reservations(running('i-0abc0000000000001'), running('i-0abc0000000000002')));
    const input = { what: 'the swarm manager', tags: { 'runbook:id': 'lamp-swarm-node', 'lamp:swarm-role': 'manager' } };
    await expect(findInstanceKind.check(stepContext(), input)).rejects.toThrow(
      new DuplicateResourcesError('Found 2 running instances tagged runbook:id=lamp-swarm-node, lamp:swarm-role=manager (i-0abc0000000000001, i-0abc0000000000002); name the swarm manager by its instance id.'),
    );
  });

  it('says so when nothing matches, including an unknown id, and passes other AWS errors on', async () => {
    mocks.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    await expect(findInstanceKind.check(stepContext(), { what: 'the node', name: 'node-09' })).rejects.toThrow('No running instance tagged Name=node-09 in us-east-1 for the node.');
    mocks.ec2.on(DescribeInstancesCommand).rejects(awsError('InvalidInstanceID.NotFound'));
    await expect(findInstanceKind.check(stepContext(), { what: 'the node', instanceId: 'i-0abc0000000000009' })).rejects.toThrow(InstanceNotFoundError);
    const denied = awsError('UnauthorizedOperation', 'ec2:DescribeInstances', 403);
    mocks.ec2.on(DescribeInstancesCommand).rejects(denied);
    await expect(findInstanceKind.check(stepContext(), { what: 'the node', name: 'node-01' })).rejects.toBe(denied);
  });
});
