/**
 * `elbv2.loadBalancer`: an Application Load Balancer with this name, scheme,
 * subnets and security groups, awaited until active. CreateLoadBalancer is
 * idempotent by name with the same settings, so a resume after a crash sends
 * it again and gets the first one; one with the name and other settings is
 * never changed behind its users' backs: the step stops and says so.
 */
import { CreateLoadBalancerCommand, type LoadBalancer } from '../../aws/sdk/elbv2.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { plannedTags } from '../../aws/tags.js';
import { waitFor } from '../../aws/wait.js';
import { findLoadBalancer } from './find.js';

export interface LoadBalancerInput {
  name: string;
  scheme: 'internet-facing' | 'internal';
  subnetIds: string[];
  securityGroupIds: string[];
}

export interface LoadBalancerOutputs {
  loadBalancerArn: string;
  dnsName: string;
  /** Its Route53 zone, for an alias record. */
  canonicalHostedZoneId: string;
  /** `http://<dnsName>`, for a check through it. */
  url: string;
}

export class LoadBalancerError extends Error {
  override name = 'LoadBalancerMismatch';
}

const sorted = (ids: readonly string[] | undefined) => [...(ids ?? [])].sort().join(', ');

function createInput(input: LoadBalancerInput, tags: { Key: string; Value: string }[]) {
  return { Name: input.name, Type: 'application' as const, Scheme: input.scheme, IpAddressType: 'ipv4' as const, Subnets: input.subnetIds, SecurityGroups: input.securityGroupIds, Tags: tags };
}

export function outputsOf(lb: LoadBalancer): LoadBalancerOutputs {
  return { loadBalancerArn: lb.LoadBalancerArn ?? '', dnsName: lb.DNSName ?? '', canonicalHostedZoneId: lb.CanonicalHostedZoneId ?? '', url: lb.DNSName ? `http://${lb.DNSName}` : '' };
}

function mismatch(lb: LoadBalancer, input: LoadBalancerInput): string | undefined {
  if (lb.Type !== 'application') return `it is a ${lb.Type} load balancer`;
  if (lb.Scheme !== input.scheme) return `its scheme is ${lb.Scheme}`;
  const subnets = sorted((lb.AvailabilityZones ?? []).map((z) => z.SubnetId ?? ''));
  if (subnets !== sorted(input.subnetIds)) return `its subnets are ${subnets}`;
  if (sorted(lb.SecurityGroups) !== sorted(input.securityGroupIds)) return `its security groups are ${sorted(lb.SecurityGroups)}`;
  return undefined;
}

async function waitActive(ctx: StepContext, name: string): Promise<LoadBalancer> {
  return waitFor(ctx, {
    what: `load balancer ${name} to be active`,
    minDelay: 10,
    maxDelay: 30,
    maxWait: 900,
    notFound: 'not visible yet',
    poll: async () => {
      const lb = await findLoadBalancer(ctx, name);
      const state = lb?.State?.Code ?? 'not visible yet';
      if (state === 'failed') return { failed: lb?.State?.Reason ?? 'the load balancer failed' };
      return lb && state === 'active' ? { done: true, value: lb } : { done: false, status: state };
    },
  });
}

const kind: StepKind<LoadBalancerInput, LoadBalancerOutputs> = {
  async check(ctx, input) {
    const lb = await findLoadBalancer(ctx, input.name);
    if (!lb) return { done: false, reason: `No load balancer ${input.name} yet.` };
    const problem = mismatch(lb, input);
    if (problem) throw new LoadBalancerError(`Load balancer ${input.name} exists, but ${problem}: choose another name, or change it to ${input.scheme} in ${sorted(input.subnetIds)} with ${sorted(input.securityGroupIds)}.`);
    if (lb.State?.Code !== 'active') return { done: false, reason: `Load balancer ${input.name} is ${lb.State?.Code}.` };
    return { done: true, outputs: outputsOf(lb), evidence: [`${input.name}: ${lb.Scheme} Application Load Balancer, active, ${lb.DNSName}`] };
  },
  plan: (input, _found, ctx) => [{ service: 'elasticloadbalancing', operation: 'CreateLoadBalancer', input: createInput(input, plannedTags(ctx, input.name)), note: 'then waits until it is active' }],
  async apply(ctx, input) {
    await ctx.aws.elbv2.send(new CreateLoadBalancerCommand(createInput(input, ctx.tags(input.name))));
    return outputsOf(await waitActive(ctx, input.name));
  },
};

export { kind as loadBalancerKind };
