/**
 * Runs kept in S3 (`--state-dir s3://bucket/prefix`), shared by a team:
 *
 *   <prefix>runs/<run-id>.json    the state, written whole
 *   <prefix>runs/<run-id>.lease   who holds the run, until when
 *   <prefix>index.json            every run's summary, for `runbook runs`
 *
 * Every write is conditional, as Terraform's S3 backend now locks: a new
 * object with `If-None-Match: *`, an update with `If-Match` on the ETag this
 * process read or wrote last. A write that loses the race fails with 412 and
 * stops the run (exit 4, naming the other owner); nothing is ever silently
 * overwritten. The lease expires when its holder stops renewing it (a killed
 * process), and another operator may then take the run over. The bucket must
 * exist and be versioned, so that no state is lost even to a bad write.
 */
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import type { AwsSession } from '../../aws/session.js';
import { hasErrorName } from '../../aws/errors.js';
import { LockedError, StateFileError, UsageError } from '../../core/errors.js';
import { checkRunOf, parseRunState, summaryOf, type RunSummary } from './parse.js';
import type { LockOptions, RunStore } from './run-store.js';
import type { RunState } from './state.js';

export interface S3RunStoreOptions {
  /** The client layer (region, profile, endpoint): the run's own target. */
  session: AwsSession;
  /** SSE-KMS with this key; without one, SSE-S3. */
  kmsKeyId?: string;
  /** Files a runbook writes locally when the operator names no folder. */
  localDir: string;
  /** How long a lease lasts without renewal (a holder renews it three times in that span). */
  leaseSeconds?: number;
}

interface Lease {
  owner: string;
  pid: number;
  host: string;
  since: string;
  expiresAt: string;
}

