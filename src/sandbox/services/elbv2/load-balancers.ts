/**
 * Application Load Balancers: subnets in at least two availability zones of
 * one VPC, `provisioning` then `active`. A second CreateLoadBalancer with the
 * same name and settings answers the first (CreateLoadBalancer is idempotent
 * by name); with other settings it is DuplicateLoadBalancerName. Deleting one
 * deletes its listeners.
 */
import type { CreateLoadBalancerCommandInput, DeleteLoadBalancerCommandInput, DescribeLoadBalancersCommandInput, LoadBalancer as LoadBalancerView } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { LoadBalancer } from '../../account/state.js';
import { after } from '../../account/time.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { tagsFrom } from '../lib/filters.js';
import { albZone, ELB_NAME, elbArn, lbDnsName, loadBalancerOf } from './arns.js';

export const LB_PROVISIONING_SECONDS = 150;

export function lbState(lb: LoadBalancer, now: number): 'provisioning' | 'active' {
  return now < lb.activeAt ? 'provisioning' : 'active';
}

function view(ctx: OperationContext, lb: LoadBalancer): LoadBalancerView {
  return {
    LoadBalancerArn: lb.LoadBalancerArn,
    LoadBalancerName: lb.LoadBalancerName,
    DNSName: lb.DNSName,
    CanonicalHostedZoneId: lb.CanonicalHostedZoneId,
    CreatedTime: new Date(lb.createdAt),
    Scheme: lb.Scheme,
    VpcId: lb.VpcId,
    State: { Code: lbState(lb, ctx.now) },
    Type: 'application',
    AvailabilityZones: lb.subnetIds.map((id) => ({ SubnetId: id, ZoneName: ctx.region.subnets[id]?.AvailabilityZone })),
    SecurityGroups: lb.SecurityGroups,
    IpAddressType: 'ipv4',
  };
}

function subnetsOf(ctx: OperationContext, ids: string[]) {
  const subnets = ids.map((id) => {
    const s = ctx.region.subnets[id];
    if (!s) throw awsError('SubnetNotFoundException', `The subnet ID '${id}' is not valid`);
    return s;
  });
  if (new Set(subnets.map((s) => s.VpcId)).size > 1) throw awsError('InvalidSubnetException', 'The subnets must be in the same VPC.');
  if (new Set(subnets.map((s) => s.AvailabilityZone)).size < 2) throw awsError('InvalidConfigurationRequestException', 'At least two subnets in two different Availability Zones must be specified');
  return subnets;
}

const sameSettings = (lb: LoadBalancer, subnetIds: string[], groups: string[], scheme: string) =>
  lb.Scheme === scheme && [...lb.subnetIds].sort().join() === [...subnetIds].sort().join() && [...lb.SecurityGroups].sort().join() === [...groups].sort().join();

export const loadBalancers: ServiceHandlers = {
  CreateLoadBalancer: (ctx) => {
    const input = inputOf<CreateLoadBalancerCommandInput>(ctx);
    const name = input.Name ?? '';
    if (!ELB_NAME.test(name)) throw awsError('ValidationError', `The load balancer name '${name}' is not valid: up to 32 letters, digits and hyphens, not beginning or ending with a hyphen.`);
    if ((input.Type ?? 'application') !== 'application') throw awsError('ValidationError', 'The sandbox simulates Application Load Balancers only.');
    const scheme = input.Scheme ?? 'internet-facing';
    const subnets = subnetsOf(ctx, input.Subnets ?? []);
    const groups = input.SecurityGroups ?? [];
    for (const g of groups) if (ctx.region.securityGroups[g]?.VpcId !== subnets[0]!.VpcId) throw awsError('InvalidSecurityGroupException', `Security group '${g}' does not exist in VPC '${subnets[0]!.VpcId}'`);
    const existing = Object.values(ctx.region.loadBalancers ?? {}).find((l) => l.LoadBalancerName === name);
    if (existing) {
      if (!sameSettings(existing, input.Subnets ?? [], groups, scheme)) throw awsError('DuplicateLoadBalancerNameException', 'A load balancer with the same name exists, but with different settings');
      return { LoadBalancers: [view(ctx, existing)] };
    }
    const arn = elbArn(ctx, `loadbalancer/app/${name}`);
    const lb: LoadBalancer = {
      LoadBalancerArn: arn,
      LoadBalancerName: name,
      DNSName: lbDnsName(ctx, name, scheme),
      CanonicalHostedZoneId: albZone(ctx.regionName),
      Scheme: scheme,
      VpcId: subnets[0]!.VpcId,
      subnetIds: input.Subnets ?? [],
      SecurityGroups: groups,
      activeAt: after(ctx.now, LB_PROVISIONING_SECONDS),
      Tags: tagsFrom(input.Tags),
      createdAt: ctx.now,
    };
    (ctx.region.loadBalancers ??= {})[arn] = lb;
    return { LoadBalancers: [view(ctx, lb)] };
  },

  DescribeLoadBalancers: (ctx) => {
    const input = inputOf<DescribeLoadBalancersCommandInput>(ctx);
    const all = Object.values(ctx.region.loadBalancers ?? {}).filter((l) => ctx.visible(l.createdAt));
    let found = all;
    if (input.LoadBalancerArns?.length) found = input.LoadBalancerArns.map((arn) => loadBalancerOf(ctx, arn));
    if (input.Names?.length) {
      found = input.Names.map((n) => {
        const lb = all.find((l) => l.LoadBalancerName === n);
        if (!lb) throw awsError('LoadBalancerNotFoundException', `Load balancers '[${n}]' not found`);
        return lb;
      });
    }
    return { LoadBalancers: found.map((l) => view(ctx, l)) };
  },

  DeleteLoadBalancer: (ctx) => {
    const arn = inputOf<DeleteLoadBalancerCommandInput>(ctx).LoadBalancerArn ?? '';
    // Deleting one that is gone succeeds (DeleteLoadBalancer API reference).
    if (!ctx.region.loadBalancers?.[arn]) return {};
    for (const [listenerArn, l] of Object.entries(ctx.region.listeners ?? {})) if (l.LoadBalancerArn === arn) delete ctx.region.listeners![listenerArn];
    delete ctx.region.loadBalancers[arn];
    return {};
  },
};
