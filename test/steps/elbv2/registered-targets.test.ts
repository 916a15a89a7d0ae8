import { DeregisterTargetsCommand, DescribeTargetGroupsCommand, DescribeTargetHealthCommand, RegisterTargetsCommand } from '../../../src/aws/sdk/elbv2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { registeredTargetsKind, type RegisteredTargetsInput } from '../../../src/steps/elbv2/registered-targets.js';
import { registeredTargetsUndo } from '../../../src/steps/elbv2/registered-targets-undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/qis-lb/0123456789abcdef';
const input: RegisteredTargetsInput = { targetGroupName: 'qis-lb', instanceIds: ['i-web'] };
const targets = (State?: 'healthy' | 'initial') => ({ TargetHealthDescriptions: State ? [{ Target: { Id: 'i-web', Port: 80 }, TargetHealth: { State } }] : [] });

describe('elbv2.registeredTargets', () => {
  beforeEach(() => {
    resetMocks();
    mocks.elbv2.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: TG, TargetGroupName: 'qis-lb' }] });
  });

  it('is done when the instance is registered and healthy', async () => {
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves(targets('healthy'));
    expect(await registeredTargetsKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { targetGroupArn: TG, instanceIds: ['i-web'] }, evidence: ['qis-lb: i-web healthy'] });
  });

  it('registers an instance the group does not list, then waits until it is healthy', async () => {
    mocks.elbv2.on(DescribeTargetHealthCommand).resolvesOnce(targets()).resolvesOnce(targets('initial')).resolves(targets('healthy'));
    const ctx = stepContext();
    const found = await registeredTargetsKind.check(ctx, input);
    if (found.done) throw new Error('expected not registered');
    expect(registeredTargetsKind.plan(input, found.found, ctx).map((c) => c.operation)).toEqual(['RegisterTargets']);
    expect(await registeredTargetsKind.apply!(ctx, input, found.found)).toEqual({ targetGroupArn: TG, instanceIds: ['i-web'] });
    expect(mocks.elbv2).toHaveReceivedCommandWith(RegisterTargetsCommand, { TargetGroupArn: TG, Targets: [{ Id: 'i-web' }] });
  });

  it('says so when the target group does not exist', async () => {
    mocks.elbv2.on(DescribeTargetGroupsCommand).rejects(awsError('TargetGroupNotFoundException', 'One or more target groups not found'));
    await expect(registeredTargetsKind.check(stepContext(), input)).rejects.toThrow(/no target group qis-lb .*run the runbook that makes it first/);
  });

  it('lets AWS errors through by name', async () => {
    mocks.elbv2.on(RegisterTargetsCommand).rejects(awsError('InvalidTarget', 'not in a running state'));
    await expect(registeredTargetsKind.apply!(stepContext(), input, { targetGroupArn: TG, unregistered: ['i-web'] })).rejects.toMatchObject({ name: 'InvalidTarget' });
  });

  it('undo: deregisters what the step registered, and keeps a registration it found already there', async () => {
    const ctx = stepContext();
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves(targets('healthy'));
    const outputs = { targetGroupArn: TG, instanceIds: ['i-web'] };
    expect((await registeredTargetsUndo.find(ctx, { input, outputs, status: 'ok' })).map((r) => r.madeByRun)).toEqual([false]);
    const [made] = await registeredTargetsUndo.find(ctx, { input, outputs, status: 'changed' });
    expect(made).toMatchObject({ type: 'elasticloadbalancing:target', madeByRun: true });
    await registeredTargetsUndo.remove(ctx, made!, { snapshotFirst: false });
    expect(mocks.elbv2).toHaveReceivedCommandWith(DeregisterTargetsCommand, { TargetGroupArn: TG, Targets: [{ Id: 'i-web' }] });
  });
});
