/**
 * Security groups. Rules are stored atomically (one protocol/port range, one
 * peer), like EC2's SecurityGroupRule, and grouped back into IpPermissions
 * when described, so duplicates and revocations behave as on AWS.
 */
import type {
  AuthorizeSecurityGroupIngressCommandInput,
  CreateSecurityGroupCommandInput,
  DeleteSecurityGroupCommandInput,
  DescribeSecurityGroupsCommandInput,
  IpPermission,
  RevokeSecurityGroupIngressCommandInput,
  SecurityGroup as SecurityGroupView,
  SecurityGroupRule as SecurityGroupRuleView,
} from '@aws-sdk/client-ec2';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { ec2Page } from '../lib/pages.js';
import { awsError } from '../lib/errors.js';
import { applyFilters, tagList, tagsForResource } from '../lib/filters.js';
import { resourceId } from '../../account/ids.js';
import { isIpv4Cidr } from '../../account/net.js';
import type { SecurityGroup, SecurityGroupRule } from '../../account/state.js';
import { ec2Named, ec2NotFound, ec2One, requireDefaultVpc } from './common.js';
import { instanceState } from './lifecycle.js';

const PROTOCOL_NAMES: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' };

function normalizeProtocol(protocol: string | undefined): string {
  const p = (protocol ?? '').toLowerCase();
  if (!p) throw awsError('MissingParameter', 'The request must contain the parameter ipPermissions.ipProtocol');
  return PROTOCOL_NAMES[p] ?? p;
}

function ruleKey(r: Omit<SecurityGroupRule, 'SecurityGroupRuleId'>): string {
  return [r.IpProtocol, r.FromPort, r.ToPort, r.CidrIpv4, r.CidrIpv6, r.ReferencedGroupId, r.PrefixListId].join('|');
}

function describeRule(r: Omit<SecurityGroupRule, 'SecurityGroupRuleId'>): string {
  const peer = r.CidrIpv4 ?? r.CidrIpv6 ?? r.ReferencedGroupId ?? r.PrefixListId;
  const protocol = r.IpProtocol === '-1' ? 'ALL' : r.IpProtocol.toUpperCase();
  return `peer: ${peer}, ${protocol}, from port: ${r.FromPort ?? -1}, to port: ${r.ToPort ?? -1}, ALLOW`;
}

/** Atomic rules from the request's IpPermissions (or its legacy top-level fields). */
function rulesOf(ctx: OperationContext, group: SecurityGroup, input: AuthorizeSecurityGroupIngressCommandInput): Omit<SecurityGroupRule, 'SecurityGroupRuleId'>[] {
  const permissions: IpPermission[] = input.IpPermissions?.length
    ? input.IpPermissions
    : [{ IpProtocol: input.IpProtocol, FromPort: input.FromPort, ToPort: input.ToPort, IpRanges: input.CidrIp ? [{ CidrIp: input.CidrIp }] : [] }];
  const rules: Omit<SecurityGroupRule, 'SecurityGroupRuleId'>[] = [];
  for (const perm of permissions) {
    const IpProtocol = normalizeProtocol(perm.IpProtocol);
    const ports = IpProtocol === '-1' ? {} : { FromPort: perm.FromPort, ToPort: perm.ToPort };
    if ((IpProtocol === 'tcp' || IpProtocol === 'udp') && (perm.FromPort === undefined || perm.ToPort === undefined))
      throw awsError('InvalidParameterValue', 'Invalid value for portRange. Must specify both from and to ports with TCP/UDP.');
    for (const range of perm.IpRanges ?? []) {
      if (!isIpv4Cidr(range.CidrIp ?? '')) throw awsError('InvalidParameterValue', `CIDR block ${range.CidrIp} is malformed`);
      rules.push({ IpProtocol, ...ports, CidrIpv4: range.CidrIp, Description: range.Description });
    }
    for (const range of perm.Ipv6Ranges ?? []) rules.push({ IpProtocol, ...ports, CidrIpv6: range.CidrIpv6, Description: range.Description });
    for (const list of perm.PrefixListIds ?? []) rules.push({ IpProtocol, ...ports, PrefixListId: list.PrefixListId, Description: list.Description });
    for (const pair of perm.UserIdGroupPairs ?? []) {
      const peer = pair.GroupId ?? Object.values(ctx.region.securityGroups).find((g) => g.VpcId === group.VpcId && g.GroupName === pair.GroupName)?.GroupId;
      if (!peer || !ctx.region.securityGroups[peer]) throw ec2NotFound('group', [pair.GroupId ?? pair.GroupName ?? '']);
      rules.push({ IpProtocol, ...ports, ReferencedGroupId: peer, Description: pair.Description });
    }
  }
  return rules;
}

