/**
 * Route53: hosted zones, record sets changed in atomic batches (CREATE,
 * UPSERT, DELETE), each change PENDING for a few seconds and then INSYNC, and
 * the answer Route53's name servers give (TestDNSAnswer). Global, like IAM.
 * A fresh account holds one public zone, example.com (a domain reserved for
 * documentation), so a runbook's DNS steps can be rehearsed.
 */
import type {
  ChangeResourceRecordSetsCommandInput,
  GetChangeCommandInput,
  GetHostedZoneCommandInput,
  HostedZone as HostedZoneView,
  ListHostedZonesByNameCommandInput,
  ListResourceRecordSetsCommandInput,
  ResourceRecordSet as RecordSetView,
  TestDNSAnswerCommandInput,
} from '@aws-sdk/client-route-53';
import { randomBytes } from 'node:crypto';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import type { HostedZone, ResourceRecordSet, Route53State } from '../../account/state.js';
import { after } from '../../account/time.js';

/** A change is served by every Route53 name server this long after it was submitted. */
export const CHANGE_INSYNC_SECONDS = 5;
export const SEEDED_ZONE_ID = 'Z0SANDBOX0EXAMPLE0COM';
const NAME_SERVERS = ['ns-101.awsdns-12.com', 'ns-1202.awsdns-22.org', 'ns-657.awsdns-18.net', 'ns-1948.awsdns-51.co.uk'];

export function seedRoute53(now: number): Route53State {
  const zone: HostedZone = { Id: SEEDED_ZONE_ID, Name: 'example.com.', PrivateZone: false, CallerReference: 'sandbox-seed', records: {}, createdAt: now };
  setRecord(zone, { Name: 'example.com.', Type: 'NS', TTL: 172800, values: NAME_SERVERS.map((n) => `${n}.`) });
  setRecord(zone, { Name: 'example.com.', Type: 'SOA', TTL: 900, values: [`${NAME_SERVERS[0]}. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400`] });
  return { zones: { [zone.Id]: zone }, changes: {} };
}

/** Accounts saved before Route53 was simulated get the same seeded zone (its id is fixed). */
function route53State(ctx: OperationContext): Route53State {
  return (ctx.account.route53 ??= seedRoute53(ctx.account.createdAt));
}

