/**
 * `elb.classicLoadBalancer`: a classic load balancer by name, in these
 * subnets with these groups, with exactly these listeners and this health
 * check. A load balancer of that name that this runbook did not make is
 * never changed; its scheme cannot change, so a different one is a sentence.
 * CreateLoadBalancer has no idempotency token: the name is checked first.
 */
import {
  ApplySecurityGroupsToLoadBalancerCommand,
  AttachLoadBalancerToSubnetsCommand,
  ConfigureHealthCheckCommand,
  CreateLoadBalancerCommand,
  CreateLoadBalancerListenersCommand,
  DeleteLoadBalancerListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  type HealthCheck,
  type Listener,
  type LoadBalancerDescription,
} from '../../aws/sdk/elb.js';
import type { StepContext, StepKind } from '../../engine/model/step.js';
import type { PlannedCall } from '../../core/calls.js';
import { unlessGone } from '../../aws/errors.js';
import { TAG_RUNBOOK, plannedTags, tagValue } from '../../aws/tags.js';
import { untilVisible } from '../../aws/wait.js';

export interface ListenerSpec {
  protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'SSL';
  port: number;
  instanceProtocol: 'HTTP' | 'HTTPS' | 'TCP' | 'SSL';
  instancePort: number;
  /** The ACM (or IAM) certificate of an HTTPS or SSL listener. */
  certificateArn?: string;
}

export interface ClassicLoadBalancerInput {
  name: string;
  scheme: 'internet-facing' | 'internal';
  subnetIds: string[];
  securityGroupIds: string[];
  listeners: ListenerSpec[];
  healthCheck: { target: string; intervalSeconds: number; timeoutSeconds: number; healthyThreshold: number; unhealthyThreshold: number };
}

export interface ClassicLoadBalancerOutputs {
  name: string;
  dnsName: string;
  vpcId: string;
}

/** What differs from the input; every field absent when the load balancer does not exist. */
interface Found {
  current?: LoadBalancerDescription;
  missingSubnets: string[];
  groupsDiffer: boolean;
  addListeners: Listener[];
  removePorts: number[];
  healthCheckDiffers: boolean;
}

export class ForeignLoadBalancerError extends Error {
  override name = 'ForeignLoadBalancer';
}

function toListener(l: ListenerSpec): Listener {
  return { Protocol: l.protocol, LoadBalancerPort: l.port, InstanceProtocol: l.instanceProtocol, InstancePort: l.instancePort, ...(l.certificateArn ? { SSLCertificateId: l.certificateArn } : {}) };
}

function toHealthCheck(h: ClassicLoadBalancerInput['healthCheck']): HealthCheck {
  return { Target: h.target, Interval: h.intervalSeconds, Timeout: h.timeoutSeconds, HealthyThreshold: h.healthyThreshold, UnhealthyThreshold: h.unhealthyThreshold };
}

const listenerKey = (l: Listener) => [l.Protocol?.toUpperCase(), l.LoadBalancerPort, l.InstanceProtocol?.toUpperCase(), l.InstancePort, l.SSLCertificateId ?? ''].join('|');
const healthKey = (h: HealthCheck | undefined) => [h?.Target, h?.Interval, h?.Timeout, h?.HealthyThreshold, h?.UnhealthyThreshold].join('|');

async function describeOne(ctx: StepContext, name: string): Promise<LoadBalancerDescription | undefined> {
  return (await unlessGone(() => ctx.aws.elb.send(new DescribeLoadBalancersCommand({ LoadBalancerNames: [name] }))))?.LoadBalancerDescriptions?.[0];
}

export async function loadBalancerTags(ctx: StepContext, name: string): Promise<{ Key?: string; Value?: string }[]> {
  return (await ctx.aws.elb.send(new DescribeTagsCommand({ LoadBalancerNames: [name] }))).TagDescriptions?.[0]?.Tags ?? [];
}

