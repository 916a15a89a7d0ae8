import { CreateTargetGroupCommand, DescribeTargetGroupsCommand, ModifyTargetGroupCommand } from '../../../src/aws/sdk/elbv2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { targetGroupKind, type TargetGroupInput } from '../../../src/steps/elbv2/target-group.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/aquamark-web/0123456789abcdef';
const input: TargetGroupInput = { name: 'aquamark-web', vpcId: 'vpc-1', protocol: 'HTTP', port: 80, healthCheckPath: '/ping' };
const tg = { TargetGroupArn: ARN, TargetGroupName: 'aquamark-web', VpcId: 'vpc-1', Protocol: 'HTTP' as const, Port: 80, HealthCheckPath: '/ping', Matcher: { HttpCode: '200' }, HealthCheckIntervalSeconds: 15, HealthyThresholdCount: 3 };

describe('elbv2.targetGroup', () => {
  beforeEach(resetMocks);

  it('is done when the group checks /ping', async () => {
    mocks.elbv2.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [tg] });
    expect(await targetGroupKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { targetGroupArn: ARN } });
  });

  it('creates it with the health check and tags; a drifted one is modified, not replaced', async () => {
    mocks.elbv2.on(DescribeTargetGroupsCommand).rejects(awsError('TargetGroupNotFound', 'not found'));
    mocks.elbv2.on(CreateTargetGroupCommand).resolves({ TargetGroups: [tg] });
    const ctx = stepContext();
    expect(await targetGroupKind.check(ctx, input)).toMatchObject({ done: false });
    expect(await targetGroupKind.apply!(ctx, input, undefined)).toEqual({ targetGroupArn: ARN, name: 'aquamark-web' });
    expect(mocks.elbv2).toHaveReceivedCommandWith(CreateTargetGroupCommand, { Name: 'aquamark-web', Port: 80, HealthCheckPath: '/ping', Matcher: { HttpCode: '200' }, Tags: ctx.tags('aquamark-web') });
    mocks.elbv2.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ ...tg, HealthCheckPath: '/index.html' }] });
    const drifted = await targetGroupKind.check(ctx, input);
    if (drifted.done) throw new Error('expected drift');
    await targetGroupKind.apply!(ctx, input, drifted.found);
    expect(mocks.elbv2).toHaveReceivedCommandWith(ModifyTargetGroupCommand, { TargetGroupArn: ARN, HealthCheckPath: '/ping' });
  });

  it('refuses a group of another port, and lets AWS errors through by name', async () => {
    mocks.elbv2.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ ...tg, Port: 8080 }] });
    await expect(targetGroupKind.check(stepContext(), input)).rejects.toThrow(/exists for HTTP 8080/);
    mocks.elbv2.on(CreateTargetGroupCommand).rejects(awsError('TooManyTargetGroups', 'limit'));
    await expect(targetGroupKind.apply!(stepContext(), input, undefined)).rejects.toMatchObject({ name: 'TooManyTargetGroups' });
  });
});
