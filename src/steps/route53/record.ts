/**
 * `route53.record`: a record set with exactly these values, written with
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
  values: string[];
  ttl: number;
}

export interface RecordOutputs {
  zoneId: string;
  zoneName: string;
  name: string;
  /** Set by an apply: the values the record had before it (none: the run created it), so a destroy removes only what the run made. */
  replaced?: string[];
}

interface Found {
  zone: Zone;
  current?: { values: string[]; ttl?: number };
}

async function currentValues(ctx: StepContext, zone: Zone, input: RecordInput): Promise<{ values: string[]; ttl?: number } | undefined> {
  const res = await ctx.aws.route53.send(
    new ListResourceRecordSetsCommand({ HostedZoneId: zone.id, StartRecordName: fqdn(input.name), StartRecordType: input.type as RRType, MaxItems: 1 }),
  );
  const set = res.ResourceRecordSets?.[0];
  if (!set || fqdn(set.Name ?? '') !== fqdn(input.name) || set.Type !== input.type) return undefined;
  return { values: (set.ResourceRecords ?? []).map((r) => r.Value ?? ''), ttl: set.TTL };
}

const same = (a: string[], b: string[]) => [...a].sort().join(',') === [...b].sort().join(',');

function changeBatch(input: RecordInput) {
  return {
    Comment: `runbook: ${fqdn(input.name)} ${input.type}`,
    Changes: [{ Action: 'UPSERT' as const, ResourceRecordSet: { Name: fqdn(input.name), Type: input.type as RRType, TTL: input.ttl, ResourceRecords: input.values.map((Value) => ({ Value })) } }],
  };
}

const kind: StepKind<RecordInput, RecordOutputs, Found> = {
  async check(ctx, input) {
    const zone = await findZone(ctx, input.zone, input.name);
    const current = await currentValues(ctx, zone, input);
    const shown = `${fqdn(input.name)} ${input.type} ${input.values.join(', ')} (TTL ${input.ttl}) in ${zone.name} (${zone.id})`;
    if (current && same(current.values, input.values) && current.ttl === input.ttl)
      return { done: true, outputs: { zoneId: zone.id, zoneName: zone.name, name: fqdn(input.name) }, evidence: [shown] };
    return {
      done: false,
      reason: current ? `${fqdn(input.name)} ${input.type} is ${current.values.join(', ')} (TTL ${current.ttl}), not ${input.values.join(', ')} (TTL ${input.ttl}).` : `No ${input.type} record ${fqdn(input.name)} in ${zone.name} yet.`,
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
