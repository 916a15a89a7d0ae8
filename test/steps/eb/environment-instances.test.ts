import { DescribeEnvironmentResourcesCommand } from '../../../src/aws/sdk/elasticbeanstalk.js';
import { DescribeInstanceInformationCommand } from '../../../src/aws/sdk/ssm.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { environmentInstancesKind } from '../../../src/steps/eb/environment-instances.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';
import { environmentInstances } from '../../../src/steps/eb/index.js';

const input = { environment: 'OpenEMR' };
const I1 = 'i-0000000000000000b';
const I2 = 'i-0000000000000000a';

function resources(...ids: string[]): void {
  mocks.eb.on(DescribeEnvironmentResourcesCommand).resolves({ EnvironmentResources: { EnvironmentName: 'OpenEMR', Instances: ids.map((Id) => ({ Id })) } });
}

function ping(id: string, PingStatus: 'Online' | 'ConnectionLost') {
  return { InstanceInformationList: [{ InstanceId: id, PingStatus }] };
}

describe('eb.environmentInstances', () => {
  beforeEach(resetMocks);

  it('lists the instances in order once every SSM agent is online', async () => {
    resources(I1, I2);
    mocks.ssm.on(DescribeInstanceInformationCommand, { Filters: [{ Key: 'InstanceIds', Values: [I1] }] }).resolvesOnce({ InstanceInformationList: [] }).resolves(ping(I1, 'Online'));
    mocks.ssm.on(DescribeInstanceInformationCommand, { Filters: [{ Key: 'InstanceIds', Values: [I2] }] }).resolves(ping(I2, 'Online'));
    const ctx = stepContext();

    const result = await environmentInstancesKind.check(ctx, input);

    expect(result).toEqual({ done: true, outputs: { instanceIds: [I2, I1], firstInstanceId: I2 }, evidence: [`${I2}: SSM agent Online`, `${I1}: SSM agent Online`] });
    expect(mocks.eb.commandCalls(DescribeEnvironmentResourcesCommand)[0]!.args[0].input).toEqual({ EnvironmentName: 'OpenEMR' });
    expect(ctx.progressLines.some((l) => l.includes(`${I1} NotRegistered`))).toBe(true);
    expect(environmentInstances('x', { covers: '1' } as never).mutating).toBe(false);
    expect(environmentInstancesKind.plan(input, undefined)).toEqual([]);
  });

  it('is not done for an environment without instances, and passes AWS errors on', async () => {
    resources();
    await expect(environmentInstancesKind.check(stepContext(), input)).resolves.toEqual({ done: false, reason: 'Environment OpenEMR has no instances.' });

    const denied = awsError('AccessDenied', 'elasticbeanstalk:DescribeEnvironmentResources', 403);
    mocks.eb.on(DescribeEnvironmentResourcesCommand).rejects(denied);
    await expect(environmentInstancesKind.check(stepContext(), input)).rejects.toBe(denied);
  });
});
