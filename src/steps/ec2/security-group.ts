/**
 * `ec2.securityGroup`: a security group with exactly these ingress rules (and,
 * when given, exactly these egress rules). The step owns what it is given:
 * missing rules are added, others revoked. Nothing but 80 and 443 may be
 * opened to the whole internet, unless a rule names the risk it takes.
 */
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  RevokeSecurityGroupEgressCommand,
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
import { asRule, assertSafeIngress, diffPermissions, ruleKey, singlePeerPermissions, toPermission, UnsafeRuleError, type EgressRule, type IngressRule } from './security-group-rules.js';

export interface SecurityGroupInput {
  name: string;
  description: string;
  vpcId: string;
  ingress: IngressRule[];
  /** When given, the step owns the egress too: these rules exactly, so the allow-all rule a new group has is revoked. */
  egress?: EgressRule[];
}

export interface SecurityGroupOutputs {
  groupId: string;
}

type Diff = { missing: IngressRule[]; extra: IpPermission[] };

interface Found {
  groupId: string;
  missing: IngressRule[];
  extra: IpPermission[];
  egress?: Diff;
}

export class ForeignGroupError extends Error {
  override name = 'ForeignGroup';
}

export { assertSafeIngress, ruleKey, toPermission, UnsafeRuleError, type EgressRule, type IngressRule };

export function diffRules(group: SecurityGroup, desired: IngressRule[]): Diff {
  return diffPermissions(group.IpPermissions ?? [], group.GroupId ?? '', desired);
}

function diffEgress(group: SecurityGroup, desired: EgressRule[] | undefined): Diff | undefined {
  return desired ? diffPermissions(group.IpPermissionsEgress ?? [], group.GroupId ?? '', desired.map(asRule)) : undefined;
}

/** The egress a new group starts with: everything to everywhere. */
const DEFAULT_EGRESS: IpPermission = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

async function findGroup(ctx: Parameters<StepKind<unknown, unknown>['check']>[0], input: SecurityGroupInput): Promise<SecurityGroup | undefined> {
  const filters = [
    { Name: 'vpc-id', Values: [input.vpcId] },
    { Name: 'group-name', Values: [input.name] },
  ];
  // A name is unique in a VPC, so more than one is an answer to distrust, not to choose from.
  const groups = await collect(paginateDescribeSecurityGroups({ client: ctx.aws.ec2 }, { Filters: filters }), (p) => p.SecurityGroups);
  return findOne(groups, `security groups named ${input.name} in ${input.vpcId}`, (g) => g.GroupId);
}

function describeRules(group: SecurityGroup, egress: boolean): string[] {
  return [
    ...singlePeerPermissions(group.IpPermissions ?? []).map((p) => `allow ${p.key}`),
    ...(egress ? singlePeerPermissions(group.IpPermissionsEgress ?? []).map((p) => `send ${p.key}`) : []),
  ];
}

/** The egress calls: what is missing first, then what is extra (a new group's allow-all included). */
function egressCalls(groupId: string, desired: EgressRule[] | undefined, diff: Diff | undefined): { operation: 'AuthorizeSecurityGroupEgress' | 'RevokeSecurityGroupEgress'; input: { GroupId: string; IpPermissions: IpPermission[] } }[] {
  if (!desired) return [];
  const missing = diff?.missing ?? desired.map(asRule);
  const extra = diff?.extra ?? [DEFAULT_EGRESS];
  return [
    ...(missing.length ? [{ operation: 'AuthorizeSecurityGroupEgress' as const, input: { GroupId: groupId, IpPermissions: missing.map((r) => toPermission(r, groupId)) } }] : []),
    ...(extra.length ? [{ operation: 'RevokeSecurityGroupEgress' as const, input: { GroupId: groupId, IpPermissions: extra } }] : []),
  ];
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
    const egress = diffEgress(group, input.egress);
    const egressOff = (egress?.missing.length ?? 0) + (egress?.extra.length ?? 0);
    if (missing.length === 0 && extra.length === 0 && egressOff === 0)
      return { done: true, outputs: { groupId: group.GroupId }, evidence: [`${group.GroupId}: ${describeRules(group, Boolean(input.egress)).join('; ') || 'no ingress'}`] };
    const egressNote = egress ? `, ${egress.missing.length} missing and ${egress.extra.length} unexpected egress rules` : '';
    return {
      done: false,
      reason: `Security group ${group.GroupId} has ${missing.length} missing and ${extra.length} unexpected ingress rules${egressNote}.`,
      found: { groupId: group.GroupId, missing, extra, ...(egress ? { egress } : {}) },
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
    for (const c of egressCalls(groupId, input.egress, found?.egress)) calls.push({ service: 'ec2', ...c });
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
    for (const c of egressCalls(groupId, input.egress, found?.egress))
      await ctx.aws.ec2.send(c.operation === 'AuthorizeSecurityGroupEgress' ? new AuthorizeSecurityGroupEgressCommand(c.input) : new RevokeSecurityGroupEgressCommand(c.input));
    return { groupId };
  },
};

export { kind as securityGroupKind };