function findGroup(ctx: OperationContext, groupId: string | undefined, groupName: string | undefined): SecurityGroup {
  if (groupId) return ec2One(ctx, 'group', groupId);
  const vpc = requireDefaultVpc(ctx);
  const group = Object.values(ctx.region.securityGroups).find((g) => g.VpcId === vpc.VpcId && g.GroupName === groupName);
  if (!group) throw awsError('InvalidGroup.NotFound', `The security group '${groupName}' does not exist in default VPC '${vpc.VpcId}'`);
  return group;
}

function permissionsView(rules: SecurityGroupRule[], ownerId: string): IpPermission[] {
  const byRange = new Map<string, IpPermission>();
  for (const r of rules) {
    const key = [r.IpProtocol, r.FromPort, r.ToPort].join('|');
    let perm = byRange.get(key);
    if (!perm) {
      perm = { IpProtocol: r.IpProtocol, FromPort: r.FromPort, ToPort: r.ToPort, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
      byRange.set(key, perm);
    }
    if (r.CidrIpv4) perm.IpRanges!.push({ CidrIp: r.CidrIpv4, Description: r.Description });
    if (r.CidrIpv6) perm.Ipv6Ranges!.push({ CidrIpv6: r.CidrIpv6, Description: r.Description });
    if (r.PrefixListId) perm.PrefixListIds!.push({ PrefixListId: r.PrefixListId, Description: r.Description });
    if (r.ReferencedGroupId) perm.UserIdGroupPairs!.push({ GroupId: r.ReferencedGroupId, UserId: ownerId, Description: r.Description });
  }
  return [...byRange.values()];
}

function groupView(g: SecurityGroup, ownerId: string, region: string): SecurityGroupView {
  return {
    GroupId: g.GroupId,
    GroupName: g.GroupName,
    Description: g.Description,
    VpcId: g.VpcId,
    OwnerId: ownerId,
    SecurityGroupArn: `arn:aws:ec2:${region}:${ownerId}:security-group/${g.GroupId}`,
    IpPermissions: permissionsView(g.ingress, ownerId),
    IpPermissionsEgress: permissionsView(g.egress, ownerId),
    Tags: tagList(g.Tags),
  };
}

function ruleView(g: SecurityGroup, r: SecurityGroupRule, ownerId: string): SecurityGroupRuleView {
  return {
    SecurityGroupRuleId: r.SecurityGroupRuleId,
    GroupId: g.GroupId,
    GroupOwnerId: ownerId,
    IsEgress: false,
    IpProtocol: r.IpProtocol,
    FromPort: r.FromPort ?? -1,
    ToPort: r.ToPort ?? -1,
    CidrIpv4: r.CidrIpv4,
    CidrIpv6: r.CidrIpv6,
    PrefixListId: r.PrefixListId,
    ReferencedGroupInfo: r.ReferencedGroupId ? { GroupId: r.ReferencedGroupId, UserId: ownerId } : undefined,
    Description: r.Description,
  };
}

export const securityGroups: ServiceHandlers = {
  DescribeSecurityGroups: (ctx) => {
    const input = inputOf<DescribeSecurityGroupsCommandInput>(ctx);
    let groups = ec2Named(ctx, 'group', input.GroupIds);
    if (input.GroupNames?.length) groups = input.GroupNames.map((name) => findGroup(ctx, undefined, name)).filter((g) => groups.includes(g));
    const rules = (g: SecurityGroup) => g.ingress;
    groups = applyFilters(groups, input.Filters, {
      'group-id': (g) => g.GroupId,
      'group-name': (g) => g.GroupName,
      'vpc-id': (g) => g.VpcId,
      description: (g) => g.Description,
      'owner-id': () => ctx.account.accountId,
      'ip-permission.cidr': (g) => rules(g).map((r) => r.CidrIpv4),
      'ip-permission.from-port': (g) => rules(g).map((r) => r.FromPort),
      'ip-permission.to-port': (g) => rules(g).map((r) => r.ToPort),
      'ip-permission.protocol': (g) => rules(g).map((r) => r.IpProtocol),
      'ip-permission.group-id': (g) => rules(g).map((r) => r.ReferencedGroupId),
    });
    const { items, NextToken } = ec2Page(ctx, groups, input, [...(input.GroupIds ?? []), ...(input.GroupNames ?? [])]);
    return { SecurityGroups: items.map((g) => groupView(g, ctx.account.accountId, ctx.regionName)), NextToken };
  },

  CreateSecurityGroup: (ctx) => {
    const input = inputOf<CreateSecurityGroupCommandInput>(ctx);
    const name = input.GroupName ?? '';
    if (!name) throw awsError('MissingParameter', 'The request must contain the parameter groupName');
    if (!input.Description) throw awsError('MissingParameter', 'The request must contain the parameter GroupDescription');
    if (name === 'default') throw awsError('InvalidParameterValue', 'Cannot use reserved security group name: default');
    if (name.startsWith('sg-')) throw awsError('InvalidParameterValue', 'Group names may not be in the format sg-*.');
    const vpc = input.VpcId ? ec2One(ctx, 'vpc', input.VpcId) : requireDefaultVpc(ctx);
    if (Object.values(ctx.region.securityGroups).some((g) => g.VpcId === vpc.VpcId && g.GroupName === name))
      throw awsError('InvalidGroup.Duplicate', `The security group '${name}' already exists for VPC '${vpc.VpcId}'`);
    const group: SecurityGroup = {
      GroupId: resourceId('sg'),
      GroupName: name,
      Description: input.Description,
      VpcId: vpc.VpcId,
      ingress: [],
      egress: [{ SecurityGroupRuleId: resourceId('sgr'), IpProtocol: '-1', CidrIpv4: '0.0.0.0/0' }],
      Tags: tagsForResource(input.TagSpecifications, 'security-group'),
      createdAt: ctx.now,
    };
    ctx.region.securityGroups[group.GroupId] = group;
    return { GroupId: group.GroupId, Tags: tagList(group.Tags), SecurityGroupArn: groupView(group, ctx.account.accountId, ctx.regionName).SecurityGroupArn };
  },

  AuthorizeSecurityGroupIngress: (ctx) => {
    const input = inputOf<AuthorizeSecurityGroupIngressCommandInput>(ctx);
    const group = findGroup(ctx, input.GroupId, input.GroupName);
    const existing = new Set(group.ingress.map(ruleKey));
    const added: SecurityGroupRule[] = [];
    for (const rule of rulesOf(ctx, group, input)) {
      if (existing.has(ruleKey(rule))) throw awsError('InvalidPermission.Duplicate', `the specified rule "${describeRule(rule)}" already exists`);
      existing.add(ruleKey(rule));
      added.push({ SecurityGroupRuleId: resourceId('sgr'), ...rule });
    }
    group.ingress.push(...added);
    return { Return: true, SecurityGroupRules: added.map((r) => ruleView(group, r, ctx.account.accountId)) };
  },

  RevokeSecurityGroupIngress: (ctx) => {
    const input = inputOf<RevokeSecurityGroupIngressCommandInput>(ctx);
    const group = findGroup(ctx, input.GroupId, input.GroupName);
    const byId = new Set(input.SecurityGroupRuleIds ?? []);
    const requested = input.SecurityGroupRuleIds?.length ? [] : rulesOf(ctx, group, input);
    const byKey = new Set(requested.map(ruleKey));
    const removed = group.ingress.filter((r) => byId.has(r.SecurityGroupRuleId) || byKey.has(ruleKey(r)));
    if (removed.length === 0) throw awsError('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.');
    // Rules that matched nothing come back as UnknownIpPermissions, as on AWS.
    const unknown = requested.filter((r) => !removed.some((x) => ruleKey(x) === ruleKey(r)));
    group.ingress = group.ingress.filter((r) => !removed.includes(r));
    return {
      Return: true,
      ...(unknown.length ? { UnknownIpPermissions: permissionsView(unknown.map((r) => ({ SecurityGroupRuleId: '', ...r })), ctx.account.accountId) } : {}),
      RevokedSecurityGroupRules: removed.map((r) => {
        const { IsEgress, IpProtocol, FromPort, ToPort, CidrIpv4, CidrIpv6, PrefixListId, Description, SecurityGroupRuleId, GroupId } = ruleView(group, r, ctx.account.accountId);
        return { IsEgress, IpProtocol, FromPort, ToPort, CidrIpv4, CidrIpv6, PrefixListId, Description, SecurityGroupRuleId, GroupId, ReferencedSecurityGroupId: r.ReferencedGroupId };
      }),
    };
  },

  DeleteSecurityGroup: (ctx) => {
    const input = inputOf<DeleteSecurityGroupCommandInput>(ctx);
    const group = input.GroupId ? ec2One(ctx, 'group', input.GroupId) : Object.values(ctx.region.securityGroups).find((g) => g.GroupName === input.GroupName && ctx.region.vpcs[g.VpcId]?.IsDefault);
    if (!group) throw awsError('InvalidGroup.NotFound', `The security group '${input.GroupName}' does not exist in default VPC`);
    if (group.GroupName === 'default') throw awsError('CannotDelete', `the specified group: "${group.GroupId}" name: "default" cannot be deleted by a user`);
    // What still uses the group: an instance that has not terminated, a rule of another group, a mount target.
    const user =
      Object.values(ctx.region.instances).find((i) => i.SecurityGroupIds.includes(group.GroupId) && instanceState(i, ctx.now).Name !== 'terminated')?.InstanceId ??
      Object.values(ctx.region.securityGroups).find((g) => g.GroupId !== group.GroupId && [...g.ingress, ...g.egress].some((r) => r.ReferencedGroupId === group.GroupId))?.GroupId ??
      Object.values(ctx.region.mountTargets ?? {}).find((m) => m.securityGroupIds.includes(group.GroupId))?.MountTargetId;
    if (user) throw awsError('DependencyViolation', `resource ${group.GroupId} has a dependent object`);
    delete ctx.region.securityGroups[group.GroupId];
    return { Return: true, GroupId: group.GroupId };
  },
};
