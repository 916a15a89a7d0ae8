/** EC2's resource kinds: id prefixes, their not-found errors, and lookup by id. */
import { namedOrAll, type OperationContext } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { isWellFormedId } from '../../account/ids.js';
import type { Address, Image, Instance, InternetGateway, KeyPair, RegionState, RouteTable, SecurityGroup, Snapshot, Subnet, Tags, Volume, Vpc } from '../../account/state.js';

interface Kind {
  prefix: string;
  code: string;
  notFound: (ids: string[]) => string;
  collection: (region: RegionState) => Record<string, { Tags: Tags; createdAt: number }>;
}

const quoted = (ids: string[]) => ids.join(', ');

export const EC2_KINDS = {
  vpc: { prefix: 'vpc', code: 'InvalidVpcID', notFound: (ids) => `The vpc ID '${quoted(ids)}' does not exist`, collection: (r) => r.vpcs },
  subnet: { prefix: 'subnet', code: 'InvalidSubnetID', notFound: (ids) => `The subnet ID '${quoted(ids)}' does not exist`, collection: (r) => r.subnets },
  group: { prefix: 'sg', code: 'InvalidGroup', notFound: (ids) => `The security group '${quoted(ids)}' does not exist`, collection: (r) => r.securityGroups },
  instance: {
    prefix: 'i',
    code: 'InvalidInstanceID',
    notFound: (ids) => (ids.length > 1 ? `The instance IDs '${quoted(ids)}' do not exist` : `The instance ID '${quoted(ids)}' does not exist`),
    collection: (r) => r.instances,
  },
  volume: { prefix: 'vol', code: 'InvalidVolume', notFound: (ids) => `The volume '${quoted(ids)}' does not exist.`, collection: (r) => r.volumes },
  allocation: { prefix: 'eipalloc', code: 'InvalidAllocationID', notFound: (ids) => `The allocation ID '${quoted(ids)}' does not exist`, collection: (r) => r.addresses },
  keyPair: { prefix: 'key', code: 'InvalidKeyPair', notFound: (ids) => `The key pair ID '${quoted(ids)}' does not exist`, collection: (r) => keyPairsById(r) },
  internetGateway: {
    prefix: 'igw',
    code: 'InvalidInternetGatewayID',
    notFound: (ids) => `The internetGateway ID '${quoted(ids)}' does not exist`,
    collection: (r) => (r.internetGateways ??= {}),
  },
  routeTable: { prefix: 'rtb', code: 'InvalidRouteTableID', notFound: (ids) => `The routeTable ID '${quoted(ids)}' does not exist`, collection: (r) => (r.routeTables ??= {}) },
  image: { prefix: 'ami', code: 'InvalidAMIID', notFound: (ids) => `The image id '[${ids.join(', ')}]' does not exist`, collection: (r) => r.images },
  snapshot: { prefix: 'snap', code: 'InvalidSnapshot', notFound: (ids) => `The snapshot '${quoted(ids)}' does not exist.`, collection: (r) => (r.snapshots ??= {}) },
} satisfies Record<string, Kind>;

export type Ec2Kind = keyof typeof EC2_KINDS;

interface KindItems {
  vpc: Vpc;
  subnet: Subnet;
  group: SecurityGroup;
  instance: Instance;
  volume: Volume;
  allocation: Address;
  keyPair: KeyPair;
  internetGateway: InternetGateway;
  routeTable: RouteTable;
  image: Image;
  snapshot: Snapshot;
}

function keyPairsById(region: RegionState): Record<string, RegionState['keyPairs'][string]> {
  return Object.fromEntries(Object.values(region.keyPairs).map((k) => [k.KeyPairId, k]));
}

export function ec2NotFound(kind: Ec2Kind, ids: string[]): Error {
  const k: Kind = EC2_KINDS[kind];
  return awsError(`${k.code}.NotFound`, k.notFound(ids));
}

function checkWellFormed(kind: Ec2Kind, ids: string[]): void {
  const k: Kind = EC2_KINDS[kind];
  const bad = ids.find((id) => !isWellFormedId(id, k.prefix));
  if (bad !== undefined) throw awsError(`${k.code}.Malformed`, `Invalid id: "${bad}" (expecting "${k.prefix}-...")`);
}

/** The resources of a kind a call names (all, when it names none); a malformed or missing id fails the call. */
export function ec2Named<K extends Ec2Kind>(ctx: OperationContext, kind: K, ids: string[] | undefined): KindItems[K][] {
  checkWellFormed(kind, ids ?? []);
  const items = (EC2_KINDS[kind] as Kind).collection(ctx.region) as Record<string, KindItems[K]>;
  return namedOrAll(ctx, items, ids, (missing) => ec2NotFound(kind, missing));
}

/** One named resource of a kind, or its not-found error. */
export function ec2One<K extends Ec2Kind>(ctx: OperationContext, kind: K, id: string | undefined): KindItems[K] {
  if (id === undefined) throw awsError('MissingParameter', `The request must contain the parameter ${kind}Id`);
  return ec2Named(ctx, kind, [id])[0]!;
}

/** Which kind an id belongs to, by its prefix (for CreateTags). */
export function kindOfId(id: string): Ec2Kind | undefined {
  const prefix = id.slice(0, id.lastIndexOf('-'));
  return (Object.keys(EC2_KINDS) as Ec2Kind[]).find((k) => EC2_KINDS[k].prefix === prefix);
}

export function defaultVpc(ctx: OperationContext): Vpc | undefined {
  return Object.values(ctx.region.vpcs).find((v) => v.IsDefault);
}

export function requireDefaultVpc(ctx: OperationContext): Vpc {
  const vpc = defaultVpc(ctx);
  if (!vpc) throw awsError('VPCIdNotSpecified', 'No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.');
  return vpc;
}

/** JSON with sorted keys: the same request always gives the same text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}
