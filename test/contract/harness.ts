/**
 * The contract between the sandbox and moto: the same request sequence sent
 * to both, through the product's own AwsSession, observing only what steps
 * depend on (field types, error names and HTTP statuses, what filters and
 * tags select, idempotency, states a waiter passes through, pages). Each
 * scenario writes observations; the suite compares them label by label, and
 * a difference is either fixed in the sandbox or listed in differences.ts.
 */
import { openSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { AwsSession } from '../../src/aws/session.js';
import { CreateStorageLocationCommand } from '../../src/aws/sdk/elasticbeanstalk.js';
import { CreateHostedZoneCommand, ListHostedZonesByNameCommand } from '../../src/aws/sdk/route53.js';
import { CreateBucketCommand } from '../../src/aws/sdk/s3.js';
import { DescribeInstanceInformationCommand } from '../../src/aws/sdk/ssm.js';
import { CreateKeyCommand } from '../../src/aws/sdk/kms.js';
import { CreateDBInstanceCommand, CreateDBSnapshotCommand } from '../../src/aws/sdk/rds.js';
import { defineAccountSeed } from '../../src/sandbox/account/fixtures.js';
import { randomUUID } from 'node:crypto';
import { SANDBOX_MS_PER_SECOND } from '../../src/sandbox/index.js';
import { tempStateDir } from '../helpers/cli.js';
import type { Moto } from '../emulator/moto.js';

export type BackendName = 'sandbox' | 'moto';

/**
 * What an account has before a runbook runs, made the way each backend
 * allows (the sandbox simulates no CreateHostedZone or CreateBucket; moto has
 * no Run Command agent to wait for). Only scenarios' preparations use it.
 */
export interface Arrange {
  /** The id (no /hostedzone/ prefix) of a public hosted zone with this name. */
  hostedZone(name: string): Promise<string>;
  /** A bucket a step may write to. */
  bucket(): Promise<string>;
  /** Until the instance takes Run Command. */
  ssmReady(instanceId: string): Promise<void>;
  /** The ARN of an enabled KMS key of `region` (the sandbox makes no keys: a runbook's seed holds them). */
  kmsKey(region: string): Promise<string>;
  /** The ARN of an available manual DB snapshot in `region`, encrypted with `kmsKeyArn` (the sandbox takes none: a seed holds them). */
  dbSnapshot(region: string, identifier: string, kmsKeyArn: string): Promise<string>;
}

export interface Backend {
  readonly name: BackendName;
  readonly aws: AwsSession;
  readonly arrange: Arrange;
  /** The sandbox behind `aws`, when it is the sandbox (to read its simulated clock). */
  readonly sandbox?: Sandbox;
  /** Real milliseconds a poll waits between attempts. */
  readonly pollMs: number;
  destroy(): void;
}

export const REGION = 'us-east-1';

export function sandboxBackend(): Backend {
  const sandbox = openSandbox({ stateDir: tempStateDir('contract-sandbox-') });
  const aws = new AwsSession({ target: { region: REGION }, backend: sandbox, retryBackoffScale: SANDBOX_MS_PER_SECOND / 1000, maxAttempts: 1 });
  const arrange: Arrange = {
    // The sandbox account comes with the public zone example.com.
    hostedZone: async (name) => {
      const zones = (await aws.route53.send(new ListHostedZonesByNameCommand({ DNSName: name }))).HostedZones ?? [];
      const zone = zones.find((z) => z.Name === `${name}.`);
      if (!zone?.Id) throw new Error(`The sandbox has no hosted zone ${name}.`);
      return zone.Id.replace('/hostedzone/', '');
    },
    bucket: async () => (await aws.elasticBeanstalk.send(new CreateStorageLocationCommand({}))).S3Bucket!,
    ssmReady: async (instanceId) => {
      for (let i = 0; i < 400; i++) {
        const list = (await aws.ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [instanceId] }] }))).InstanceInformationList ?? [];
        if (list[0]?.PingStatus === 'Online') return;
        await new Promise((r) => setTimeout(r, SANDBOX_MS_PER_SECOND));
      }
      throw new Error(`The sandbox agent on ${instanceId} never came online.`);
    },
    kmsKey: async (region) => {
      const keyId = randomUUID();
      sandbox.applySeed(defineAccountSeed({ kmsKeys: [{ region, keyId, description: 'contract' }] }), `contract-key-${keyId}`);
      return `arn:aws:kms:${region}:${sandbox.snapshot().accountId}:key/${keyId}`;
    },
    dbSnapshot: async (region, identifier, kmsKeyArn) => {
      const seed = { region, identifier, instanceIdentifier: `${identifier}-db`, engine: 'mysql', engineVersion: '8.0.40', allocatedStorage: 20, ageHours: 2, encrypted: true, kmsKeyId: kmsKeyArn };
      sandbox.applySeed(defineAccountSeed({ dbSnapshots: [seed] }), `contract-db-snapshot-${identifier}`);
      return `arn:aws:rds:${region}:${sandbox.snapshot().accountId}:snapshot:${identifier}`;
    },
  };
  return { name: 'sandbox', aws, arrange, sandbox, pollMs: SANDBOX_MS_PER_SECOND, destroy: () => aws.destroy() };
}

