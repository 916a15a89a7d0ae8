/** Elastic Load Balancing v2 names, ARNs and lookups, shared by its handlers. */
import { randomBytes } from 'node:crypto';
import type { Listener, LoadBalancer, TargetGroup } from '../../account/state.js';
import type { OperationContext } from '../lib/context.js';
import { awsError } from '../lib/errors.js';

/** ELB names: 1-32 letters, digits and hyphens, not starting or ending with a hyphen (CreateLoadBalancer, CreateTargetGroup). */
export const ELB_NAME = /^(?!-)(?!internal-)[A-Za-z0-9-]{1,32}(?<!-)$/;

/** Application Load Balancers' Route53 alias zone, by region (Elastic Load Balancing endpoints and quotas). */
const ALB_ZONES: Record<string, string> = { 'us-east-1': 'Z35SXDOTRQ7X7K', 'us-east-2': 'Z3AADJGX6KTTL2', 'us-west-2': 'Z1H1FL5HABSF5', 'eu-west-1': 'Z32O12XQLNTSW2', 'ap-southeast-2': 'Z1GM3OXH4ZPM65' };

export function albZone(region: string): string {
  return ALB_ZONES[region] ?? 'Z35SXDOTRQ7X7K';
}

export function elbArn(ctx: OperationContext, resource: string): string {
  return `arn:aws:elasticloadbalancing:${ctx.regionName}:${ctx.account.accountId}:${resource}/${randomBytes(8).toString('hex')}`;
}

export function lbDnsName(ctx: OperationContext, name: string, scheme: string): string {
  const n = parseInt(randomBytes(4).toString('hex'), 16);
  return `${scheme === 'internal' ? 'internal-' : ''}${name}-${n}.${ctx.regionName}.elb.amazonaws.com`;
}

export function loadBalancerOf(ctx: OperationContext, arn: string | undefined): LoadBalancer {
  const lb = ctx.region.loadBalancers?.[arn ?? ''];
  if (!lb || !ctx.visible(lb.createdAt)) throw awsError('LoadBalancerNotFoundException', `Load balancer '${arn}' not found`);
  return lb;
}

export function targetGroupOf(ctx: OperationContext, arn: string | undefined): TargetGroup {
  const tg = ctx.region.targetGroups?.[arn ?? ''];
  if (!tg || !ctx.visible(tg.createdAt)) throw awsError('TargetGroupNotFoundException', `Target groups '${arn}' not found`);
  return tg;
}

export function listenerOf(ctx: OperationContext, arn: string | undefined): Listener {
  const l = ctx.region.listeners?.[arn ?? ''];
  if (!l || !ctx.visible(l.createdAt)) throw awsError('ListenerNotFoundException', `Listener '${arn}' not found`);
  return l;
}

/** Any ELBv2 resource's tags, by ARN (DescribeTags, AddTags). */
export function taggedOf(ctx: OperationContext, arn: string): { Tags: Record<string, string> } {
  const r = ctx.region.loadBalancers?.[arn] ?? ctx.region.targetGroups?.[arn] ?? ctx.region.listeners?.[arn];
  if (!r) throw awsError(arn.includes(':targetgroup/') ? 'TargetGroupNotFoundException' : arn.includes(':listener/') ? 'ListenerNotFoundException' : 'LoadBalancerNotFoundException', `'${arn}' not found`);
  return r;
}
