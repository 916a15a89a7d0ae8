/**
 * The hosted zone a record goes in, given by id (Z...) or by name. A name
 * that several zones share is resolved to the public one; a record outside
 * the zone is refused before any change.
 */
import { GetHostedZoneCommand, ListHostedZonesByNameCommand, type HostedZone } from '../../aws/sdk/route53.js';
import type { StepContext } from '../../engine/model/step.js';
import { isNotFound } from '../../aws/errors.js';

export interface Zone {
  /** Without the /hostedzone/ prefix. */
  id: string;
  /** With the trailing dot, as Route53 writes it. */
  name: string;
  privateZone: boolean;
}

export class HostedZoneError extends Error {
  override name = 'HostedZoneError';
}

export const ZONE_ID = /^Z[A-Z0-9]{1,32}$/;

/** `Node-01.Example.com` -> `node-01.example.com.` */
export function fqdn(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

function zoneOf(z: HostedZone): Zone {
  return { id: (z.Id ?? '').replace(/^\/hostedzone\//, ''), name: fqdn(z.Name ?? ''), privateZone: z.Config?.PrivateZone === true };
}

async function byId(ctx: StepContext, id: string): Promise<Zone> {
  try {
    const res = await ctx.aws.route53.send(new GetHostedZoneCommand({ Id: id }));
    return zoneOf(res.HostedZone!);
  } catch (err) {
    if (isNotFound(err)) throw new HostedZoneError(`There is no hosted zone ${id} in this account.`);
    throw err;
  }
}

async function byName(ctx: StepContext, name: string): Promise<Zone> {
  const wanted = fqdn(name);
  // Zones come in name order from DNSName on; those with this name are consecutive, over pages if need be.
  const zones: Zone[] = [];
  let next: { DNSName?: string; HostedZoneId?: string } = { DNSName: wanted };
  for (;;) {
    const res = await ctx.aws.route53.send(new ListHostedZonesByNameCommand({ ...next, MaxItems: 100 }));
    zones.push(...(res.HostedZones ?? []).map(zoneOf).filter((z) => z.name === wanted));
    if (!res.IsTruncated || !res.NextDNSName || fqdn(res.NextDNSName) !== wanted) break;
    next = { DNSName: res.NextDNSName, HostedZoneId: res.NextHostedZoneId };
  }
  const candidates = zones.some((z) => !z.privateZone) ? zones.filter((z) => !z.privateZone) : zones;
  if (candidates.length === 0) throw new HostedZoneError(`There is no hosted zone named ${wanted} in this account.`);
  if (candidates.length > 1) throw new HostedZoneError(`${candidates.length} hosted zones are named ${wanted} (${candidates.map((z) => z.id).join(', ')}); give hostedZone as a zone id.`);
  return candidates[0]!;
}

/** The zone, checked to hold `recordName`. */
export async function findZone(ctx: StepContext, zone: string, recordName: string): Promise<Zone> {
  const found = ZONE_ID.test(zone) ? await byId(ctx, zone) : await byName(ctx, zone);
  const record = fqdn(recordName);
  if (record !== found.name && !record.endsWith(`.${found.name}`)) throw new HostedZoneError(`${record} is not inside the hosted zone ${found.name} (${found.id}).`);
  return found;
}
