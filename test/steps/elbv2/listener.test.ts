import { CreateListenerCommand, DescribeListenersCommand, ModifyListenerCommand } from '../../../src/aws/sdk/elbv2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { listenerKind, type ListenerInput } from '../../../src/steps/elbv2/listener.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const LB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/aquamark/0123456789abcdef';
const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/aquamark-web/0123456789abcdef';
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0e0e0e0e-1111-2222-3333-444444444444';
const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/aquamark/0123456789abcdef/fedcba9876543210';
const https: ListenerInput = { loadBalancerArn: LB, port: 443, protocol: 'HTTPS', targetGroupArn: TG, certificateArn: CERT };
const listener = { ListenerArn: LISTENER, Port: 443, Protocol: 'HTTPS' as const, DefaultActions: [{ Type: 'forward' as const, TargetGroupArn: TG }], Certificates: [{ CertificateArn: CERT }], SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' };

describe('elbv2.listener', () => {
  beforeEach(resetMocks);

  it('is done when the port forwards to the group with the certificate', async () => {
    mocks.elbv2.on(DescribeListenersCommand).resolves({ Listeners: [listener] });
    expect(await listenerKind.check(stepContext(), https)).toMatchObject({ done: true, outputs: { listenerArn: LISTENER } });
  });

  it('creates a missing one, and puts a drifted one back with ModifyListener', async () => {
    mocks.elbv2.on(DescribeListenersCommand).resolvesOnce({ Listeners: [] });
    mocks.elbv2.on(CreateListenerCommand).resolves({ Listeners: [listener] });
    const ctx = stepContext();
    expect(await listenerKind.check(ctx, https)).toMatchObject({ done: false });
    expect(await listenerKind.apply!(ctx, https, undefined)).toEqual({ listenerArn: LISTENER });
    expect(mocks.elbv2).toHaveReceivedCommandWith(CreateListenerCommand, { Port: 443, Protocol: 'HTTPS', Certificates: [{ CertificateArn: CERT }], DefaultActions: [{ Type: 'forward', TargetGroupArn: TG }] });
    mocks.elbv2.on(DescribeListenersCommand).resolves({ Listeners: [{ ...listener, Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/old' }] }] });
    const drifted = await listenerKind.check(ctx, https);
    if (drifted.done) throw new Error('expected drift');
    await listenerKind.apply!(ctx, https, drifted.found);
    expect(mocks.elbv2).toHaveReceivedCommandWith(ModifyListenerCommand, { ListenerArn: LISTENER, Certificates: [{ CertificateArn: CERT }] });
  });

  it('needs a certificate for HTTPS, and lets AWS errors through by name', async () => {
    await expect(listenerKind.check(stepContext(), { ...https, certificateArn: undefined })).rejects.toThrow(/needs a certificate ARN/);
    mocks.elbv2.on(CreateListenerCommand).rejects(awsError('CertificateNotFound', 'not found'));
    await expect(listenerKind.apply!(stepContext(), https, undefined)).rejects.toMatchObject({ name: 'CertificateNotFound' });
  });
});
