/**
 * `elbv2.listener`: the load balancer's listener on this port forwards to
 * the target group, over HTTP, or HTTPS with this certificate. CreateListener
 * is idempotent with the same settings; a listener on the port with other
 * settings is modified to these (ModifyListener), so a second run changes
 * nothing and a drifted one is put back.
 */
import { CreateListenerCommand, DescribeListenersCommand, ModifyListenerCommand, type Listener } from '../../aws/sdk/elbv2.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { plannedTags } from '../../aws/tags.js';

export interface ListenerInput {
  loadBalancerArn: string;
  port: number;
  protocol: 'HTTP' | 'HTTPS';
  targetGroupArn: string;
  /** For HTTPS: an ACM certificate ARN. */
  certificateArn?: string;
  /** Warnings to show with the listener (an HTTP-only load balancer, say). */
  warnings?: string[];
}

export interface ListenerOutputs {
  listenerArn: string;
}

interface Found {
  listenerArn: string;
}

export class ListenerError extends Error {
  override name = 'ListenerInvalid';
}

/** TLS 1.2 and 1.3 only (Elastic Load Balancing security policies). */
const SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

export async function listenerOn(ctx: StepContext, loadBalancerArn: string, port: number): Promise<Listener | undefined> {
  const all = (await ctx.aws.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn }))).Listeners ?? [];
  return all.find((l) => l.Port === port);
}

function settings(input: ListenerInput) {
  return {
    Protocol: input.protocol,
    Port: input.port,
    DefaultActions: [{ Type: 'forward' as const, TargetGroupArn: input.targetGroupArn }],
    ...(input.protocol === 'HTTPS' ? { Certificates: [{ CertificateArn: input.certificateArn }], SslPolicy: SSL_POLICY } : {}),
  };
}

function sameAs(l: Listener, input: ListenerInput): boolean {
  const forwards = l.DefaultActions?.length === 1 && l.DefaultActions[0]?.TargetGroupArn === input.targetGroupArn;
  const cert = input.protocol === 'HTTPS' ? l.Certificates?.[0]?.CertificateArn === input.certificateArn && l.SslPolicy === SSL_POLICY : true;
  return l.Protocol === input.protocol && forwards && cert;
}

const kind: StepKind<ListenerInput, ListenerOutputs, Found> = {
  async check(ctx, input) {
    if (input.protocol === 'HTTPS' && !input.certificateArn) throw new ListenerError(`An HTTPS listener on port ${input.port} needs a certificate ARN.`);
    const l = await listenerOn(ctx, input.loadBalancerArn, input.port);
    if (!l) return { done: false, reason: `No listener on port ${input.port} yet.` };
    if (!sameAs(l, input)) return { done: false, reason: `The listener on port ${input.port} is ${l.Protocol}, forwarding elsewhere or with another certificate.`, found: { listenerArn: l.ListenerArn! } };
    for (const w of input.warnings ?? []) ctx.progress(`Warning: ${w}`);
    const shown = `${input.protocol} ${input.port} forwards to ${input.targetGroupArn.split(':').at(-1)}${input.certificateArn ? ` with ${input.certificateArn}` : ''}`;
    return { done: true, outputs: { listenerArn: l.ListenerArn! }, evidence: [shown, ...(input.warnings ?? []).map((w) => `Warning: ${w}`)] };
  },
  plan: (input, found, ctx) =>
    found
      ? [{ service: 'elasticloadbalancing', operation: 'ModifyListener', input: { ListenerArn: found.listenerArn, ...settings(input) } }]
      : [{ service: 'elasticloadbalancing', operation: 'CreateListener', input: { LoadBalancerArn: input.loadBalancerArn, ...settings(input), Tags: plannedTags(ctx) } }],
  async apply(ctx, input, found) {
    if (found) {
      await ctx.aws.elbv2.send(new ModifyListenerCommand({ ListenerArn: found.listenerArn, ...settings(input) }));
      return { listenerArn: found.listenerArn };
    }
    const made = await ctx.aws.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: input.loadBalancerArn, ...settings(input), Tags: ctx.tags() }));
    return { listenerArn: made.Listeners?.[0]?.ListenerArn ?? '' };
  },
};

export { kind as listenerKind };
