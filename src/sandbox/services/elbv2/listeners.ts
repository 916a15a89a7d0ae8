/**
 * Listeners that forward to one target group; HTTPS needs a certificate.
 * CreateListener with the settings of an existing listener answers it
 * (CreateListener is idempotent), other settings on a used port are
 * DuplicateListener. The sandbox has no ACM: a certificate ARN is taken as given.
 */
import type {
  Action,
  CreateListenerCommandInput,
  DeleteListenerCommandInput,
  DescribeListenersCommandInput,
  DescribeTagsCommandInput,
  Listener as ListenerView,
  ModifyListenerCommandInput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Listener } from '../../account/state.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { tagsFrom } from '../lib/filters.js';
import { elbArn, listenerOf, loadBalancerOf, taggedOf, targetGroupOf } from './arns.js';

const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;
const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08';

function view(l: Listener): ListenerView {
  return {
    ListenerArn: l.ListenerArn,
    LoadBalancerArn: l.LoadBalancerArn,
    Port: l.Port,
    Protocol: l.Protocol as ListenerView['Protocol'],
    ...(l.CertificateArn ? { Certificates: [{ CertificateArn: l.CertificateArn }], SslPolicy: l.SslPolicy } : {}),
    DefaultActions: [{ Type: 'forward', TargetGroupArn: l.TargetGroupArn, ForwardConfig: { TargetGroups: [{ TargetGroupArn: l.TargetGroupArn, Weight: 1 }] } }],
  };
}

function forwardTo(ctx: OperationContext, actions: Action[] | undefined, vpcId: string): string {
  const action = actions?.[0];
  if (actions?.length !== 1 || action?.Type !== 'forward' || !action.TargetGroupArn) throw awsError('ValidationError', 'The sandbox simulates one forward action to a target group.');
  const tg = targetGroupOf(ctx, action.TargetGroupArn);
  if (tg.VpcId !== vpcId) throw awsError('ValidationError', `Target group '${tg.TargetGroupArn}' is in a different VPC than the load balancer`);
  return tg.TargetGroupArn;
}

function certificate(protocol: string, certificates: { CertificateArn?: string }[] | undefined): string | undefined {
  const arn = certificates?.[0]?.CertificateArn;
  if (protocol === 'HTTPS' && !arn) throw awsError('ValidationError', 'A certificate must be specified for HTTPS listeners');
  if (arn && !CERTIFICATE_ARN.test(arn)) throw awsError('CertificateNotFoundException', `Certificate '${arn}' not found`);
  return protocol === 'HTTPS' ? arn : undefined;
}

export const listeners: ServiceHandlers = {
  CreateListener: (ctx) => {
    const input = inputOf<CreateListenerCommandInput>(ctx);
    const lb = loadBalancerOf(ctx, input.LoadBalancerArn);
    const protocol = input.Protocol ?? 'HTTP';
    if (protocol !== 'HTTP' && protocol !== 'HTTPS') throw awsError('ValidationError', `Protocol '${protocol}' is not valid for an Application Load Balancer`);
    const port = input.Port ?? 0;
    if (port < 1 || port > 65535) throw awsError('ValidationError', `Port '${port}' is not valid`);
    const targetGroupArn = forwardTo(ctx, input.DefaultActions, lb.VpcId);
    const cert = certificate(protocol, input.Certificates);
    const onPort = Object.values(ctx.region.listeners ?? {}).find((l) => l.LoadBalancerArn === lb.LoadBalancerArn && l.Port === port);
    if (onPort) {
      if (onPort.Protocol === protocol && onPort.TargetGroupArn === targetGroupArn && onPort.CertificateArn === cert) return { Listeners: [view(onPort)] };
      throw awsError('DuplicateListenerException', 'A listener already exists on this port for this load balancer');
    }
    const arn = elbArn(ctx, `listener/app/${lb.LoadBalancerName}/${lb.LoadBalancerArn.split('/').at(-1)}`);
    const listener: Listener = {
      ListenerArn: arn,
      LoadBalancerArn: lb.LoadBalancerArn,
      Port: port,
      Protocol: protocol,
      ...(cert ? { CertificateArn: cert, SslPolicy: input.SslPolicy ?? DEFAULT_SSL_POLICY } : {}),
      TargetGroupArn: targetGroupArn,
      Tags: tagsFrom(input.Tags),
      createdAt: ctx.now,
    };
    (ctx.region.listeners ??= {})[arn] = listener;
    return { Listeners: [view(listener)] };
  },

  DescribeListeners: (ctx) => {
    const input = inputOf<DescribeListenersCommandInput>(ctx);
    if (input.ListenerArns?.length) return { Listeners: input.ListenerArns.map((arn) => view(listenerOf(ctx, arn))) };
    if (!input.LoadBalancerArn) throw awsError('ValidationError', 'You must specify either listener ARNs or a load balancer ARN');
    loadBalancerOf(ctx, input.LoadBalancerArn);
    const found = Object.values(ctx.region.listeners ?? {}).filter((l) => l.LoadBalancerArn === input.LoadBalancerArn && ctx.visible(l.createdAt));
    return { Listeners: found.sort((a, b) => a.Port - b.Port).map(view) };
  },

  ModifyListener: (ctx) => {
    const input = inputOf<ModifyListenerCommandInput>(ctx);
    const l = listenerOf(ctx, input.ListenerArn);
    const lb = loadBalancerOf(ctx, l.LoadBalancerArn);
    const protocol = input.Protocol ?? l.Protocol;
    if (input.DefaultActions) l.TargetGroupArn = forwardTo(ctx, input.DefaultActions, lb.VpcId);
    const cert = certificate(protocol, input.Certificates ?? (l.CertificateArn ? [{ CertificateArn: l.CertificateArn }] : undefined));
    l.Protocol = protocol;
    if (input.Port) l.Port = input.Port;
    if (cert) {
      l.CertificateArn = cert;
      l.SslPolicy = input.SslPolicy ?? l.SslPolicy ?? DEFAULT_SSL_POLICY;
    } else {
      delete l.CertificateArn;
      delete l.SslPolicy;
    }
    return { Listeners: [view(l)] };
  },

  DeleteListener: (ctx) => {
    const arn = inputOf<DeleteListenerCommandInput>(ctx).ListenerArn ?? '';
    listenerOf(ctx, arn);
    delete ctx.region.listeners![arn];
    return {};
  },

  DescribeTags: (ctx) => {
    const arns = inputOf<DescribeTagsCommandInput>(ctx).ResourceArns ?? [];
    return { TagDescriptions: arns.map((arn) => ({ ResourceArn: arn, Tags: Object.entries(taggedOf(ctx, arn).Tags).map(([Key, Value]) => ({ Key, Value })) })) };
  },
};
