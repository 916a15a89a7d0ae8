/**
 * lamp-ebs-expand end to end in the sandbox, on a node lamp-swarm-node made:
 * the volume grows, the file system follows (no growpart: it is on the whole
 * device), df shows the new size; a re-run changes nothing; a dry-run sends no
 * write; a fault and a resume make one modification; a smaller size is refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mutatingCallsSent, readState, runCli, runIdOf, sandboxAccount, tempStateDir } from '../../../test/helpers/cli.js';

const NODE = 'node-01.example.com';
const expand = (dir: string, ...params: string[]) => ['run', 'lamp-ebs-expand', '--sandbox', '--non-interactive', '--state-dir', dir, '--param', `instance=${NODE}`, ...params];

async function nodeIn(dir: string): Promise<void> {
  const made = await runCli(['run', 'lamp-swarm-node', '--sandbox', '--non-interactive', '--state-dir', dir, '--param', `dnsName=${NODE}`, '--param', 'hostedZone=example.com', '--param', 'dataVolumeSizeGiB=64']);
  expect(made.code, made.stderr).toBe(0);
}

function dataVolume(dir: string) {
  return Object.values(sandboxAccount(dir).regions['us-east-1']!.volumes).find((v) => v.Tags['runbook:step'] === 'data-volume')!;
}

describe('lamp-ebs-expand on a lamp-swarm-node node', () => {
  const dir = tempStateDir();
  let runId = '';

  beforeAll(async () => {
    await nodeIn(dir);
    const grown = await runCli(expand(dir, '--param', 'sizeGiB=128'));
    expect(grown.code, grown.stderr).toBe(0);
    runId = runIdOf(grown);
  });

  it('grows the volume, then the file system on the whole device with xfs_growfs alone, and df shows the new size', () => {
    const state = readState(dir, runId);
    const step = (id: string) => state.steps.find((s) => s.id === id)!;
    expect(step('grow-volume')).toMatchObject({ status: 'changed' });
    expect(step('grow-volume').calls.filter((c) => c.mutating && c.sent).map((c) => c.operation)).toEqual(['ModifyVolume']);
    expect(step('grow-filesystem').status).toBe('changed');
    expect(step('filesystem-size').evidence.join('\n')).toContain('with 128 GiB');
    expect(dataVolume(dir).modifications?.map((m) => [m.OriginalSize, m.TargetSize])).toEqual([[64, 128]]);
    const host = Object.values(sandboxAccount(dir).regions['us-east-1']!.instances)[0]!.host;
    const disk = Object.values(host.disks!).find((d) => d.fs)!;
    expect(disk).toMatchObject({ fs: { gib: 128 } });
    expect(disk.partition).toBeUndefined();
  });

  it('changes nothing when run again', async () => {
    const again = await runCli(expand(dir, '--param', 'sizeGiB=128'));
    expect(again.code, again.stderr).toBe(0);
    const state = readState(dir, runIdOf(again));
    expect(mutatingCallsSent(state)).toEqual([]);
    expect(state.steps.every((s) => s.status === 'ok')).toBe(true);
  });

  it('refuses a size smaller than the volume, before any change', async () => {
    const smaller = await runCli(expand(dir, '--param', 'sizeGiB=100'));
    expect(smaller.code).toBe(1);
    expect(smaller.stderr).toMatch(/has 128 GiB; an EBS volume cannot shrink/);
    expect(mutatingCallsSent(readState(dir, runIdOf(smaller)))).toEqual([]);
  });

  it('refuses a second size while the first modification is still optimizing, before any change', async () => {
    const next = await runCli(expand(dir, '--param', 'sizeGiB=256'));
    expect(next.code).toBe(1);
    expect(next.stderr).toMatch(/is being modified to 128 GiB \(optimizing\); EC2 takes a new size only once that is completed/);
    expect(mutatingCallsSent(readState(dir, runIdOf(next)))).toEqual([]);
    expect(dataVolume(dir).modifications).toHaveLength(1);
  });
});

describe('lamp-ebs-expand: a dry-run, then a fault', () => {
  it('the dry-run sends no write; after the fault the resume makes exactly one modification and finishes the file system', async () => {
    const dir = tempStateDir();
    await nodeIn(dir);
    const dry = await runCli(expand(dir, '--param', 'sizeGiB=96', '--dry-run'));
    expect(dry.code, dry.stderr).toBe(0);
    const planned = readState(dir, runIdOf(dry));
    expect(mutatingCallsSent(planned)).toEqual([]);
    expect(planned.steps.find((s) => s.id === 'grow-volume')?.plan).toEqual([expect.objectContaining({ operation: 'ModifyVolume', input: { VolumeId: dataVolume(dir).VolumeId, Size: 96 } })]);
    expect(dataVolume(dir).modifications).toBeUndefined();

    const failed = await runCli(expand(dir, '--param', 'sizeGiB=96', '--sandbox-fault', 'grow-filesystem'));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Step grow-filesystem failed/);
    const runId = runIdOf(failed);
    expect(readState(dir, runId).steps.find((s) => s.id === 'grow-volume')?.status).toBe('changed');

    const resumed = await runCli(['resume', runId, '--sandbox', '--non-interactive', '--state-dir', dir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(dataVolume(dir).modifications?.map((m) => m.TargetSize)).toEqual([96]);
    expect(readState(dir, runId).steps.find((s) => s.id === 'filesystem-size')?.status).toBe('ok');
  });
});
