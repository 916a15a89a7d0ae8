/**
 * The CLI end to end in the sandbox: the rehearsal (the builder from the
 * current Fedora release, each check with its evidence, the image, the
 * builder gone, a copy pulled into each region), a second run that sends no
 * write, a dry-run that sends none, interruptions and their resume with no
 * twin image or copy, a manual install that was not done, destroy, and the
 * refusals before any AWS call.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import ami from '../index.js';
import { EXAMPLE_INSTALL } from '../scripts.js';
import type { SandboxAccountState } from '../../../src/sandbox/index.js';
import type { RunState } from '../../../src/engine/state/state.js';
import { rehearse } from '../../../src/authoring/testing.js';
import { mutatingCallsSent, readState, runCli, runIdOf, sandboxAccount, succeededRun, tempStateDir } from '../../../test/helpers/cli.js';

const RUN = (dir: string, extra: string[] = []) => ['run', 'qis-ami', '--sandbox', '--non-interactive', '--state-dir', dir, '--param', `installScript=${EXAMPLE_INSTALL}`, ...extra];
const FEDORA_42 = 'ami-0a1b2c3d4e5f60005';
const COPY_REGIONS = ['eu-west-1', 'eu-central-1'];

const imagesNamed = (account: SandboxAccountState, region: string, name = 'qis') => Object.values(account.regions[region]?.images ?? {}).filter((i) => i.Name === name);
const builders = (account: SandboxAccountState) => Object.values(account.regions['us-east-1']!.instances).filter((i) => i.Tags.Name === 'qis-ami-builder');

describe('the rehearsal in the sandbox', () => {
  const dir = tempStateDir();
  let first: RunState;

  beforeAll(async () => {
    first = await succeededRun(RUN(dir), dir);
  });

  it('launched the builder from the newest Fedora release: 5 GiB encrypted, IMDSv2, no inbound rule, and terminated it', () => {
    const account = sandboxAccount(dir);
    const [builder, ...more] = builders(account);
    expect(more).toEqual([]);
    expect(builder!.ImageId).toBe(FEDORA_42);
    expect(builder!.MetadataOptions?.HttpTokens).toBe('required');
    expect(builder!.terminatedAt).toBeDefined();
    const group = Object.values(account.regions['us-east-1']!.securityGroups).find((g) => g.GroupName === 'qis-ami-builder');
    expect(group!.ingress).toEqual([]);
    const [image] = imagesNamed(account, 'us-east-1');
    expect(image!.blockDevices!.map((d) => [d.VolumeSize, d.Encrypted])).toEqual([[5, true]]);
  });

  it('checks each item of the "but..." list on the host, with its evidence', () => {
    const evidence = (id: string) => first.steps.find((s) => s.id === id)!.evidence.join('\n');
    expect(evidence('services-not-enabled')).toMatch(/httpd-2\.4\.63-1\.fc42: httpd.service is disabled, inactive/);
    expect(evidence('postgres-initialised')).toMatch(/3 database directories/);
    expect(evidence('limits-raised')).toMatch(/nofile hard: 65536/);
    expect(evidence('selinux-enforcing')).toMatch(/getenforce: Enforcing/);
    expect(evidence('cleaned-up')).toMatch(/package cache: 0 files/);
    expect(evidence('qis-not-running')).toMatch(/active services: 0/);
  });

  it('copies the image into each region side by side, each copy made where its CopyImage was sent, tagged with its source, encrypted; the ids are outputs', () => {
    const account = sandboxAccount(dir);
    const [image] = imagesNamed(account, 'us-east-1');
    const copy = first.steps.find((s) => s.id === 'copy-to-regions')!;
    expect(copy.calls.filter((c) => c.operation === 'CopyImage' && c.sent)).toHaveLength(2);
    // Side by side: the second copy was started before the first was available.
    const copies = COPY_REGIONS.map((r) => imagesNamed(account, r)[0]!);
    expect(Math.max(...copies.map((c) => c.createdAt))).toBeLessThan(Math.min(...copies.map((c) => c.availableAt!)));
    const ids: Record<string, string> = { 'us-east-1': image!.ImageId };
    for (const region of COPY_REGIONS) {
      const [copied, ...twins] = imagesNamed(account, region);
      expect(twins, region).toEqual([]);
      expect(copied!.Tags).toMatchObject({ 'runbook:id': 'qis-ami', Name: 'qis', 'runbook:source-image': `us-east-1/${image!.ImageId}` });
      expect(copied!.blockDevices!.every((d) => d.Encrypted)).toBe(true);
      expect(copied!.host?.packages.httpd).toBe('2.4.63-1.fc42');
      ids[region] = copied!.ImageId;
    }
    expect(copy.outputs).toEqual({ imageIds: ids });
  });

  it('changes nothing when run again: the builder is not launched, nothing is copied', async () => {
    const again = await runCli(RUN(dir));
    expect(again.code, again.stderr).toBe(0);
    const state = readState(dir, runIdOf(again));
    expect(mutatingCallsSent(state)).toEqual([]);
    expect(state.steps.find((s) => s.id === 'builder')!.status).toBe('skipped');
    expect(builders(sandboxAccount(dir))).toHaveLength(1);
  });

  it('destroy removes the image and each copy with their snapshots, and the builder\'s group', async () => {
    const destroyed = await runCli(['destroy', first.runId, '--sandbox', '--yes', '--state-dir', dir]);
    expect(destroyed.code, destroyed.stderr).toBe(0);
    const account = sandboxAccount(dir);
    for (const region of ['us-east-1', ...COPY_REGIONS]) {
      expect(imagesNamed(account, region), region).toEqual([]);
      expect(Object.values(account.regions[region]!.snapshots ?? {}).filter((s) => s.Tags['runbook:id'] === 'qis-ami'), region).toEqual([]);
    }
    expect(Object.values(account.regions['us-east-1']!.securityGroups).filter((g) => g.GroupName === 'qis-ami-builder')).toEqual([]);
  });
});

describe('further tweaks from the last good image', () => {
  it('starts the builder from baseImage, does not run the same install again, and makes the new image and its copies', async () => {
    const dir = tempStateDir();
    expect((await runCli(RUN(dir))).code).toBe(0);
    const [good] = imagesNamed(sandboxAccount(dir), 'us-east-1');
    const tweak = await runCli(RUN(dir, ['--param', `baseImage=${good!.ImageId}`, '--param', 'imageName=qis-2']));
    expect(tweak.code, tweak.stderr).toBe(0);
    const state = readState(dir, runIdOf(tweak));
    expect(state.steps.find((s) => s.id === 'install-qis')!.status).toBe('ok');
    const account = sandboxAccount(dir);
    const builder = builders(account).find((b) => b.ImageId === good!.ImageId);
    expect(builder?.terminatedAt).toBeDefined();
    for (const region of ['us-east-1', ...COPY_REGIONS]) expect(imagesNamed(account, region, 'qis-2'), region).toHaveLength(1);
  });
});

describe('dry-run', () => {
  it('plans the launch, the image and the copies, and sends no write', async () => {
    const dir = tempStateDir();
    const run = await runCli([...RUN(dir), '--dry-run']);
    expect(run.code, run.stderr).toBe(0);
    const state = readState(dir, runIdOf(run));
    expect(mutatingCallsSent(state)).toEqual([]);
    const planned = state.steps.flatMap((s) => s.plan ?? []).map((p) => p.operation);
    expect(planned).toEqual(expect.arrayContaining(['RunInstances', 'CreateImage', 'TerminateInstances']));
    expect(builders(sandboxAccount(dir))).toEqual([]);
  });
});

describe('interrupted, then resumed', () => {
  it.each([
    ['image', 'CreateImage'],
    ['copy-to-regions', 'CopyImage'],
  ])('interrupted right after %s sent %s: the resume makes no twin image or copy', async (stepId, operation) => {
    let interrupted = false;
    const onWrite = (call: { operation: string; stepId?: string }) => {
      if (!interrupted && call.stepId === stepId && call.operation === operation) {
        interrupted = true;
        throw new Error(`interrupted after ${operation}`);
      }
    };
    const failed = await rehearse(ami, { faults: { onWrite } });
    expect(failed.exitCode).toBe(1);
    expect(interrupted).toBe(true);
    const resumed = await rehearse(ami, { stateDir: failed.stateDir, request: { resumeRunId: failed.runId } });
    expect(resumed.exitCode, resumed.message).toBe(0);
    const account = sandboxAccount(failed.stateDir);
    for (const region of ['us-east-1', ...COPY_REGIONS]) expect(imagesNamed(account, region), region).toHaveLength(1);
    expect(builders(account).filter((b) => !b.terminatedAt)).toEqual([]);
  });

  it('a fault in the copy step fails it; the resume copies what is missing', async () => {
    const dir = tempStateDir();
    const failed = await runCli([...RUN(dir), '--sandbox-fault', 'copy-to-regions']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Step copy-to-regions failed/);
    const resumed = await runCli(['resume', runIdOf(failed), '--sandbox', '--non-interactive', '--state-dir', dir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    for (const region of COPY_REGIONS) expect(imagesNamed(sandboxAccount(dir), region), region).toHaveLength(1);
  });
});

describe('the install by hand', () => {
  it('stops at the manual step; acknowledged without the install done, the checks fail with what the host shows, and no image is made', async () => {
    const dir = tempStateDir();
    const base = ['run', 'qis-ami', '--sandbox', '--non-interactive', '--state-dir', dir];
    const waiting = await runCli(base);
    expect(waiting.code).toBe(3);
    const acked = await runCli(['resume', runIdOf(waiting), '--sandbox', '--non-interactive', '--state-dir', dir, '--ack', 'install-qis-by-hand']);
    expect(acked.code).toBe(1);
    const state = readState(dir, runIdOf(waiting));
    const step = (id: string) => state.steps.find((s) => s.id === id)!;
    expect(step('services-not-enabled').status).toBe('failed');
    expect(step('services-not-enabled').evidence.join('\n')).toMatch(/httpd is not installed/);
    expect(step('cleaned-up').evidence.join('\n')).toMatch(/package cache: 2 files/);
    expect(step('image').status).not.toBe('changed');
    expect(imagesNamed(sandboxAccount(dir), 'us-east-1')).toEqual([]);
  });
});

describe('refusals before any AWS call', () => {
  it.each([
    [['--param', 'amiId=ami-0123456789abcdef0', '--param', 'baseImage=ami-0fedcba9876543210'], /Parameter baseImage: give amiId or baseImage, not both/],
    [['--param', 'installScript=/nonexistent/install.sh'], /Parameter installScript: expected a file that exists, got '\/nonexistent\/install.sh'/],
    [['--param', 'regions=eu-west-1 eu-central-1'], /Parameter regions: expected region names separated by commas/],
  ])('%j', async (params, message) => {
    const dir = tempStateDir();
    const run = await runCli(['run', 'qis-ami', '--sandbox', '--non-interactive', '--state-dir', dir, ...params]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
