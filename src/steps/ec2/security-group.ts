/**
 * `ec2.securityGroup`: a security group with exactly these ingress rules. The
 * step owns the group's ingress: missing rules are added, others revoked.
 * Nothing but 80 and 443 may ever be opened to the whole internet.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  RevokeSecurityGroupIngressCommand,
  paginateDescribeSecurityGroups,
  type IpPermission,
  type SecurityGroup,
} from '../../aws/sdk/ec2.js';
import { type StepKind } from '../../engine/model/step.js';
import { type PlannedCall } from '../../core/calls.js';
import { plannedTags, TAG_RUNBOOK, tagSpecifications, tagValue } from '../../aws/tags.js';
import { findOne } from '../find-one.js';
import { collect } from '../paginate.js';

export interface IngressRule {
  protocol: 'tcp' | 'udp';
  fromPort: number;
  toPort?: number;
  /** A CIDR block, a security group id, or `self`. */
  from: string;
  description?: string;
}

export interface SecurityGroupInput {
  name: string;
  description: string;
  vpcId: string;
  ingress: IngressRule[];
}

export interface SecurityGroupOutputs {
  groupId: string;
}

interface Found {
  groupId: string;
  missing: IngressRule[];
  extra: IpPermission[];
}

const WORLD = new Set(['0.0.0.0/0', '::/0']);
const WORLD_PORTS = new Set([80, 443]);

export class ForeignGroupError extends Error {
  override name = 'ForeignGroup';
}

export class UnsafeRuleError extends Error {
  override name = 'UnsafeRule';
}

/** The policy every runbook obeys, checked before any call. */
export function assertSafeIngress(rules: IngressRule[]): void {
  for (const r of rules) {
    const ports = r.toPort === undefined || r.toPort === r.fromPort ? [r.fromPort] : [r.fromPort, r.toPort];
    if (WORLD.has(r.from) && !(ports.length === 1 && WORLD_PORTS.has(ports[0]!)))
      throw new UnsafeRuleError(`Refusing to open ${r.protocol} ${ports.join('-')} to ${r.from}: only 80 and 443 may be open to the internet.`);
  }
}

/** One line per (protocol, ports, peer): the unit of comparison. */
export function ruleKey(r: IngressRule, selfId?: string): string {
  const peer = r.from === 'self' ? (selfId ?? 'self') : r.from;
  return `${r.protocol}:${r.fromPort}-${r.toPort ?? r.fromPort}:${peer}`;
}

function permissionKeys(p: IpPermission): string[] {
  const base = `${p.IpProtocol}:${p.FromPort}-${p.ToPort}`;
  return [
    ...(p.IpRanges ?? []).map((r) => `${base}:${r.CidrIp}`),
    ...(p.Ipv6Ranges ?? []).map((r) => `${base}:${r.CidrIpv6}`),
    ...(p.UserIdGroupPairs ?? []).map((g) => `${base}:${g.GroupId}`),
  ];
}

export function toPermission(r: IngressRule, selfId: string): IpPermission {
  const peer = r.from === 'self' ? selfId : r.from;
  const base = { IpProtocol: r.protocol, FromPort: r.fromPort, ToPort: r.toPort ?? r.fromPort };
  if (peer.startsWith('sg-')) return { ...base, UserIdGroupPairs: [{ GroupId: peer, Description: r.description }] };
  if (peer.includes(':')) return { ...base, Ipv6Ranges: [{ CidrIpv6: peer, Description: r.description }] };
  return { ...base, IpRanges: [{ CidrIp: peer, Description: r.description }] };
}

/** Split actual permissions into single-peer permissions, to revoke exactly the extra ones. */
function singlePeerPermissions(perms: IpPermission[]): { key: string; perm: IpPermission }[] {
  return perms.flatMap((p) => {
    const base = { IpProtocol: p.IpProtocol, FromPort: p.FromPort, ToPort: p.ToPort };
    return [
      ...(p.IpRanges ?? []).map((r) => ({ perm: { ...base, IpRanges: [{ CidrIp: r.CidrIp }] } })),
      ...(p.Ipv6Ranges ?? []).map((r) => ({ perm: { ...base, Ipv6Ranges: [{ CidrIpv6: r.CidrIpv6 }] } })),
      ...(p.UserIdGroupPairs ?? []).map((g) => ({ perm: { ...base, UserIdGroupPairs: [{ GroupId: g.GroupId }] } })),
    ].map((x) => ({ key: permissionKeys(x.perm)[0]!, perm: x.perm }));
  });
}

