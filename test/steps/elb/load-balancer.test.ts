import {
  ConfigureHealthCheckCommand,
  CreateLoadBalancerCommand,
  DeleteLoadBalancerCommand,
  DeleteLoadBalancerListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  type LoadBalancerDescription,
} from '../../../src/aws/sdk/elb.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { classicLoadBalancerKind, type ClassicLoadBalancerInput } from '../../../src/steps/elb/load-balancer.js';
import { classicLoadBalancerUndo } from '../../../src/steps/elb/load-balancer-undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/6fc10c90-d550-4fd5-bb5c-c2416e31839a';
const input: ClassicLoadBalancerInput = {
  name: 'qis-lb',
  scheme: 'internet-facing',
  subnetIds: ['subnet-a', 'subnet-b'],
  securityGroupIds: ['sg-lb'],
  listeners: [
    { protocol: 'HTTP', port: 80, instanceProtocol: 'HTTP', instancePort: 80 },
    { protocol: 'HTTPS', port: 443, instanceProtocol: 'HTTP', instancePort: 80, certificateArn: CERT },
  ],
  healthCheck: { target: 'HTTP:80/', intervalSeconds: 30, timeoutSeconds: 5, healthyThreshold: 3, unhealthyThreshold: 2 },
};
const OURS = [{ Key: 'runbook:id', Value: 'test-runbook' }, { Key: 'runbook:run-id', Value: 'test-run-0001' }];

function inPlace(extra: Partial<LoadBalancerDescription> = {}): LoadBalancerDescription {
  return {
    LoadBalancerName: 'qis-lb',
    DNSName: 'qis-lb-1.us-east-1.elb.amazonaws.com',
    Scheme: 'internet-facing',
    VPCId: 'vpc-1',
    Subnets: ['subnet-a', 'subnet-b'],
    SecurityGroups: ['sg-lb'],
    ListenerDescriptions: [
      { Listener: { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 } },
      { Listener: { Protocol: 'HTTPS', LoadBalancerPort: 443, InstanceProtocol: 'HTTP', InstancePort: 80, SSLCertificateId: CERT } },
    ],
    HealthCheck: { Target: 'HTTP:80/', Interval: 30, Timeout: 5, HealthyThreshold: 3, UnhealthyThreshold: 2 },
    ...extra,
  };
}

function writes(): string[] {
  return mocks.elb.calls().map((c) => (c.args[0] as object).constructor.name).filter((name) => !name.startsWith('Describe'));
}

