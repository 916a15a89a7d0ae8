/**
 * Run state shared by a team in S3, against moto (which implements S3's
 * conditional writes): a run kept in a bucket, listed and reported from there,
 * resumed by a second operator on another machine; a live holder refused with
 * exit 4, a dead one taken over; a damaged state object refused and left as it was.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, GetObjectCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '../../src/aws/sdk/s3.js';
import { runCli, tempStateDir } from '../helpers/cli.js';
import { EMULATOR_REGION, motoAvailable, useMoto } from './moto.js';

const BUCKET = 'team-state';
const STATE = `s3://${BUCKET}/ops`;
const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'office-access');
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };

describe.skipIf(!motoAvailable())('run state in S3, on moto', () => {
  const moto = useMoto();
  let s3: S3Client;
  const cli = (args: string[], cwd = tempStateDir('s3-machine-')) =>
    runCli([...args, '--endpoint-url', moto.current.endpoint, '--region', EMULATOR_REGION, '--state-dir', STATE], { cwd, env: CREDENTIALS });
  const body = async (key: string) => (await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString()) as string;

  beforeAll(async () => {
    s3 = new S3Client({ endpoint: moto.current.endpoint, region: EMULATOR_REGION, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
  });

  it('keeps a run in the bucket; another machine lists it, resumes it and reports on it', async () => {
    const first = await cli(['run', EXAMPLE, '--non-interactive']);
    expect(first.code, first.stderr).toBe(3); // steps 3 and 4 wait for a person
    const runId = /State: s3:\/\/team-state\/ops\/runs\/(\S+)\.json/.exec(first.stderr)![1]!;
    expect(first.stderr).toContain(`Continue with "runbook resume ${runId} --state-dir ${STATE} --non-interactive --endpoint-url ${moto.current.endpoint} --ack step-3 --ack step-4"`);

    const listed = await cli(['runs', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ runId, runbook: 'office-access', status: 'needs-operator' })]);

    // A second operator, elsewhere: the runbook is found where the run recorded it came from.
    const resumed = await cli(['resume', runId, '--non-interactive', '--ack', 'step-3', '--ack', 'step-4']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const status = await cli(['status', runId]);
    expect(status.stdout).toMatch(/office-access\s+apply\s+succeeded/);
    const report = await cli(['report', runId, '--format', 'json']);
    expect(JSON.parse(report.stdout)).toMatchObject({ runId, status: 'succeeded' });
    expect(JSON.parse(await body('ops/index.json')).runs[runId].status).toBe('succeeded');
  });

  it('refuses a run another operator holds (exit 4, naming them) and takes over one whose holder died', async () => {
    const first = await cli(['run', EXAMPLE, '--non-interactive']);
    const runId = /runs\/(\S+)\.json/.exec(first.stderr)![1]!;
    const lease = (expiresAt: string) => JSON.stringify({ owner: 'kim@build-7', pid: 4242, host: 'build-7', since: '2026-12-01T08:00:00Z', expiresAt });
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `ops/runs/${runId}.lease`, Body: lease(new Date(Date.now() + 3600_000).toISOString()) }));
    const refused = await cli(['resume', runId, '--non-interactive', '--ack', 'step-3', '--ack', 'step-4']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/^Run \S+ is in use by kim@build-7 \(pid 4242, since 2026-12-01T08:00:00Z, lease until .*\); wait for it to finish\.$/m);

    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `ops/runs/${runId}.lease`, Body: lease('2026-12-01T08:05:00Z') }));
    const taken = await cli(['resume', runId, '--non-interactive', '--ack', 'step-3', '--ack', 'step-4']);
    expect(taken.code, taken.stderr).toBe(0);
  });

  it('refuses a damaged state object with exit 2 and leaves it exactly as it was', async () => {
    const key = 'ops/runs/office-access-20261201t000000-dead.json';
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: '{"formatVersion":1,"runId":' }));
    const r = await cli(['status', 'office-access-20261201t000000-dead']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`The state file s3://${BUCKET}/${key} is not valid JSON (truncated or edited); it was left unchanged.`);
    expect(await body(key)).toBe('{"formatVersion":1,"runId":');
  });

  it('refuses a bucket that is not versioned, saying how to turn versioning on', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'plain-bucket' }));
    const r = await runCli(['runs', '--endpoint-url', moto.current.endpoint, '--region', EMULATOR_REGION, '--state-dir', 's3://plain-bucket'], { env: CREDENTIALS });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('aws s3api put-bucket-versioning --bucket plain-bucket --versioning-configuration Status=Enabled');
  });
});