const RUN_ID = /^[a-z0-9][a-z0-9-]{2,100}$/;
const preconditionFailed = (err: unknown) => hasErrorName(err, 'PreconditionFailed') || (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 412;
const notFound = (err: unknown) => hasErrorName(err, 'NoSuchKey') || hasErrorName(err, 'NotFound') || (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404;

export function parseS3Location(location: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(location);
  if (!m) throw new UsageError(`--state-dir ${location}: expected s3://bucket or s3://bucket/prefix, with a bucket name of 3-63 lower-case letters, digits, dots and dashes.`);
  const prefix = (m[2] ?? '').replace(/^\/+|\/+$/g, '');
  return { bucket: m[1]!, prefix: prefix ? `${prefix}/` : '' };
}

export class S3RunStore implements RunStore {
  readonly location: string;
  private readonly bucket: string;
  private readonly prefix: string;
  /** The ETag this process last read or wrote, per run: the condition of its next write. */
  private readonly etags = new Map<string, string>();
  /** Writes in order, per run; the latest state waits while one is in flight. */
  private readonly writes = new Map<string, { chain: Promise<void>; pending?: { text: string; summary: RunSummary }; failure?: Error }>();
  private readonly onLost = new Map<string, (err: LockedError) => void>();

  constructor(
    location: string,
    private readonly options: S3RunStoreOptions,
  ) {
    this.location = location.replace(/\/+$/, '');
    ({ bucket: this.bucket, prefix: this.prefix } = parseS3Location(location));
  }

  /** The bucket is there, reachable, and versioned: one sentence with what to do, otherwise. */
  async check(): Promise<void> {
    const { GetBucketVersioningCommand, HeadBucketCommand } = await import('../../aws/sdk/s3.js');
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      if (notFound(err))
        throw new UsageError(`The state bucket ${this.bucket} does not exist or cannot be reached: create it with versioning on (aws s3api create-bucket --bucket ${this.bucket}; aws s3api put-bucket-versioning --bucket ${this.bucket} --versioning-configuration Status=Enabled).`);
      throw err;
    }
    const versioning = await this.s3.send(new GetBucketVersioningCommand({ Bucket: this.bucket }));
    if (versioning.Status !== 'Enabled')
      throw new UsageError(`The state bucket ${this.bucket} is not versioned, so a bad write could lose a run's state: turn versioning on (aws s3api put-bucket-versioning --bucket ${this.bucket} --versioning-configuration Status=Enabled).`);
  }

  private get s3() {
    return this.options.session.s3;
  }

  private key(runId: string, suffix: string): string {
    if (!RUN_ID.test(runId)) throw new StateFileError(`"${runId}" is not a run id (see "runbook runs").`);
    return `${this.prefix}runs/${runId}${suffix}`;
  }

  pathOf(runId: string): string {
    return `s3://${this.bucket}/${this.key(runId, '.json')}`;
  }

  outputDir(runbookId: string): string {
    return join(this.options.localDir, 'output', runbookId);
  }

  private encryption(): Record<string, string> {
    return this.options.kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.options.kmsKeyId } : { ServerSideEncryption: 'AES256' };
  }

  private async get(key: string): Promise<{ text: string; etag: string } | undefined> {
    const { GetObjectCommand } = await import('../../aws/sdk/s3.js');
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return { text: (await res.Body?.transformToString('utf8')) ?? '', etag: res.ETag ?? '' };
    } catch (err) {
      if (notFound(err)) return undefined;
      throw err;
    }
  }

  /** A conditional PUT: create only (etag undefined) or replace only this version. Answers the new ETag. */
  private async put(key: string, text: string, etag: string | undefined): Promise<string> {
    const { PutObjectCommand } = await import('../../aws/sdk/s3.js');
    const res = await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: text, ContentType: 'application/json', ...(etag ? { IfMatch: etag } : { IfNoneMatch: '*' }), ...this.encryption() }),
    );
    return res.ETag ?? '';
  }

  async load(runId: string, expectRunbook?: string): Promise<RunState> {
    const where = this.pathOf(runId);
    const found = await this.get(this.key(runId, '.json'));
    if (!found) throw new StateFileError(`No run ${runId} in ${this.location} (see "runbook runs --state-dir ${this.location}").`);
    const state = checkRunOf(parseRunState(found.text, where), where, runId, expectRunbook);
    this.etags.set(runId, found.etag);
    return state;
  }

  async list(): Promise<RunSummary[]> {
    const index = await this.get(`${this.prefix}index.json`);
    if (!index) return [];
    let runs: Record<string, RunSummary>;
    try {
      runs = (JSON.parse(index.text) as { runs: Record<string, RunSummary> }).runs ?? {};
    } catch {
      throw new StateFileError(`The index s3://${this.bucket}/${this.prefix}index.json is not valid JSON; it was left unchanged.`);
    }
    return Object.values(runs).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  }

  save(state: RunState, transform: (text: string) => string = (t) => t): void {
    state.updatedAt = new Date().toISOString();
    this.enqueue(state, transform(JSON.stringify(state)));
  }

  append(state: RunState, _stepId: string | undefined, transform?: (text: string) => string): void {
    this.save(state, transform);
  }

  close(state: RunState, transform?: (text: string) => string): void {
    this.save(state, transform);
  }

  detach(): void {
    // Nothing held open: every write is a whole object.
  }

  async flush(runId: string): Promise<void> {
    const w = this.writes.get(runId);
    if (!w) return;
    await w.chain;
    if (w.failure) throw w.failure;
  }

  /**
   * One write in flight per run; states saved meanwhile coalesce into the
   * latest, which is written next (each save is the whole run, so only the
   * latest matters). The index is updated when a run's status changes.
   */
  private enqueue(state: RunState, text: string): void {
    const runId = state.runId;
    let w = this.writes.get(runId);
    if (!w) this.writes.set(runId, (w = { chain: Promise.resolve() }));
    if (w.failure) return;
    const scheduled = w.pending !== undefined;
    w.pending = { text, summary: summaryOf(state) };
    if (!scheduled) w.chain = w.chain.then(() => this.drain(runId));
  }

  private async drain(runId: string): Promise<void> {
    const w = this.writes.get(runId)!;
    const next = w.pending;
    w.pending = undefined;
    if (!next || w.failure) return;
    try {
      this.etags.set(runId, await this.put(this.key(runId, '.json'), next.text, this.etags.get(runId)));
      await this.index(next.summary);
    } catch (err) {
      w.failure = preconditionFailed(err)
        ? new LockedError(`Run ${runId} was written by another process meanwhile (${this.pathOf(runId)} changed); this process stops and writes nothing more.`)
        : (err as Error);
      if (w.failure instanceof LockedError) this.onLost.get(runId)?.(w.failure);
    }
  }

  /** Read, change, write back on the ETag read: a race with another run's update just tries again. */
  private async index(summary: RunSummary): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const found = await this.get(`${this.prefix}index.json`);
      const runs = found ? ((JSON.parse(found.text) as { runs?: Record<string, RunSummary> }).runs ?? {}) : {};
      if (runs[summary.runId]?.status === summary.status && found) return;
      runs[summary.runId] = summary;
      try {
        await this.put(`${this.prefix}index.json`, JSON.stringify({ runs }), found?.etag);
        return;
      } catch (err) {
        if (!preconditionFailed(err)) throw err;
      }
    }
    throw new Error(`The index s3://${this.bucket}/${this.prefix}index.json kept changing under ten attempts to update it.`);
  }

  async lock(runId: string, options: LockOptions = {}): Promise<() => Promise<void>> {
    const key = this.key(runId, '.lease');
    const seconds = this.options.leaseSeconds ?? Number(process.env.RUNBOOK_LEASE_SECONDS ?? 60);
    const since = new Date().toISOString();
    const lease = (): Lease => ({ owner: `${userInfo().username}@${hostname()}`, pid: process.pid, host: hostname(), since, expiresAt: new Date(Date.now() + seconds * 1000).toISOString() });
    let etag: string;
    try {
      etag = await this.put(key, JSON.stringify(lease()), undefined);
    } catch (err) {
      if (!preconditionFailed(err)) throw err;
      const held = await this.get(key);
      const current = held ? (JSON.parse(held.text) as Lease) : undefined;
      if (current && Date.parse(current.expiresAt) > Date.now())
        throw new LockedError(`Run ${runId} is in use by ${current.owner} (pid ${current.pid}, since ${current.since}, lease until ${current.expiresAt}); wait for it to finish.`);
      // The lease ran out (its holder died): take it over, on the version read, so two operators cannot both.
      try {
        etag = await this.put(key, JSON.stringify(lease()), held?.etag);
      } catch (again) {
        if (preconditionFailed(again)) throw new LockedError(`Run ${runId} was just taken over by another process; wait for it to finish.`);
        throw again;
      }
    }
    if (options.onLost) this.onLost.set(runId, options.onLost);
    let stopped = false;
    const renew = setInterval(() => {
      void this.put(key, JSON.stringify(lease()), etag)
        .then((next) => (etag = next))
        .catch((err: unknown) => {
          if (stopped) return;
          clearInterval(renew);
          const lost = new LockedError(`The lease on run ${runId} was taken over by another process (${(err as Error).message}); this process stops and writes nothing more.`);
          this.onLost.get(runId)?.(lost);
        });
    }, (seconds * 1000) / 3);
    renew.unref();
    return async () => {
      stopped = true;
      clearInterval(renew);
      this.onLost.delete(runId);
      const { DeleteObjectCommand } = await import('../../aws/sdk/s3.js');
      await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })).catch(() => undefined);
    };
  }
}