/** `Example.COM` and `example.com.` name one zone. */
export function fqdn(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

/** The SDK strips `/hostedzone/` and `/change/`; a caller without the SDK may not. */
function bareId(id: string | undefined): string {
  return (id ?? '').replace(/^\/(hostedzone|change)\//, '');
}

function recordKey(name: string, type: string): string {
  return `${fqdn(name)}|${type}`;
}

function setRecord(zone: HostedZone, record: ResourceRecordSet): void {
  zone.records[recordKey(record.Name, record.Type)] = record;
}

/** Route53 lists names by their labels right to left: `com.example.www`. */
function sortKey(name: string, type = ''): string {
  return `${fqdn(name).split('.').reverse().join('.')}|${type}`;
}

function requireZone(ctx: OperationContext, id: string | undefined): HostedZone {
  const zone = route53State(ctx).zones[bareId(id)];
  if (!zone || !ctx.visible(zone.createdAt)) throw awsError('NoSuchHostedZone', `No hosted zone found with ID: ${bareId(id)}`, 404);
  return zone;
}

function zoneView(zone: HostedZone): HostedZoneView {
  return {
    Id: `/hostedzone/${zone.Id}`,
    Name: zone.Name,
    CallerReference: zone.CallerReference,
    Config: { PrivateZone: zone.PrivateZone },
    ResourceRecordSetCount: Object.keys(zone.records).length,
  };
}

function recordView(r: ResourceRecordSet): RecordSetView {
  if (r.alias) return { Name: r.Name, Type: r.Type as RecordSetView['Type'], AliasTarget: { ...r.alias } };
  return { Name: r.Name, Type: r.Type as RecordSetView['Type'], TTL: r.TTL, ResourceRecords: r.values.map((Value) => ({ Value })) };
}

function changeInfo(id: string, submittedAt: number, now: number) {
  return { Id: `/change/${id}`, Status: now < after(submittedAt, CHANGE_INSYNC_SECONDS) ? 'PENDING' : 'INSYNC', SubmittedAt: new Date(submittedAt) };
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

function invalidBatch(message: string): Error {
  return awsError('InvalidChangeBatch', `[${message}]`);
}

/** One change of a batch, applied to the zone or refused as Route53 refuses it. */
function applyChange(zone: HostedZone, action: string | undefined, set: RecordSetView | undefined): void {
  if (!set?.Name || !set.Type) throw awsError('InvalidInput', 'Invalid request: ResourceRecordSet needs Name and Type');
  const name = fqdn(set.Name);
  if (name !== zone.Name && !name.endsWith(`.${zone.Name}`)) throw invalidBatch(`RRSet with DNS name ${name} is not permitted in zone ${zone.Name}`);
  const key = recordKey(name, set.Type);
  const existing = zone.records[key];
  const values = (set.ResourceRecords ?? []).map((r) => r.Value ?? '');
  if (action === 'DELETE') {
    if (!existing) throw invalidBatch(`Tried to delete resource record set [name='${name}', type='${set.Type}'] but it was not found`);
    delete zone.records[key];
    return;
  }
  if (action !== 'CREATE' && action !== 'UPSERT') throw awsError('InvalidInput', `Invalid request: unknown action ${action}`);
  if (action === 'CREATE' && existing) throw invalidBatch(`Tried to create resource record set [name='${name}', type='${set.Type}'] but it already exists`);
  const alias = set.AliasTarget;
  if (alias ? set.TTL !== undefined || values.length > 0 : set.TTL === undefined || values.length === 0)
    throw awsError('InvalidInput', 'Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords]]');
  if (alias) {
    if (!alias.DNSName || !alias.HostedZoneId) throw awsError('InvalidInput', 'Invalid request: AliasTarget needs DNSName and HostedZoneId');
    // An alias answers the addresses of its target; the sandbox names the target instead.
    setRecord(zone, { Name: name, Type: set.Type, TTL: 0, values: [], alias: { DNSName: fqdn(alias.DNSName).toLowerCase(), HostedZoneId: alias.HostedZoneId, EvaluateTargetHealth: alias.EvaluateTargetHealth === true } });
    return;
  }
  if (set.Type === 'A') for (const v of values) if (!IPV4.test(v)) throw invalidBatch(`ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '${v}'`);
  setRecord(zone, { Name: name, Type: set.Type, TTL: set.TTL!, values });
}

export const route53: ServiceHandlers = {
  ListHostedZones: (ctx) => ({
    HostedZones: Object.values(route53State(ctx).zones)
      .filter((z) => ctx.visible(z.createdAt))
      .map(zoneView),
    IsTruncated: false,
    MaxItems: 100,
  }),

  ListHostedZonesByName: (ctx) => {
    const input = inputOf<ListHostedZonesByNameCommandInput>(ctx);
    const start = input.DNSName ? sortKey(input.DNSName) : '';
    const zones = Object.values(route53State(ctx).zones)
      .filter((z) => ctx.visible(z.createdAt) && sortKey(z.Name) >= start)
      .sort((a, b) => sortKey(a.Name).localeCompare(sortKey(b.Name)));
    const max = Number(input.MaxItems ?? 100);
    return { HostedZones: zones.slice(0, max).map(zoneView), DNSName: input.DNSName, IsTruncated: zones.length > max, MaxItems: max };
  },

  GetHostedZone: (ctx) => {
    const zone = requireZone(ctx, inputOf<GetHostedZoneCommandInput>(ctx).Id);
    return { HostedZone: zoneView(zone), ...(zone.PrivateZone ? {} : { DelegationSet: { NameServers: NAME_SERVERS } }) };
  },

  ListResourceRecordSets: (ctx) => {
    const input = inputOf<ListResourceRecordSetsCommandInput>(ctx);
    const zone = requireZone(ctx, input.HostedZoneId);
    const start = input.StartRecordName ? sortKey(input.StartRecordName, input.StartRecordType ?? '') : '';
    const sorted = Object.values(zone.records)
      .filter((r) => sortKey(r.Name, r.Type) >= start)
      .sort((a, b) => sortKey(a.Name, a.Type).localeCompare(sortKey(b.Name, b.Type)));
    const max = Number(input.MaxItems ?? 300);
    const next = sorted[max];
    return {
      ResourceRecordSets: sorted.slice(0, max).map(recordView),
      IsTruncated: next !== undefined,
      MaxItems: max,
      ...(next ? { NextRecordName: next.Name, NextRecordType: next.Type } : {}),
    };
  },

  ChangeResourceRecordSets: (ctx) => {
    const input = inputOf<ChangeResourceRecordSetsCommandInput>(ctx);
    const zone = requireZone(ctx, input.HostedZoneId);
    const changes = input.ChangeBatch?.Changes ?? [];
    if (changes.length === 0) throw awsError('InvalidInput', 'Invalid request: ChangeBatch must contain at least one change');
    // The sandbox rolls a failed write back, so a refused change leaves the whole batch unapplied, as Route53 does.
    for (const c of changes) applyChange(zone, c.Action, c.ResourceRecordSet);
    const id = `C${randomBytes(10).toString('hex').toUpperCase().slice(0, 19)}`;
    route53State(ctx).changes[id] = ctx.now;
    return { ChangeInfo: changeInfo(id, ctx.now, ctx.now) };
  },

  GetChange: (ctx) => {
    const id = bareId(inputOf<GetChangeCommandInput>(ctx).Id);
    const submittedAt = route53State(ctx).changes[id];
    if (submittedAt === undefined) throw awsError('NoSuchChange', `A change with the specified change ID does not exist: ${id}`, 404);
    return { ChangeInfo: changeInfo(id, submittedAt, ctx.now) };
  },

  TestDNSAnswer: (ctx) => {
    const input = inputOf<TestDNSAnswerCommandInput>(ctx);
    const zone = requireZone(ctx, input.HostedZoneId);
    const name = fqdn(input.RecordName ?? '');
    const record = zone.records[recordKey(name, input.RecordType ?? 'A')];
    const nameExists = Object.values(zone.records).some((r) => r.Name === name);
    return {
      Nameserver: NAME_SERVERS[0],
      RecordName: name,
      RecordType: input.RecordType,
      RecordData: record?.values ?? [],
      ResponseCode: record || nameExists ? 'NOERROR' : 'NXDOMAIN',
      Protocol: 'UDP',
    };
  },
};