export function diffRules(group: SecurityGroup, desired: IngressRule[]): { missing: IngressRule[]; extra: IpPermission[] } {
  const selfId = group.GroupId ?? '';
  const actual = singlePeerPermissions(group.IpPermissions ?? []);
  const actualKeys = new Set(actual.map((a) => a.key));
  const desiredKeys = new Set(desired.map((r) => ruleKey(r, selfId)));
  return {
    missing: desired.filter((r) => !actualKeys.has(ruleKey(r, selfId))),
    extra: actual.filter((a) => !desiredKeys.has(a.key)).map((a) => a.perm),
  };
}

async function findGroup(ctx: Parameters<StepKind<unknown, unknown>['check']>[0], input: SecurityGroupInput): Promise<SecurityGroup | undefined> {
  const filters = [
    { Name: 'vpc-id', Values: [input.vpcId] },
    { Name: 'group-name', Values: [input.name] },
  ];
  // A name is unique in a VPC, so more than one is an answer to distrust, not to choose from.
  const groups = await collect(paginateDescribeSecurityGroups({ client: ctx.aws.ec2 }, { Filters: filters }), (p) => p.SecurityGroups);
  return findOne(groups, `security groups named ${input.name} in ${input.vpcId}`, (g) => g.GroupId);
}

function describeRules(group: SecurityGroup): string[] {
  return singlePeerPermissions(group.IpPermissions ?? []).map((p) => `allow ${p.key}`);
}

const kind: StepKind<SecurityGroupInput, SecurityGroupOutputs, Found> = {
  async check(ctx, input) {
    assertSafeIngress(input.ingress);
    const group = await findGroup(ctx, input);
    if (!group?.GroupId) return { done: false, reason: `No security group ${input.name} in ${input.vpcId}.` };
    // The step owns the ingress of groups it made; a same-named group of someone else's is never rewritten.
    if (tagValue(group.Tags, TAG_RUNBOOK) !== ctx.runbookId)
      throw new ForeignGroupError(
        `Security group ${input.name} (${group.GroupId}) in ${input.vpcId} was not created by runbook ${ctx.runbookId}; rename or remove it, or tag it ${TAG_RUNBOOK}=${ctx.runbookId} to let this runbook manage its rules.`,
      );
    const { missing, extra } = diffRules(group, input.ingress);
    if (missing.length === 0 && extra.length === 0)
      return { done: true, outputs: { groupId: group.GroupId }, evidence: [`${group.GroupId}: ${describeRules(group).join('; ') || 'no ingress'}`] };
    return {
      done: false,
      reason: `Security group ${group.GroupId} has ${missing.length} missing and ${extra.length} unexpected ingress rules.`,
      found: { groupId: group.GroupId, missing, extra },
    };
  },
  plan(input, found, ctx) {
    const groupId = found?.groupId ?? `<${input.name}.groupId>`;
    const calls: PlannedCall[] = [];
    if (!found)
      calls.push({
        service: 'ec2',
        operation: 'CreateSecurityGroup',
        input: { GroupName: input.name, Description: input.description, VpcId: input.vpcId, TagSpecifications: tagSpecifications('security-group', plannedTags(ctx, input.name)) },
      });
    const missing = found?.missing ?? input.ingress;
    if (missing.length) calls.push({ service: 'ec2', operation: 'AuthorizeSecurityGroupIngress', input: { GroupId: groupId, IpPermissions: missing.map((r) => toPermission(r, groupId)) } });
    if (found?.extra.length) calls.push({ service: 'ec2', operation: 'RevokeSecurityGroupIngress', input: { GroupId: groupId, IpPermissions: found.extra } });
    return calls;
  },
  async apply(ctx, input, found) {
    assertSafeIngress(input.ingress);
    let groupId = found?.groupId;
    if (!groupId) {
      const created = await ctx.aws.ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: input.name,
          Description: input.description,
          VpcId: input.vpcId,
          TagSpecifications: tagSpecifications('security-group', ctx.tags(input.name)),
        }),
      );
      groupId = created.GroupId!;
    }
    const missing = found?.missing ?? input.ingress;
    if (missing.length)
      await ctx.aws.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: missing.map((r) => toPermission(r, groupId!)) }));
    if (found?.extra.length) await ctx.aws.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: found.extra }));
    return { groupId };
  },
};

export { kind as securityGroupKind };
