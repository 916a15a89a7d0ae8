import { DeregisterInstancesFromLoadBalancerCommand, DescribeInstanceHealthCommand, DescribeLoadBalancersCommand, RegisterInstancesWithLoadBalancerCommand } from '../../../src/aws/sdk/elb.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { registeredInstancesKind, type RegisteredInstancesInput } from '../../../src/steps/elb/registered-instances.js';
import { registeredInstancesUndo } from '../../../src/steps/elb/registered-instances-undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const input: RegisteredInstancesInput = { loadBalancerName: 'qis-lb', instanceIds: ['i-web'] };
const listing = (...ids: string[]) => ({ LoadBalancerDescriptions: [{ LoadBalancerName: 'qis-lb', Instances: ids.map((InstanceId) => ({ InstanceId })) }] });
const health = (State: string) => ({ InstanceStates: [{ InstanceId: 'i-web', State, Description: State === 'InService' ? 'N/A' : 'Instance registration is still in progress.' }] });

describe('elb.registeredInstances', () => {
  beforeEach(resetMocks);

  it('is done when the instance is registered and InService', async () => {
    mocks.elb.on(DescribeLoadBalancersCommand).resolves(listing('i-web'));
    mocks.elb.on(DescribeInstanceHealthCommand).resolves(health('InService'));
    expect(await registeredInstancesKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { instanceIds: ['i-web'] }, evidence: ['qis-lb: i-web InService'] });
  });

  it('registers an instance that is not listed, then waits until it is InService', async () => {
    mocks.elb.on(DescribeLoadBalancersCommand).resolves(listing());
    mocks.elb.on(DescribeInstanceHealthCommand).resolvesOnce(health('OutOfService')).resolves(health('InService'));
    const ctx = stepContext();
    const found = await registeredInstancesKind.check(ctx, input);
    if (found.done) throw new Error('expected not registered');
    expect(registeredInstancesKind.plan(input, found.found, ctx).map((c) => c.operation)).toEqual(['RegisterInstancesWithLoadBalancer']);
    expect(await registeredInstancesKind.apply!(ctx, input, found.found)).toEqual({ loadBalancerName: 'qis-lb', instanceIds: ['i-web'] });
    expect(mocks.elb).toHaveReceivedCommandWith(RegisterInstancesWithLoadBalancerCommand, { LoadBalancerName: 'qis-lb', Instances: [{ InstanceId: 'i-web' }] });
  });

  it('says so when the load balancer does not exist', async () => {
    mocks.elb.on(DescribeLoadBalancersCommand).rejects(awsError('AccessPointNotFoundException', "There is no ACTIVE Load Balancer named 'qis-lb'"));
    await expect(registeredInstancesKind.check(stepContext(), input)).rejects.toThrow(/no classic load balancer qis-lb .*run the runbook that makes it first/);
  });

  it('lets AWS errors through by name', async () => {
    mocks.elb.on(RegisterInstancesWithLoadBalancerCommand).rejects(awsError('InvalidEndPointException', 'The requested instance(s) are not valid'));
    await expect(registeredInstancesKind.apply!(stepContext(), input, { unregistered: ['i-web'] })).rejects.toMatchObject({ name: 'InvalidEndPointException' });
  });

  it('undo: deregisters what the step registered, and keeps a registration it found already there', async () => {
    const ctx = stepContext();
    mocks.elb.on(DescribeLoadBalancersCommand).resolves(listing('i-web'));
    const outputs = { loadBalancerName: 'qis-lb', instanceIds: ['i-web'] };
    expect((await registeredInstancesUndo.find(ctx, { input, outputs, status: 'ok' })).map((r) => r.madeByRun)).toEqual([false]);
    const made = await registeredInstancesUndo.find(ctx, { input, outputs, status: 'changed' });
    expect(made.map((r) => [r.id, r.madeByRun])).toEqual([['qis-lb/i-web', true]]);
    await registeredInstancesUndo.remove(ctx, made[0]!, { snapshotFirst: false });
    expect(mocks.elb).toHaveReceivedCommandWith(DeregisterInstancesFromLoadBalancerCommand, { LoadBalancerName: 'qis-lb', Instances: [{ InstanceId: 'i-web' }] });
  });
});