describe('elb.classicLoadBalancer', () => {
  beforeEach(() => {
    resetMocks();
    mocks.elb.on(DescribeTagsCommand).resolves({ TagDescriptions: [{ LoadBalancerName: 'qis-lb', Tags: OURS }] });
  });

  it('is done, sending nothing, when the load balancer is as wanted', async () => {
    mocks.elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancerDescriptions: [inPlace()] });
    const result = await classicLoadBalancerKind.check(stepContext(), input);
    expect(result).toMatchObject({ done: true, outputs: { name: 'qis-lb', dnsName: 'qis-lb-1.us-east-1.elb.amazonaws.com', vpcId: 'vpc-1' } });
    expect(writes()).toEqual([]);
  });

  it('creates it with its listeners, groups, subnets and tags, then sets the health check', async () => {
    mocks.elb.on(DescribeLoadBalancersCommand).rejectsOnce(awsError('AccessPointNotFoundException', "There is no ACTIVE Load Balancer named 'qis-lb'")).resolves({ LoadBalancerDescriptions: [inPlace()] });
    const ctx = stepContext();
    const checked = await classicLoadBalancerKind.check(ctx, input);
    expect(checked).toEqual({ done: false, reason: 'No load balancer qis-lb yet.' });
    expect(classicLoadBalancerKind.plan(input, undefined, ctx).map((c) => c.operation)).toEqual(['CreateLoadBalancer', 'ConfigureHealthCheck']);
    await expect(classicLoadBalancerKind.apply!(ctx, input, undefined)).resolves.toEqual({ name: 'qis-lb', dnsName: 'qis-lb-1.us-east-1.elb.amazonaws.com', vpcId: 'vpc-1' });
    expect(mocks.elb).toHaveReceivedCommandWith(CreateLoadBalancerCommand, {
      LoadBalancerName: 'qis-lb',
      Scheme: 'internet-facing',
      Subnets: ['subnet-a', 'subnet-b'],
      SecurityGroups: ['sg-lb'],
      Listeners: [
        { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 },
        { Protocol: 'HTTPS', LoadBalancerPort: 443, InstanceProtocol: 'HTTP', InstancePort: 80, SSLCertificateId: CERT },
      ],
    });
    expect(mocks.elb.commandCalls(CreateLoadBalancerCommand)[0]!.args[0].input.Tags).toContainEqual({ Key: 'Name', Value: 'qis-lb' });
    expect(mocks.elb).toHaveReceivedCommandWith(ConfigureHealthCheckCommand, { LoadBalancerName: 'qis-lb', HealthCheck: { Target: 'HTTP:80/', Interval: 30, Timeout: 5, HealthyThreshold: 3, UnhealthyThreshold: 2 } });
  });

  it('replaces a listener that differs, and applies the groups it lacks, leaving the rest', async () => {
    const drifted = inPlace({ SecurityGroups: ['sg-other'], ListenerDescriptions: [{ Listener: { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 8080 } }, inPlace().ListenerDescriptions![1]!] });
    mocks.elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancerDescriptions: [drifted] });
    const ctx = stepContext();
    const checked = await classicLoadBalancerKind.check(ctx, input);
    expect(checked).toMatchObject({ done: false, reason: 'Load balancer qis-lb lacks its security groups, the listener HTTP 80 -> HTTP 80, no other listener on 80.' });
    const found = checked.done ? undefined : (checked.found as never);
    expect(classicLoadBalancerKind.plan(input, found, ctx).map((c) => c.operation)).toEqual(['ApplySecurityGroupsToLoadBalancer', 'DeleteLoadBalancerListeners', 'CreateLoadBalancerListeners']);
    await classicLoadBalancerKind.apply!(ctx, input, found);
    expect(mocks.elb).toHaveReceivedCommandWith(DeleteLoadBalancerListenersCommand, { LoadBalancerName: 'qis-lb', LoadBalancerPorts: [80] });
    expect(mocks.elb.commandCalls(CreateLoadBalancerCommand)).toHaveLength(0);
  });

  it('never changes a load balancer of that name that it did not make, nor one of another scheme', async () => {
    mocks.elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancerDescriptions: [inPlace()] });
    mocks.elb.on(DescribeTagsCommand).resolves({ TagDescriptions: [{ LoadBalancerName: 'qis-lb', Tags: [] }] });
    await expect(classicLoadBalancerKind.check(stepContext(), input)).rejects.toThrow('Load balancer qis-lb was not made by runbook test-runbook; choose another name, or remove it.');
    mocks.elb.on(DescribeTagsCommand).resolves({ TagDescriptions: [{ LoadBalancerName: 'qis-lb', Tags: OURS }] });
    mocks.elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancerDescriptions: [inPlace({ Scheme: 'internal' })] });
    await expect(classicLoadBalancerKind.check(stepContext(), input)).rejects.toThrow(/is internal, not internet-facing, and a scheme cannot change/);
  });

  it('fails with the AWS error when the certificate is unknown', async () => {
    mocks.elb.on(CreateLoadBalancerCommand).rejects(awsError('CertificateNotFoundException', 'Supplied certificate was not found'));
    await expect(classicLoadBalancerKind.apply!(stepContext(), input, undefined)).rejects.toThrow('Supplied certificate was not found');
  });

  it('verify says what still differs once the load balancer reads back (no waiting for a lag it already waited out)', async () => {
    const wrong = inPlace({ ListenerDescriptions: [inPlace().ListenerDescriptions![0]!, { Listener: { ...inPlace().ListenerDescriptions![1]!.Listener!, InstanceProtocol: 'HTTPS' } }] });
    mocks.elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancerDescriptions: [wrong] });
    const out = { name: 'qis-lb', dnsName: 'x', vpcId: 'vpc-1' };
    await expect(classicLoadBalancerKind.verify!(stepContext(), input, out)).resolves.toMatchObject({ ok: false, reason: 'Load balancer qis-lb still lacks the listener HTTPS 443 -> HTTP 80, no other listener on 443.' });
    mocks.elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancerDescriptions: [inPlace()] });
    await expect(classicLoadBalancerKind.verify!(stepContext(), input, out)).resolves.toMatchObject({ ok: true });
  });

  it('undo: finds the load balancer the run made and deletes it', async () => {
    mocks.elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancerDescriptions: [inPlace()] });
    const ctx = stepContext();
    const found = await classicLoadBalancerUndo.find(ctx, { input, outputs: { name: 'qis-lb' }, status: 'changed' });
    expect(found).toEqual([{ type: 'elb:load-balancer', id: 'qis-lb', madeByRun: true }]);
    mocks.elb.on(DeleteLoadBalancerCommand).resolves({});
    await classicLoadBalancerUndo.remove(ctx, found[0]!, { snapshotFirst: false });
    expect(mocks.elb).toHaveReceivedCommandWith(DeleteLoadBalancerCommand, { LoadBalancerName: 'qis-lb' });
    mocks.elb.on(DescribeLoadBalancersCommand).rejects(awsError('AccessPointNotFoundException', 'gone'));
    await expect(classicLoadBalancerUndo.find(ctx, { input, outputs: { name: 'qis-lb' }, status: 'changed' })).resolves.toEqual([]);
  });
});