export function motoBackend(moto: Moto): Backend {
  // One attempt: moto answers what it lacks with a 500 page, which the SDK would retry.
  const aws = new AwsSession({ target: { region: REGION, endpointUrl: moto.endpoint }, maxAttempts: 1 });
  let buckets = 0;
  const arrange: Arrange = {
    hostedZone: async (name) => {
      const zones = (await aws.route53.send(new ListHostedZonesByNameCommand({ DNSName: name }))).HostedZones ?? [];
      const id = zones.find((z) => z.Name === `${name}.`)?.Id ?? (await aws.route53.send(new CreateHostedZoneCommand({ Name: name, CallerReference: `contract-${name}` }))).HostedZone!.Id!;
      return id.replace('/hostedzone/', '');
    },
    bucket: async () => {
      const name = `contract-bucket-${Date.now().toString(36)}-${buckets++}`;
      await aws.s3.send(new CreateBucketCommand({ Bucket: name }));
      return name;
    },
    // moto keeps no agent registry (no DescribeInstanceInformation): it takes commands for any instance.
    ssmReady: async () => undefined,
    kmsKey: async (region) => (await aws.inRegion(region).kms.send(new CreateKeyCommand({ Description: 'contract' }))).KeyMetadata!.Arn!,
    dbSnapshot: async (region, identifier, kmsKeyArn) => {
      const rds = aws.inRegion(region).rds;
      const db = `${identifier}-db`;
      await rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: db, Engine: 'mysql', DBInstanceClass: 'db.t3.micro', AllocatedStorage: 20, MasterUsername: 'contract', MasterUserPassword: 'contract-password', StorageEncrypted: true, KmsKeyId: kmsKeyArn }));
      return (await rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: db, DBSnapshotIdentifier: identifier }))).DBSnapshot!.DBSnapshotArn!;
    },
  };
  return { name: 'moto', aws, arrange, pollMs: 20, destroy: () => aws.destroy() };
}

/** What a call answered, reduced to what a step can depend on. */
export type Outcome = { ok: true } | { error: string; status: number | undefined };

export interface Probe {
  readonly backend: Backend;
  readonly aws: AwsSession;
  readonly arrange: Arrange;
  /** A name no other scenario (nor an earlier run of this one) uses. */
  unique(prefix: string): string;
  /** Record what both backends must agree on. */
  observe(label: string, value: unknown): void;
  /** The call's outcome: ok, or the error's name and HTTP status. */
  outcome(call: Promise<unknown>): Promise<Outcome>;
  /** Poll until `done` says so; every state seen along the way is returned (for lifecycle checks). */
  until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, state?: (value: T) => string | undefined): Promise<{ value: T; states: string[] }>;
}

export interface Scenario {
  /** Unique within its service: `RunInstances with a repeated ClientToken`. */
  name: string;
  /** `service:Operation` of every simulated operation this scenario exercises. */
  operations: string[];
  run(t: Probe): Promise<void>;
}

/**
 * One entry per sandbox service: a new service (RDS, ELBv2, Auto Scaling,
 * CloudFormation, KMS...) joins the suite with one file exporting this and
 * one line in services/index.ts.
 */
export interface ServiceContract {
  /** The IAM action prefix the sandbox registers the service under (`elasticfilesystem`, not `efs`). */
  service: string;
  scenarios: Scenario[];
  /** Simulated operations moto does not implement (a 500 or 404 page): not compared, with the reason. */
  notInMoto?: Record<string, string>;
}

export type Observations = Map<string, unknown>;

let counter = 0;

export async function observe(backend: Backend, scenario: Scenario): Promise<Observations> {
  const seen: Observations = new Map();
  const run = `${Date.now().toString(36)}${(counter++).toString(36)}`;
  const probe: Probe = {
    backend,
    aws: backend.aws,
    arrange: backend.arrange,
    unique: (prefix) => `${prefix}-${run}`,
    observe: (label, value) => {
      if (seen.has(label)) throw new Error(`Scenario ${scenario.name} observes ${label} twice.`);
      seen.set(label, value);
    },
    outcome: async (call) => {
      try {
        await call;
        return { ok: true };
      } catch (err) {
        const e = err as { name?: string; $metadata?: { httpStatusCode?: number }; httpStatusCode?: number };
        return { error: e.name ?? 'Error', status: e.$metadata?.httpStatusCode ?? e.httpStatusCode };
      }
    },
    until: async (what, read, done, state) => {
      const states: string[] = [];
      for (let i = 0; i < 400; i++) {
        const value = await read();
        const s = state?.(value);
        if (state && states.at(-1) !== String(s)) states.push(String(s));
        if (done(value)) return { value, states };
        await new Promise((r) => setTimeout(r, backend.pollMs));
      }
      throw new Error(`${backend.name}: ${what} never happened (states seen: ${states.join(', ') || 'none'}).`);
    },
  };
  await scenario.run(probe);
  return seen;
}

type Leaf = 'string' | 'number' | 'boolean' | 'date' | 'object' | 'array' | 'absent';

function leafType(value: unknown): Leaf {
  if (value === undefined || value === null) return 'absent';
  if (value instanceof Date) return 'date';
  if (Array.isArray(value)) return 'array';
  return typeof value as Leaf;
}

/**
 * The types found at each path (`Reservations[].Instances[].State.Name`) of
 * an answer: what a step reads, without the values that differ by nature
 * (ids, addresses, times).
 */
export function shapeOf(value: unknown, paths: string[]): Record<string, string> {
  const at = (v: unknown, parts: string[]): unknown[] => {
    if (parts.length === 0) return [v];
    const [head, ...rest] = parts as [string, ...string[]];
    const array = head.endsWith('[]');
    const key = array ? head.slice(0, -2) : head;
    const next = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[key];
    if (!array) return at(next, rest);
    if (!Array.isArray(next) || next.length === 0) return at(undefined, rest);
    return next.flatMap((item) => at(item, rest));
  };
  return Object.fromEntries(paths.map((p) => [p, [...new Set(at(value, p.split('.')).map(leafType))].sort().join('|')]));
}

/** The first value of a tag in an AWS tag list. */
export function tag(tags: { Key?: string; Value?: string }[] | undefined, key: string): string | undefined {
  return tags?.find((t) => t.Key === key)?.Value;
}
