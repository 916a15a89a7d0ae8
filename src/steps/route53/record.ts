/**
 * `route53.record`: a record set with exactly these values, or an alias to an
 * AWS resource (a load balancer: its DNS name and zone), written with
 * UPSERT (idempotent: Route53 has no token for it) and awaited until every
 * Route53 name server serves it (GetChange INSYNC).
 */
import { ChangeResourceRecordSetsCommand, GetChangeCommand, ListResourceRecordSetsCommand, type RRType } from '../../aws/sdk/route53.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { waitFor } from '../../aws/wait.js';
import { findZone, fqdn, type Zone } from './zone.js';

export interface RecordInput {
  /** Hosted zone id (Z...) or name. */
  zone: string;
  name: string;
  type: 'A' | 'AAAA' | 'CNAME' | 'TXT';
  /** The values and their TTL; or `alias`. */
  values?: string[];
  ttl?: number;
  /** An alias to an AWS resource's DNS name in its own zone (a load balancer's CanonicalHostedZoneId), instead of values. */
  alias?: { dnsName: string; hostedZoneId: string };
}

export interface RecordOutputs {
  zoneId: string;
  zoneName: string;
  name: string;
  /** Set by an apply: the values the record had before it (none: the run created it), so a destroy removes only what the run made. */
  replaced?: string[];
}

interface Current {
  values: string[];
  ttl?: number;
}

interface Found {
  zone: Zone;
  current?: Current;
}

export class RecordInputError extends Error {
  override name = 'RecordInput';
}

/** An alias reads as its target, `ALIAS <dns name> (<zone>)`, so one comparison serves both forms. */
const aliasValue = (alias: { dnsName: string; hostedZoneId: string }) => `ALIAS ${fqdn(alias.dnsName).toLowerCase()} (${alias.hostedZoneId})`;

function wanted(input: RecordInput): Current {
  if (input.alias && input.values?.length) throw new RecordInputError(`DNS record ${input.name}: give values or an alias, not both.`);
  if (input.alias) return { values: [aliasValue(input.alias)] };
  if (!input.values?.length || input.ttl === undefined) throw new RecordInputError(`DNS record ${input.name}: give values and a TTL, or an alias.`);
  return { values: input.values, ttl: input.ttl };
}

async function currentValues(ctx: StepContext, zone: Zone, input: RecordInput): Promise<Current | undefined> {
  const res = await ctx.aws.route53.send(
    new ListResourceRecordSetsCommand({ HostedZoneId: zone.id, StartRecordName: fqdn(input.name), StartRecordType: input.type as RRType, MaxItems: 1 }),
  );
  const set = res.ResourceRecordSets?.[0];
  if (!set || fqdn(set.Name ?? '') !== fqdn(input.name) || set.Type !== input.type) return undefined;
  if (set.AliasTarget) return { values: [aliasValue({ dnsName: set.AliasTarget.DNSName ?? '', hostedZoneId: set.AliasTarget.HostedZoneId ?? '' })] };
  return { values: (set.ResourceRecords ?? []).map((r) => r.Value ?? ''), ttl: set.TTL };
}

const same = (a: string[], b: string[]) => [...a].sort().join(',') === [...b].sort().join(',');

function recordSet(input: RecordInput) {
  const base = { Name: fqdn(input.name), Type: input.type as RRType };
  if (input.alias) return { ...base, AliasTarget: { DNSName: fqdn(input.alias.dnsName), HostedZoneId: input.alias.hostedZoneId, EvaluateTargetHealth: true } };
  return { ...base, TTL: input.ttl, ResourceRecords: (input.values ?? []).map((Value) => ({ Value })) };
}

function changeBatch(input: RecordInput) {
  return { Comment: `runbook: ${fqdn(input.name)} ${input.type}`, Changes: [{ Action: 'UPSERT' as const, ResourceRecordSet: recordSet(input) }] };
}

const kind: StepKind<RecordInput, RecordOutputs, Found> = {
  async check(ctx, input) {
    const zone = await findZone(ctx, input.zone, input.name);
    const want = wanted(input);
    const current = await currentValues(ctx, zone, input);
    const show = (c: Current) => `${c.values.join(', ')}${c.ttl === undefined ? '' : ` (TTL ${c.ttl})`}`;
    const shown = `${fqdn(input.name)} ${input.type} ${show(want)} in ${zone.name} (${zone.id})`;
    if (current && same(current.values, want.values) && current.ttl === want.ttl)
      return { done: true, outputs: { zoneId: zone.id, zoneName: zone.name, name: fqdn(input.name) }, evidence: [shown] };
    return {
      done: false,
      reason: current ? `${fqdn(input.name)} ${input.type} is ${show(current)}, not ${show(want)}.` : `No ${input.type} record ${fqdn(input.name)} in ${zone.name} yet.`,
      found: { zone, ...(current ? { current } : {}) },
    };
  },
  plan: (input, found) => [
    { service: 'route53', operation: 'ChangeResourceRecordSets', input: { HostedZoneId: found?.zone.id ?? input.zone, ChangeBatch: changeBatch(input) }, note: 'then waits until the change is INSYNC' },
  ],
  async apply(ctx, input, found) {
    const zone = found?.zone ?? (await findZone(ctx, input.zone, input.name));
    const res = await ctx.aws.route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone.id, ChangeBatch: changeBatch(input) }));
    const changeId = res.ChangeInfo?.Id;
    if (!changeId) throw new Error(`Route53 accepted the change to ${fqdn(input.name)} but returned no change id.`);
    await waitForChange(ctx, changeId);
    // What the record held before, only when there was something: a resume's check then records the same outputs.
    const replaced = found?.current?.values ?? [];
    return { zoneId: zone.id, zoneName: zone.name, name: fqdn(input.name), ...(replaced.length ? { replaced } : {}) };
  },
};

export { kind as recordKind };

/** Waits until a Route53 change has reached every name server (INSYNC). */
export async function waitForChange(ctx: StepContext, changeId: string): Promise<void> {
  await waitFor(ctx, {
    what: `Route53 change ${changeId} to reach every name server`,
    minDelay: 2,
    maxDelay: 10,
    maxWait: 600,
    poll: async () => {
      const status = (await ctx.aws.route53.send(new GetChangeCommand({ Id: changeId }))).ChangeInfo?.Status ?? 'PENDING';
      return status === 'INSYNC' ? { done: true, value: undefined } : { done: false, status };
    },
  });
}
