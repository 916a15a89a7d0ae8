/**
 * Run state in S3, against the sandbox's S3: conditional writes, the lease
 * (held, expired and taken over, lost), the index `runbook runs` reads, and
 * the refusals (a missing or unversioned bucket, a damaged object left as it was).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { CreateBucketCommand, GetObjectCommand, PutBucketVersioningCommand, PutObjectCommand } from '../../src/aws/sdk/s3.js';
import { LockedError, StateFileError, UsageError } from '../../src/core/errors.js';
import { S3RunStore } from '../../src/engine/state/s3-run-store.js';
import type { RunState } from '../../src/engine/state/state.js';
import { openSandbox } from '../../src/sandbox/index.js';
import { sessionFor } from '../sandbox/helpers.js';
import { tempStateDir } from '../helpers/cli.js';
import { sampleState } from '../helpers/run-state.js';

const BUCKET = 'team-runbook-state';

function world() {
  const sandbox = openSandbox({ stateDir: tempStateDir('s3-state-') });
  const session = sessionFor(sandbox);
  const store = (options: { leaseSeconds?: number; kmsKeyId?: string } = {}) => new S3RunStore(`s3://${BUCKET}/ops`, { session, localDir: tempStateDir('s3-local-'), ...options });
  return { sandbox, session, store };
}

async function versionedBucket(session: ReturnType<typeof sessionFor>) {
  await session.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await session.s3.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
}

const bodyOf = async (session: ReturnType<typeof sessionFor>, key: string) => (await (await session.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString()) as string;

describe('run state in S3', () => {
  let w: ReturnType<typeof world>;
  let state: RunState;
  beforeEach(async () => {
    w = world();
    state = sampleState();
  });

  it('refuses a missing bucket and an unversioned one, each with what to do', async () => {
    await expect(w.store().check()).rejects.toThrow(new UsageError(`The state bucket ${BUCKET} does not exist or cannot be reached: create it with versioning on (aws s3api create-bucket --bucket ${BUCKET}; aws s3api put-bucket-versioning --bucket ${BUCKET} --versioning-configuration Status=Enabled).`));
    await w.session.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await expect(w.store().check()).rejects.toThrow(/is not versioned, so a bad write could lose a run's state: turn versioning on/);
    await w.session.s3.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
    await expect(w.store().check()).resolves.toBeUndefined();
  });

  it('writes the state, encrypted, and lists it from the index; another machine reads the same run', async () => {
    await versionedBucket(w.session);
    const mine = w.store({ kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/team' });
    mine.save(state);
    state.status = 'succeeded';
    mine.close(state);
    await mine.flush(state.runId);
    const object = w.sandbox.snapshot().s3.buckets[BUCKET]!.objects[`ops/runs/${state.runId}.json`]!;
    expect(object.encryption).toEqual({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'arn:aws:kms:us-east-1:123456789012:key/team' });
    const theirs = w.store();
    expect(await theirs.list()).toEqual([{ runId: state.runId, runbook: state.runbook.id, mode: 'apply', status: 'succeeded', updatedAt: expect.any(String) }]);
    expect((await theirs.load(state.runId)).status).toBe('succeeded');
    expect(theirs.pathOf(state.runId)).toBe(`s3://${BUCKET}/ops/runs/${state.runId}.json`);
  });

  it('gives the run to one holder: a second gets exit 4 naming the first; an expired lease is taken over', async () => {
    await versionedBucket(w.session);
    const first = w.store({ leaseSeconds: 30 });
    const release = await first.lock(state.runId);
    await expect(w.store().lock(state.runId)).rejects.toThrow(LockedError);
    await expect(w.store().lock(state.runId)).rejects.toThrow(/Run .* is in use by .*@.* \(pid \d+, since .*, lease until .*\); wait for it to finish\./);
    await release();
    await expect(w.store().lock(state.runId)).resolves.toBeTypeOf('function');

    // A holder that died: its lease is in the past, and the next operator takes the run over.
    const dead = { owner: 'someone@laptop', pid: 1, host: 'laptop', since: '2026-01-01T00:00:00Z', expiresAt: '2026-01-01T00:01:00Z' };
    await w.session.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'ops/runs/other-run-0001.lease', Body: JSON.stringify(dead) }));
    const taken = await w.store().lock('other-run-0001');
    expect(JSON.parse(await bodyOf(w.session, 'ops/runs/other-run-0001.lease'))).toMatchObject({ pid: process.pid });
    await taken();
  });

  it('stops a writer that lost the race: its next write is refused, nothing is overwritten, and it learns why', async () => {
    await versionedBucket(w.session);
    const a = w.store();
    a.save(state);
    await a.flush(state.runId);
    const b = w.store();
    const theirs = await b.load(state.runId);
    theirs.acks = ['theirs'];
    b.save(theirs);
    await b.flush(state.runId);
    let lost: LockedError | undefined;
    await a.lock(state.runId, { onLost: (err) => (lost = err) }).catch(() => undefined);
    state.acks = ['mine'];
    a.save(state);
    await expect(a.flush(state.runId)).rejects.toThrow(/was written by another process meanwhile .*; this process stops and writes nothing more\./);
    expect(lost).toBeInstanceOf(LockedError);
    expect(JSON.parse(await bodyOf(w.session, `ops/runs/${state.runId}.json`)).acks).toEqual(['theirs']);
  });

  it('refuses a damaged state object and leaves it as it was', async () => {
    await versionedBucket(w.session);
    const key = `ops/runs/${state.runId}.json`;
    await w.session.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: '{"formatVersion": 1, "runId": "tru' }));
    await expect(w.store().load(state.runId)).rejects.toThrow(StateFileError);
    await expect(w.store().load(state.runId)).rejects.toThrow(`The state file s3://${BUCKET}/${key} is not valid JSON (truncated or edited); it was left unchanged.`);
    expect(await bodyOf(w.session, key)).toBe('{"formatVersion": 1, "runId": "tru');
  });
});