function compare(input: ClassicLoadBalancerInput, lb: LoadBalancerDescription): Found {
  const actual = (lb.ListenerDescriptions ?? []).map((d) => d.Listener!).filter(Boolean);
  const wanted = input.listeners.map(toListener);
  const actualKeys = new Set(actual.map(listenerKey));
  const wantedKeys = new Set(wanted.map(listenerKey));
  const addListeners = wanted.filter((l) => !actualKeys.has(listenerKey(l)));
  // A port whose listener differs is deleted, then made again as wanted.
  const removePorts = actual.filter((l) => !wantedKeys.has(listenerKey(l))).map((l) => l.LoadBalancerPort!);
  return {
    current: lb,
    missingSubnets: input.subnetIds.filter((s) => !(lb.Subnets ?? []).includes(s)),
    groupsDiffer: [...(lb.SecurityGroups ?? [])].sort().join() !== [...input.securityGroupIds].sort().join(),
    addListeners,
    removePorts,
    healthCheckDiffers: healthKey(lb.HealthCheck) !== healthKey(toHealthCheck(input.healthCheck)),
  };
}

function lacks(f: Found): string[] {
  return [
    ...f.missingSubnets.map((s) => `subnet ${s}`),
    f.groupsDiffer && 'its security groups',
    ...f.addListeners.map((l) => `the listener ${l.Protocol} ${l.LoadBalancerPort} -> ${l.InstanceProtocol} ${l.InstancePort}`),
    ...f.removePorts.map((p) => `no other listener on ${p}`),
    f.healthCheckDiffers && 'its health check',
  ].filter((x): x is string => Boolean(x));
}

function describeLb(lb: LoadBalancerDescription): string[] {
  return [
    `${lb.LoadBalancerName} (${lb.Scheme}) ${lb.DNSName} in ${lb.VPCId}: subnets ${(lb.Subnets ?? []).join(', ')}; groups ${(lb.SecurityGroups ?? []).join(', ')}`,
    ...(lb.ListenerDescriptions ?? []).map((d) => `listener ${d.Listener?.Protocol} ${d.Listener?.LoadBalancerPort} -> ${d.Listener?.InstanceProtocol} ${d.Listener?.InstancePort}${d.Listener?.SSLCertificateId ? ` with ${d.Listener.SSLCertificateId}` : ''}`),
    `health check ${lb.HealthCheck?.Target} every ${lb.HealthCheck?.Interval} s`,
  ];
}

function updateCalls(input: ClassicLoadBalancerInput, f: Found): PlannedCall[] {
  const elb = (operation: string, callInput: Record<string, unknown>): PlannedCall => ({ service: 'elb', operation, input: callInput });
  const name = input.name;
  return [
    ...(f.missingSubnets.length ? [elb('AttachLoadBalancerToSubnets', { LoadBalancerName: name, Subnets: f.missingSubnets })] : []),
    ...(f.groupsDiffer ? [elb('ApplySecurityGroupsToLoadBalancer', { LoadBalancerName: name, SecurityGroups: input.securityGroupIds })] : []),
    ...(f.removePorts.length ? [elb('DeleteLoadBalancerListeners', { LoadBalancerName: name, LoadBalancerPorts: f.removePorts })] : []),
    ...(f.addListeners.length ? [elb('CreateLoadBalancerListeners', { LoadBalancerName: name, Listeners: f.addListeners })] : []),
    ...(f.healthCheckDiffers ? [elb('ConfigureHealthCheck', { LoadBalancerName: name, HealthCheck: toHealthCheck(input.healthCheck) })] : []),
  ];
}

/** A load balancer just made may not be readable yet (eventual consistency). */
const readBack = (ctx: StepContext, name: string) => untilVisible(ctx, `load balancer ${name}`, () => describeOne(ctx, name));

