/**
 * Classic Elastic Load Balancing: load balancers by name in a VPC's
 * subnets, their listeners (HTTPS names an ACM certificate of the region),
 * health check, security groups, tags and instances (instances.ts). Errors carry the names the SDK
 * gives ELB's codes (LoadBalancerNotFound is AccessPointNotFoundException).
 */
import type {
  AddTagsInput,
  ApplySecurityGroupsToLoadBalancerInput,
  AttachLoadBalancerToSubnetsInput,
  ConfigureHealthCheckInput,
  CreateAccessPointInput,
  CreateLoadBalancerListenerInput,
  DeleteAccessPointInput,
  DeleteLoadBalancerListenerInput,
  DescribeAccessPointsInput,
  DescribeTagsInput,
  Listener,
  LoadBalancerDescription,
} from '@aws-sdk/client-elastic-load-balancing';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { tagsFrom } from '../lib/filters.js';
import type { ClassicLoadBalancer } from '../../account/state.js';
import { ec2One } from '../ec2/common.js';
import { findCertificate } from '../acm/index.js';
import { resourceId } from '../../account/ids.js';
import { instanceHandlers } from './instances.js';

const all = (ctx: OperationContext) => (ctx.region.classicLoadBalancers ??= {});

const notFound = (name: string) => awsError('AccessPointNotFoundException', `There is no ACTIVE Load Balancer named '${name}'`);

function one(ctx: OperationContext, name: string | undefined): ClassicLoadBalancer {
  const lb = all(ctx)[name ?? ''];
  if (!lb || !ctx.visible(lb.createdAt)) throw notFound(name ?? '');
  return lb;
}

const PROTOCOLS = new Set(['HTTP', 'HTTPS', 'TCP', 'SSL']);

function listenersOf(ctx: OperationContext, listeners: Listener[] | undefined): ClassicLoadBalancer['Listeners'] {
  return (listeners ?? []).map((l) => {
    const protocol = (l.Protocol ?? '').toUpperCase();
    if (!PROTOCOLS.has(protocol)) throw awsError('ValidationError', `Protocol ${l.Protocol} is not one of HTTP, HTTPS, TCP, SSL`);
    if ((protocol === 'HTTPS' || protocol === 'SSL') && !l.SSLCertificateId) throw awsError('ValidationError', 'SSLCertificateId is required for HTTPS and SSL listeners');
    if (l.SSLCertificateId) findCertificate(ctx, l.SSLCertificateId, () => awsError('CertificateNotFoundException', 'Supplied certificate was not found'));
    return {
      Protocol: protocol,
      LoadBalancerPort: l.LoadBalancerPort!,
      InstanceProtocol: (l.InstanceProtocol ?? protocol).toUpperCase(),
      InstancePort: l.InstancePort!,
      ...(l.SSLCertificateId ? { SSLCertificateId: l.SSLCertificateId } : {}),
    };
  });
}

function vpcOfSubnets(ctx: OperationContext, subnetIds: string[]): string {
  const vpcs = new Set(subnetIds.map((id) => ec2One(ctx, 'subnet', id).VpcId));
  if (vpcs.size !== 1) throw awsError('InvalidConfigurationRequestException', 'The subnets must all be in one VPC');
  return [...vpcs][0]!;
}

function checkGroups(ctx: OperationContext, groupIds: string[]): void {
  for (const id of groupIds) if (!ctx.region.securityGroups[id]) throw awsError('ValidationError', 'One or more of the specified security groups do not exist.');
}

function view(ctx: OperationContext, lb: ClassicLoadBalancer): LoadBalancerDescription {
  const zones = lb.Subnets.map((id) => ctx.region.subnets[id]?.AvailabilityZone ?? '');
  return {
    LoadBalancerName: lb.LoadBalancerName,
    DNSName: lb.DNSName,
    CanonicalHostedZoneNameID: 'Z35SXDOTRQ7X7K',
    Scheme: lb.Scheme,
    VPCId: lb.VpcId,
    Subnets: lb.Subnets,
    AvailabilityZones: zones,
    SecurityGroups: lb.SecurityGroups,
    ListenerDescriptions: lb.Listeners.map((l) => ({ Listener: l, PolicyNames: [] })),
    HealthCheck: lb.HealthCheck,
    Instances: lb.Instances.map((InstanceId) => ({ InstanceId })),
    CreatedTime: new Date(lb.createdAt),
    SourceSecurityGroup: { OwnerAlias: ctx.account.accountId, GroupName: ctx.region.securityGroups[lb.SecurityGroups[0] ?? '']?.GroupName },
  };
}

/** The health check a new load balancer has until ConfigureHealthCheck, as ELB sets it. */
const DEFAULT_HEALTH_CHECK = { Target: 'TCP:80', Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 10 };

