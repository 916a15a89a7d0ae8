/**
 * The rules of a security group as `ec2.securityGroup` compares them: one
 * key per (protocol, ports, peer), for ingress and egress alike, and the
 * policy that nothing but 80 and 443 is opened to the internet unless the
 * rule names the risk it takes.
 */
import type { IpPermission } from '../../aws/sdk/ec2.js';

export interface IngressRule {
  /** `all` is every protocol and port (IpProtocol -1). */
  protocol: 'tcp' | 'udp' | 'all';
  fromPort?: number;
  toPort?: number;
  /** A CIDR block, a security group id, or `self`. */
  from: string;
  description?: string;
  /** A port other than 80 and 443 open to the internet is refused unless this names the risk (recorded in the description). */
  risk?: string;
}

/** Where a group's instances may send: the same shape, with the peer as `to`. */
export type EgressRule = Omit<IngressRule, 'from' | 'risk'> & { to: string };

const WORLD = new Set(['0.0.0.0/0', '::/0']);
const WORLD_PORTS = new Set([80, 443]);

export class UnsafeRuleError extends Error {
  override name = 'UnsafeRule';
}

function portsOf(r: IngressRule): number[] {
  if (r.protocol === 'all') return [];
  return r.toPort === undefined || r.toPort === r.fromPort ? [r.fromPort ?? 0] : [r.fromPort ?? 0, r.toPort];
}

/** The policy every runbook obeys, checked before any call. */
export function assertSafeIngress(rules: IngressRule[]): void {
  for (const r of rules) {
    const ports = portsOf(r);
    const webPort = ports.length === 1 && WORLD_PORTS.has(ports[0]!);
    if (WORLD.has(r.from) && !webPort && !r.risk?.trim())
      throw new UnsafeRuleError(`Refusing to open ${r.protocol} ${ports.join('-') || 'every port'} to ${r.from}: only 80 and 443 may be open to the internet.`);
  }
}

const ipProtocol = (r: IngressRule) => (r.protocol === 'all' ? '-1' : r.protocol);
const portKey = (protocol: string | undefined, from: number | undefined, to: number | undefined) => (protocol === '-1' ? 'all' : `${from}-${to}`);

/** One line per (protocol, ports, peer): the unit of comparison. */
export function ruleKey(r: IngressRule, selfId?: string): string {
  const peer = r.from === 'self' ? (selfId ?? 'self') : r.from;
  return `${ipProtocol(r)}:${portKey(ipProtocol(r), r.fromPort, r.toPort ?? r.fromPort)}:${peer}`;
}

function permissionKey(p: IpPermission): string {
  const base = `${p.IpProtocol}:${portKey(p.IpProtocol, p.FromPort, p.ToPort)}`;
  const peer = p.IpRanges?.[0]?.CidrIp ?? p.Ipv6Ranges?.[0]?.CidrIpv6 ?? p.UserIdGroupPairs?.[0]?.GroupId;
  return `${base}:${peer}`;
}

export function toPermission(r: IngressRule, selfId: string): IpPermission {
  const peer = r.from === 'self' ? selfId : r.from;
  const description = r.risk ? `${r.description ?? 'open to the internet'} (risk accepted: ${r.risk})`.slice(0, 255) : r.description;
  const base = r.protocol === 'all' ? { IpProtocol: '-1' } : { IpProtocol: r.protocol, FromPort: r.fromPort, ToPort: r.toPort ?? r.fromPort };
  if (peer.startsWith('sg-')) return { ...base, UserIdGroupPairs: [{ GroupId: peer, Description: description }] };
  if (peer.includes(':')) return { ...base, Ipv6Ranges: [{ CidrIpv6: peer, Description: description }] };
  return { ...base, IpRanges: [{ CidrIp: peer, Description: description }] };
}

/** An egress rule in the ingress shape, so one comparison serves both directions. */
export function asRule(r: EgressRule): IngressRule {
  const { to, ...rest } = r;
  return { ...rest, from: to };
}

/** Split actual permissions into single-peer permissions, to revoke exactly the extra ones. */
export function singlePeerPermissions(perms: IpPermission[]): { key: string; perm: IpPermission }[] {
  return perms.flatMap((p) => {
    const base = p.IpProtocol === '-1' ? { IpProtocol: '-1' } : { IpProtocol: p.IpProtocol, FromPort: p.FromPort, ToPort: p.ToPort };
    return [
      ...(p.IpRanges ?? []).map((r) => ({ ...base, IpRanges: [{ CidrIp: r.CidrIp }] })),
      ...(p.Ipv6Ranges ?? []).map((r) => ({ ...base, Ipv6Ranges: [{ CidrIpv6: r.CidrIpv6 }] })),
      ...(p.UserIdGroupPairs ?? []).map((g) => ({ ...base, UserIdGroupPairs: [{ GroupId: g.GroupId }] })),
    ].map((perm) => ({ key: permissionKey(perm), perm }));
  });
}

/** What the group lacks of the desired rules, and what it has beyond them, in one direction. */
export function diffPermissions(actualPerms: IpPermission[], selfId: string, desired: IngressRule[]): { missing: IngressRule[]; extra: IpPermission[] } {
  const actual = singlePeerPermissions(actualPerms);
  const actualKeys = new Set(actual.map((a) => a.key));
  const desiredKeys = new Set(desired.map((r) => ruleKey(r, selfId)));
  return {
    missing: desired.filter((r) => !actualKeys.has(ruleKey(r, selfId))),
    extra: actual.filter((a) => !desiredKeys.has(a.key)).map((a) => a.perm),
  };
}