async function update(ctx: StepContext, input: ClassicLoadBalancerInput, f: Found): Promise<void> {
  const elb = ctx.aws.elb;
  const LoadBalancerName = input.name;
  if (f.missingSubnets.length) await elb.send(new AttachLoadBalancerToSubnetsCommand({ LoadBalancerName, Subnets: f.missingSubnets }));
  if (f.groupsDiffer) await elb.send(new ApplySecurityGroupsToLoadBalancerCommand({ LoadBalancerName, SecurityGroups: input.securityGroupIds }));
  if (f.removePorts.length) await elb.send(new DeleteLoadBalancerListenersCommand({ LoadBalancerName, LoadBalancerPorts: f.removePorts }));
  if (f.addListeners.length) await elb.send(new CreateLoadBalancerListenersCommand({ LoadBalancerName, Listeners: f.addListeners }));
  if (f.healthCheckDiffers) await elb.send(new ConfigureHealthCheckCommand({ LoadBalancerName, HealthCheck: toHealthCheck(input.healthCheck) }));
}

const kind: StepKind<ClassicLoadBalancerInput, ClassicLoadBalancerOutputs, Found> = {
  async check(ctx, input) {
    const lb = await describeOne(ctx, input.name);
    if (!lb) return { done: false, reason: `No load balancer ${input.name} yet.` };
    if (tagValue(await loadBalancerTags(ctx, input.name), TAG_RUNBOOK) !== ctx.runbookId)
      throw new ForeignLoadBalancerError(`Load balancer ${input.name} was not made by runbook ${ctx.runbookId}; choose another name, or remove it.`);
    if (lb.Scheme !== input.scheme) throw new ForeignLoadBalancerError(`Load balancer ${input.name} is ${lb.Scheme}, not ${input.scheme}, and a scheme cannot change: delete it to make it again.`);
    const found = compare(input, lb);
    const lacking = lacks(found);
    if (lacking.length) return { done: false, reason: `Load balancer ${input.name} lacks ${lacking.join(', ')}.`, found };
    return { done: true, outputs: { name: input.name, dnsName: lb.DNSName ?? '', vpcId: lb.VPCId ?? '' }, evidence: describeLb(lb) };
  },
  plan(input, found, ctx) {
    if (found?.current) return updateCalls(input, found);
    return [
      {
        service: 'elb',
        operation: 'CreateLoadBalancer',
        input: { LoadBalancerName: input.name, Scheme: input.scheme, Subnets: input.subnetIds, SecurityGroups: input.securityGroupIds, Listeners: input.listeners.map(toListener), Tags: plannedTags(ctx, input.name) },
      },
      { service: 'elb', operation: 'ConfigureHealthCheck', input: { LoadBalancerName: input.name, HealthCheck: toHealthCheck(input.healthCheck) } },
    ];
  },
  async apply(ctx, input, found) {
    if (!found?.current) {
      await ctx.aws.elb.send(
        new CreateLoadBalancerCommand({ LoadBalancerName: input.name, Scheme: input.scheme, Subnets: input.subnetIds, SecurityGroups: input.securityGroupIds, Listeners: input.listeners.map(toListener), Tags: ctx.tags(input.name) }),
      );
      await readBack(ctx, input.name);
      await ctx.aws.elb.send(new ConfigureHealthCheckCommand({ LoadBalancerName: input.name, HealthCheck: toHealthCheck(input.healthCheck) }));
    } else await update(ctx, input, found);
    const lb = await readBack(ctx, input.name);
    return { name: input.name, dnsName: lb.DNSName ?? '', vpcId: lb.VPCId ?? '' };
  },
  // Apply read it back already, so what still differs now is no lag: one read, and a sentence saying what.
  async verify(ctx, input) {
    const lb = await readBack(ctx, input.name);
    const lacking = lacks(compare(input, lb));
    return { ok: lacking.length === 0, evidence: describeLb(lb), ...(lacking.length ? { reason: `Load balancer ${input.name} still lacks ${lacking.join(', ')}.` } : {}) };
  },
};

export { kind as classicLoadBalancerKind };