export const elb: ServiceHandlers = {
  ...instanceHandlers(one),

  CreateLoadBalancer: (ctx) => {
    const input = inputOf<CreateAccessPointInput>(ctx);
    const name = input.LoadBalancerName ?? '';
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(name)) throw awsError('ValidationError', `LoadBalancerName ${name} must be 1-32 letters, digits and hyphens`);
    if (all(ctx)[name]) throw awsError('DuplicateAccessPointNameException', `The specified load balancer name already exists for this account: ${name}`);
    if (!input.Listeners?.length) throw awsError('ValidationError', 'Listeners cannot be empty');
    if (!input.Subnets?.length) throw awsError('ValidationError', 'The sandbox places classic load balancers in subnets only: give Subnets');
    const vpcId = vpcOfSubnets(ctx, input.Subnets);
    checkGroups(ctx, input.SecurityGroups ?? []);
    const scheme = input.Scheme === 'internal' ? 'internal' : 'internet-facing';
    const lb: ClassicLoadBalancer = {
      LoadBalancerName: name,
      DNSName: `${scheme === 'internal' ? 'internal-' : ''}${name}-${resourceId('x').slice(2, 12)}.${ctx.regionName}.elb.amazonaws.com`,
      Scheme: scheme,
      VpcId: vpcId,
      Subnets: [...new Set(input.Subnets)],
      SecurityGroups: input.SecurityGroups ?? [],
      Listeners: listenersOf(ctx, input.Listeners),
      HealthCheck: { ...DEFAULT_HEALTH_CHECK },
      Instances: [],
      Tags: tagsFrom(input.Tags),
      createdAt: ctx.now,
    };
    all(ctx)[name] = lb;
    return { DNSName: lb.DNSName };
  },

  DescribeLoadBalancers: (ctx) => {
    const input = inputOf<DescribeAccessPointsInput>(ctx);
    const names = input.LoadBalancerNames ?? [];
    const found = names.length ? names.map((n) => one(ctx, n)) : Object.values(all(ctx)).filter((lb) => ctx.visible(lb.createdAt));
    return { LoadBalancerDescriptions: found.map((lb) => view(ctx, lb)) };
  },

  DescribeTags: (ctx) => {
    const input = inputOf<DescribeTagsInput>(ctx);
    return { TagDescriptions: (input.LoadBalancerNames ?? []).map((n) => ({ LoadBalancerName: n, Tags: Object.entries(one(ctx, n).Tags).map(([Key, Value]) => ({ Key, Value })) })) };
  },

  AddTags: (ctx) => {
    const input = inputOf<AddTagsInput>(ctx);
    for (const n of input.LoadBalancerNames ?? []) Object.assign(one(ctx, n).Tags, tagsFrom(input.Tags));
    return {};
  },

  ConfigureHealthCheck: (ctx) => {
    const input = inputOf<ConfigureHealthCheckInput>(ctx);
    const lb = one(ctx, input.LoadBalancerName);
    const h = input.HealthCheck;
    if (!h?.Target || !/^(HTTP|HTTPS|TCP|SSL):\d+/.test(h.Target)) throw awsError('ValidationError', 'HealthCheck Target must begin with one of HTTP, TCP, HTTPS, SSL');
    lb.HealthCheck = { Target: h.Target, Interval: h.Interval!, Timeout: h.Timeout!, UnhealthyThreshold: h.UnhealthyThreshold!, HealthyThreshold: h.HealthyThreshold! };
    return { HealthCheck: lb.HealthCheck };
  },

  CreateLoadBalancerListeners: (ctx) => {
    const input = inputOf<CreateLoadBalancerListenerInput>(ctx);
    const lb = one(ctx, input.LoadBalancerName);
    for (const l of listenersOf(ctx, input.Listeners)) {
      const same = lb.Listeners.find((x) => x.LoadBalancerPort === l.LoadBalancerPort);
      if (same && JSON.stringify(same) !== JSON.stringify(l))
        throw awsError('DuplicateListenerException', `A listener already exists for ${lb.LoadBalancerName} with LoadBalancerPort ${l.LoadBalancerPort}, but with a different InstancePort, Protocol, or SSLCertificateId`);
      if (!same) lb.Listeners.push(l);
    }
    return {};
  },

  DeleteLoadBalancerListeners: (ctx) => {
    const input = inputOf<DeleteLoadBalancerListenerInput>(ctx);
    const lb = one(ctx, input.LoadBalancerName);
    lb.Listeners = lb.Listeners.filter((l) => !(input.LoadBalancerPorts ?? []).includes(l.LoadBalancerPort));
    return {};
  },

  AttachLoadBalancerToSubnets: (ctx) => {
    const input = inputOf<AttachLoadBalancerToSubnetsInput>(ctx);
    const lb = one(ctx, input.LoadBalancerName);
    const subnets = input.Subnets ?? [];
    if (vpcOfSubnets(ctx, [...lb.Subnets, ...subnets]) !== lb.VpcId) throw awsError('InvalidConfigurationRequestException', 'The subnets must be in the load balancer\'s VPC');
    lb.Subnets = [...new Set([...lb.Subnets, ...subnets])];
    return { Subnets: lb.Subnets };
  },

  ApplySecurityGroupsToLoadBalancer: (ctx) => {
    const input = inputOf<ApplySecurityGroupsToLoadBalancerInput>(ctx);
    const lb = one(ctx, input.LoadBalancerName);
    checkGroups(ctx, input.SecurityGroups ?? []);
    lb.SecurityGroups = input.SecurityGroups ?? [];
    return { SecurityGroups: lb.SecurityGroups };
  },

  DeleteLoadBalancer: (ctx) => {
    const input = inputOf<DeleteAccessPointInput>(ctx);
    // Deleting a load balancer that does not exist succeeds, as on AWS.
    delete all(ctx)[input.LoadBalancerName ?? ''];
    return {};
  },
};
