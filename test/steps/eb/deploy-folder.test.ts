import {
  CreateApplicationVersionCommand,
  CreateStorageLocationCommand,
  DescribeApplicationVersionsCommand,
  DescribeEnvironmentsCommand,
  DescribeEventsCommand,
  UpdateEnvironmentCommand,
  type EnvironmentDescription,
} from '../../../src/aws/sdk/elasticbeanstalk.js';
import { HeadObjectCommand, PutObjectCommand } from '../../../src/aws/sdk/s3.js';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { bundleFolder, contentLabel, listFiles } from '../../../src/steps/eb/bundle.js';
import { deployFolderKind, type DeployInput } from '../../../src/steps/eb/deploy.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const BUCKET = 'elasticbeanstalk-us-east-1-123456789012';
const CNAME = 'sessions-env.us-east-1.elasticbeanstalk.com';

function appFolder(files: Record<string, string> = { 'index.php': '<?php session_start();', '.ebextensions/redis.config': 'option_settings: []\n' }): string {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-app-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function inputFor(sourceDir: string): DeployInput {
  return { application: 'sessions', environment: 'sessions-env', sourceDir, labelPrefix: 'sessions' };
}

function env(status: string, versionLabel: string, extra: Partial<EnvironmentDescription> = {}): { Environments: EnvironmentDescription[] } {
  return { Environments: [{ EnvironmentName: 'sessions-env', ApplicationName: 'sessions', Status: status as never, Health: 'Green', VersionLabel: versionLabel, CNAME, ...extra }] };
}

/** Elastic Beanstalk and S3 commands sent that are not reads. */
function mutatingCalls(): number {
  return [...mocks.eb.calls(), ...mocks.s3.calls()].filter((c) => !/^(Describe|Head|Get|List)/.test((c.args[0] as object).constructor.name)).length;
}

/** Everything apply needs up to UpdateEnvironment; DescribeEnvironments is left to each test. */
function deployMocks(): void {
  mocks.eb.on(CreateStorageLocationCommand).resolves({ S3Bucket: BUCKET });
  mocks.s3.on(HeadObjectCommand).rejects(awsError('NotFound', 'NotFound', 404));
  mocks.s3.on(PutObjectCommand).resolves({ ETag: '"etag"' });
  mocks.eb.on(DescribeApplicationVersionsCommand).resolves({ ApplicationVersions: [] });
  mocks.eb.on(CreateApplicationVersionCommand).resolves({});
  mocks.eb.on(UpdateEnvironmentCommand).resolves({ Status: 'Updating' });
  mocks.eb.on(DescribeEventsCommand).resolves({ Events: [] });
}

describe('eb.deployFolder', () => {
  beforeEach(resetMocks);

  it('is done when the environment is Ready on the content label, and sends nothing that changes the account', async () => {
    const dir = appFolder();
    const label = contentLabel('sessions', bundleFolder(dir));
    mocks.eb.on(DescribeEnvironmentsCommand).resolves(env('Ready', label));

    const result = await deployFolderKind.check(stepContext(), inputFor(dir));

    expect(result).toEqual({ done: true, outputs: { versionLabel: label, url: `http://${CNAME}` }, evidence: [`sessions-env is Ready on ${label}`] });
    expect(label).toMatch(/^sessions-[0-9a-f]{12}$/);
    expect(mocks.eb.commandCalls(DescribeEnvironmentsCommand)[0]!.args[0].input).toEqual({
      ApplicationName: 'sessions',
      EnvironmentNames: ['sessions-env'],
      IncludeDeleted: false,
    });
    expect(mutatingCalls()).toBe(0);
  });

  it('uploads the bundle, creates the version, updates the environment and waits until it is Ready on that label', async () => {
    const dir = appFolder();
    const bundle = bundleFolder(dir);
    const label = contentLabel('sessions', bundle);
    deployMocks();
    mocks.eb
      .on(DescribeEnvironmentsCommand)
      .resolvesOnce(env('Ready', 'sessions-old')) // check
      .resolvesOnce(env('Ready', 'sessions-old')) // before the update
      .resolvesOnce(env('Updating', 'sessions-old')) // after it
      .resolves(env('Ready', label));
    const ctx = stepContext();
    const input = inputFor(dir);

    const result = await deployFolderKind.check(ctx, input);
    expect(result).toEqual({ done: false, reason: `sessions-env runs sessions-old (Ready), not ${label}.`, found: { versionLabel: label, status: 'Ready' } });
    if (result.done) return;
    expect(deployFolderKind.plan(input, result.found).map((c) => `${c.service}:${c.operation}`)).toEqual([
      'elasticbeanstalk:CreateStorageLocation',
      's3:PutObject',
      'elasticbeanstalk:CreateApplicationVersion',
      'elasticbeanstalk:UpdateEnvironment',
    ]);

    const outputs = await deployFolderKind.apply!(ctx, input, result.found);

    expect(outputs).toEqual({ versionLabel: label, url: `http://${CNAME}` });
    const key = `runbook/sessions/${label}.zip`;
    expect(mocks.s3.commandCalls(HeadObjectCommand)[0]!.args[0].input).toEqual({ Bucket: BUCKET, Key: key });
    const put = mocks.s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(put).toMatchObject({ Bucket: BUCKET, Key: key, ContentType: 'application/zip', ContentMD5: createHash('md5').update(bundle).digest('base64') });
    expect(Buffer.from(put.Body as Uint8Array).equals(Buffer.from(bundle))).toBe(true);
    expect(mocks.eb.commandCalls(CreateApplicationVersionCommand)[0]!.args[0].input).toEqual({
      ApplicationName: 'sessions',
      VersionLabel: label,
      Description: 'runbook test-runbook run test-run-0001',
      SourceBundle: { S3Bucket: BUCKET, S3Key: key },
      Process: true,
    });
    expect(mocks.eb.commandCalls(UpdateEnvironmentCommand)).toHaveLength(1);
    expect(mocks.eb.commandCalls(UpdateEnvironmentCommand)[0]!.args[0].input).toEqual({ ApplicationName: 'sessions', EnvironmentName: 'sessions-env', VersionLabel: label });
    expect(mocks.eb.commandCalls(DescribeEnvironmentsCommand)).toHaveLength(4);
    expect(ctx.progressLines.some((l) => l.includes(`to be Ready with version ${label}: Updating`))).toBe(true);
  });

  it('does not upload or create again what already exists', async () => {
    const dir = appFolder();
    const label = contentLabel('sessions', bundleFolder(dir));
    deployMocks();
    mocks.s3.on(HeadObjectCommand).resolves({ ContentLength: 100 });
    mocks.eb.on(DescribeApplicationVersionsCommand).resolves({ ApplicationVersions: [{ ApplicationName: 'sessions', VersionLabel: label }] });
    mocks.eb.on(DescribeEnvironmentsCommand).resolvesOnce(env('Ready', 'sessions-old')).resolves(env('Ready', label));

    await deployFolderKind.apply!(stepContext(), inputFor(dir), undefined);

    expect(mocks.s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(mocks.eb.commandCalls(CreateApplicationVersionCommand)).toHaveLength(0);
    expect(mocks.eb.commandCalls(UpdateEnvironmentCommand)).toHaveLength(1);
  });

  it('fails with a rollback sentence when the environment is Ready on another label after the update', async () => {
    const dir = appFolder();
    const label = contentLabel('sessions', bundleFolder(dir));
    deployMocks();
    mocks.eb
      .on(DescribeEnvironmentsCommand)
      .resolvesOnce(env('Ready', 'sessions-old'))
      .resolvesOnce(env('Updating', 'sessions-old'))
      .resolves(env('Ready', 'sessions-old'));

    await expect(deployFolderKind.apply!(stepContext(), inputFor(dir), undefined)).rejects.toThrow(
      `Gave up waiting for environment sessions-env to be Ready with version ${label}: the environment is Ready on sessions-old, not ${label}`,
    );
  });

  it('fails the wait with the message of an ERROR event', async () => {
    const dir = appFolder();
    deployMocks();
    mocks.eb
      .on(DescribeEventsCommand)
      .resolvesOnce({ Events: [] })
      .resolves({
        Events: [
          { EventDate: new Date('2024-05-01T10:05:00Z'), Severity: 'ERROR', Message: 'During an aborted deployment, some instances may have deployed the new application version.' },
          { EventDate: new Date('2024-05-01T10:04:00Z'), Severity: 'INFO', Message: 'Environment update is starting.' },
        ],
      });
    mocks.eb
      .on(DescribeEnvironmentsCommand)
      .resolvesOnce(env('Ready', 'sessions-old'))
      .resolvesOnce(env('Updating', 'sessions-old'))
      .resolves(env('Ready', 'sessions-old', { Health: 'Red' }));
    const ctx = stepContext();

    await expect(deployFolderKind.apply!(ctx, inputFor(dir), undefined)).rejects.toThrow(
      /Gave up waiting for environment sessions-env to be Ready with version sessions-[0-9a-f]{12}: During an aborted deployment, some instances may have deployed the new application version\.$/,
    );
    // Events are shown oldest first, once each.
    const shown = ctx.progressLines.filter((l) => /^(INFO|ERROR):/.test(l));
    expect(shown).toEqual(['INFO: Environment update is starting.', 'ERROR: During an aborted deployment, some instances may have deployed the new application version.']);
  });

  it('refuses an environment that does not exist, and passes AWS errors on', async () => {
    const dir = appFolder();
    mocks.eb.on(DescribeEnvironmentsCommand).resolves({ Environments: [{ EnvironmentName: 'sessions-env', Status: 'Terminated' }] });
    await expect(deployFolderKind.check(stepContext(), inputFor(dir))).rejects.toThrow(
      'Elastic Beanstalk environment sessions-env of application sessions was not found in us-east-1.',
    );

    const denied = awsError('AccessDenied', 'not authorized to perform elasticbeanstalk:DescribeEnvironments', 403);
    mocks.eb.on(DescribeEnvironmentsCommand).rejects(denied);
    await expect(deployFolderKind.check(stepContext(), inputFor(dir))).rejects.toBe(denied);

    deployMocks();
    mocks.s3.on(HeadObjectCommand).rejects(awsError('Forbidden', 'Forbidden', 403));
    await expect(deployFolderKind.apply!(stepContext(), inputFor(dir), undefined)).rejects.toMatchObject({ name: 'Forbidden' });
    expect(mocks.s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(mocks.eb.commandCalls(UpdateEnvironmentCommand)).toHaveLength(0);
  });
});

describe('eb.deployFolder with a fixed version label', () => {
  beforeEach(resetMocks);

  const fixed = (dir: string): DeployInput => ({ application: 'sessions', environment: 'sessions-env', sourceDir: dir, versionLabel: 'OpenEMR' });

  it('uses the label itself when no version has it, and uploads under a content-named key', async () => {
    const dir = appFolder();
    const bundle = bundleFolder(dir);
    deployMocks();
    mocks.eb.on(DescribeEnvironmentsCommand).resolvesOnce(env('Ready', 'Sample Application')).resolves(env('Ready', 'OpenEMR'));

    const result = await deployFolderKind.check(stepContext(), fixed(dir));
    expect(result).toMatchObject({ done: false, found: { versionLabel: 'OpenEMR' } });
    const outputs = await deployFolderKind.apply!(stepContext(), fixed(dir), undefined);

    expect(outputs.versionLabel).toBe('OpenEMR');
    const key = `runbook/sessions/${contentLabel('OpenEMR', bundle)}.zip`;
    expect(mocks.eb.commandCalls(CreateApplicationVersionCommand)[0]!.args[0].input).toMatchObject({ VersionLabel: 'OpenEMR', SourceBundle: { S3Bucket: BUCKET, S3Key: key } });
  });

  it('is done when the label holds this content and the environment runs it', async () => {
    const dir = appFolder();
    const key = `runbook/sessions/${contentLabel('OpenEMR', bundleFolder(dir))}.zip`;
    mocks.eb.on(DescribeApplicationVersionsCommand).resolves({ ApplicationVersions: [{ VersionLabel: 'OpenEMR', SourceBundle: { S3Bucket: BUCKET, S3Key: key } }] });
    mocks.eb.on(DescribeEnvironmentsCommand).resolves(env('Ready', 'OpenEMR'));

    await expect(deployFolderKind.check(stepContext(), fixed(dir))).resolves.toMatchObject({ done: true, outputs: { versionLabel: 'OpenEMR' } });
    expect(mutatingCalls()).toBe(0);
  });

  it('adds the content hash when the label holds other content', async () => {
    const dir = appFolder();
    const hashed = contentLabel('OpenEMR', bundleFolder(dir));
    deployMocks();
    mocks.eb.on(DescribeApplicationVersionsCommand, { VersionLabels: ['OpenEMR'] }).resolves({ ApplicationVersions: [{ VersionLabel: 'OpenEMR', SourceBundle: { S3Bucket: BUCKET, S3Key: 'someone/else.zip' } }] });
    mocks.eb.on(DescribeEnvironmentsCommand).resolvesOnce(env('Ready', 'OpenEMR')).resolves(env('Ready', hashed));

    const outputs = await deployFolderKind.apply!(stepContext(), fixed(dir), undefined);

    expect(outputs.versionLabel).toBe(hashed);
    expect(hashed).toMatch(/^OpenEMR-[0-9a-f]{12}$/);
    expect(mocks.eb.commandCalls(UpdateEnvironmentCommand)[0]!.args[0].input.VersionLabel).toBe(hashed);
  });

  it('does not deploy again when the update it waits for is its own, accepted before a crash', async () => {
    const dir = appFolder();
    deployMocks();
    mocks.eb.on(DescribeEnvironmentsCommand).resolvesOnce(env('Updating', 'Sample Application')).resolves(env('Ready', 'OpenEMR'));

    await expect(deployFolderKind.apply!(stepContext(), fixed(dir), undefined)).resolves.toEqual({ versionLabel: 'OpenEMR', url: `http://${CNAME}` });
    expect(mocks.eb.commandCalls(UpdateEnvironmentCommand)).toHaveLength(0);
  });

  it('deploys over an earlier failed deployment (Ready, health Red) instead of giving up before trying', async () => {
    const dir = appFolder();
    deployMocks();
    mocks.eb.on(DescribeEventsCommand).resolvesOnce({ Events: [{ EventDate: new Date('2024-05-01T10:00:00Z'), Severity: 'ERROR', Message: 'Failed to deploy application.' }] }).resolves({ Events: [] });
    mocks.eb
      .on(DescribeEnvironmentsCommand)
      .resolvesOnce(env('Ready', 'Sample Application', { Health: 'Red' }))
      .resolvesOnce(env('Updating', 'Sample Application', { Health: 'Grey' }))
      .resolves(env('Ready', 'OpenEMR'));

    await expect(deployFolderKind.apply!(stepContext(), fixed(dir), undefined)).resolves.toMatchObject({ versionLabel: 'OpenEMR' });
    expect(mocks.eb.commandCalls(UpdateEnvironmentCommand)).toHaveLength(1);
  });

  it('refuses to be given both or neither way of labelling', async () => {
    const dir = appFolder();
    await expect(deployFolderKind.check(stepContext(), { ...fixed(dir), labelPrefix: 'x' })).rejects.toThrow('eb.deployFolder needs exactly one of labelPrefix and versionLabel.');
    await expect(deployFolderKind.check(stepContext(), { application: 'a', environment: 'e', sourceDir: dir })).rejects.toThrow(/exactly one/);
  });
});

describe('bundleFolder and contentLabel', () => {
  const files = { 'index.php': '<?php echo 1;', '.platform/hooks/postdeploy/01.sh': '#!/bin/sh\necho ok\n', 'lib/a.php': 'a' };

  it('gives the same bytes for the same files written at different times', () => {
    const a = appFolder(files);
    const b = appFolder(files);
    for (const path of Object.keys(files)) {
      utimesSync(join(a, path), new Date('2020-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z'));
      utimesSync(join(b, path), new Date('2024-06-30T12:34:56Z'), new Date('2024-06-30T12:34:56Z'));
    }

    const bundleA = bundleFolder(a);
    expect(Buffer.from(bundleFolder(b)).equals(Buffer.from(bundleA))).toBe(true);
    expect(contentLabel('app', bundleFolder(b))).toBe(contentLabel('app', bundleA));
    expect(Object.keys(unzipSync(bundleA))).toEqual(['.platform/hooks/postdeploy/01.sh', 'index.php', 'lib/a.php']);
  });

  it('changes the label when a file changes', () => {
    const dir = appFolder(files);
    const before = contentLabel('app', bundleFolder(dir));
    writeFileSync(join(dir, 'lib/a.php'), 'b');
    const after = contentLabel('app', bundleFolder(dir));
    expect(after).not.toBe(before);
    expect(after).toMatch(/^app-[0-9a-f]{12}$/);
  });

  it('gives the same bytes in every time zone (zip stores local time)', () => {
    const dir = appFolder(files);
    const saved = process.env.TZ;
    try {
      const labels = ['America/Los_Angeles', 'UTC', 'Asia/Tokyo', 'Pacific/Kiritimati'].map((tz) => {
        process.env.TZ = tz;
        return contentLabel('app', bundleFolder(dir));
      });
      expect(new Set(labels).size).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('leaves out .git, node_modules and .runbook', () => {
    const dir = appFolder({ ...files, '.git/HEAD': 'ref', 'node_modules/x/index.js': '', '.runbook/state.json': '{}' });
    expect(listFiles(dir)).toEqual(['.platform/hooks/postdeploy/01.sh', 'index.php', 'lib/a.php']);
  });
});
