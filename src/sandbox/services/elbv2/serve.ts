/**
 * A request to a load balancer's DNS name: the listener on the URL's port
 * forwards to its target group, and one healthy target answers (in turn);
 * with none healthy the load balancer answers 503 itself, as an ALB does.
 */
import type { HttpResponse } from '../../../io/http.js';
import type { HostState } from '../../host/model.js';
import type { RegionState } from '../../account/state.js';
import { targetHealth } from './target-health.js';

export type Routed = { host: HostState; loadBalancerName: string } | { answer: HttpResponse } | undefined;

const turns = new Map<string, number>();

function elbAnswer(status: number, text: string): HttpResponse {
  return { status, headers: { 'content-type': 'text/html', server: 'awselb/2.0', 'x-sandbox': 'simulated' }, body: `<html><head><title>${status} ${text}</title></head><body><center><h1>${status} ${text}</h1></center></body></html>` };
}

/** undefined: no load balancer of the region has this name. */
export function routeToTarget(region: RegionState, url: URL, now: number, unhealthyGroups?: readonly string[]): Routed {
  const lb = Object.values(region.loadBalancers ?? {}).find((l) => l.DNSName.toLowerCase() === url.hostname.toLowerCase());
  if (!lb) return undefined;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const listener = Object.values(region.listeners ?? {}).find((l) => l.LoadBalancerArn === lb.LoadBalancerArn && l.Port === port);
  if (!listener || now < lb.activeAt) return { answer: { status: 599, headers: {}, body: `connect ECONNREFUSED ${url.hostname}:${port}` } };
  const tg = region.targetGroups?.[listener.TargetGroupArn];
  const healthy = tg ? Object.keys(tg.targets).filter((id) => targetHealth(region, tg, id, now, unhealthyGroups).State === 'healthy') : [];
  if (!healthy.length) return { answer: elbAnswer(503, 'Service Temporarily Unavailable') };
  const turn = turns.get(lb.LoadBalancerArn) ?? 0;
  turns.set(lb.LoadBalancerArn, turn + 1);
  return { host: region.instances[healthy[turn % healthy.length]!]!.host, loadBalancerName: lb.LoadBalancerName };
}
