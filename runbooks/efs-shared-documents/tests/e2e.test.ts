/**
 * The CLI end to end in the sandbox, on the efs-shared-documents runbook: a
 * default run, a run that changes nothing, a dry-run, a fault and a resume,
 * and the file system made while the environment launches.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunState, StepState } from '../../../src/engine/state/state.js';
import { mutatingCallsSent, readState, runCli, runIdOf, sandboxAccount, tempStateDir } from '../../../test/helpers/cli.js';

const base = (dir: string) => ['run', 'efs-shared-documents', '--sandbox', '--non-interactive', '--state-dir', dir];

function resourcesOf(dir: string) {
  const region = sandboxAccount(dir).regions['us-east-1']!;
  const vpcs = Object.values(region.vpcs).filter((v) => v.Tags.Name === 'openemr-vpc');
  return {
    vpcs,
    subnets: Object.values(region.subnets).filter((s) => vpcs.some((v) => v.VpcId === s.VpcId)),
    fileSystems: Object.values(region.fileSystems ?? {}),
    mountTargets: Object.values(region.mountTargets ?? {}),
    environments: Object.values(region.environments),
    instances: Object.values(region.instances),
  };
}

const step = (state: RunState, id: string): StepState => state.steps.find((s) => s.id === id)!;
const at = (iso: string | undefined) => new Date(iso ?? 0).getTime();

describe('efs-shared-documents in the sandbox', () => {
  const dir = tempStateDir();
  let firstRun = '';

  beforeAll(async () => {
    const first = await runCli([...base(dir), '--report', `json=${join(dir, 'first.json')}`]);
    expect(first.code, first.stderr).toBe(0);
    firstRun = runIdOf(first);
  });

  it('succeeds with default parameters: two public subnets, one encrypted tagged file system, a mount target in each, two instances', () => {
    const state = readState(dir, firstRun);
    expect(state.status).toBe('succeeded');
    const r = resourcesOf(dir);
    expect([r.vpcs.length, r.fileSystems.length, r.environments.length, r.instances.length]).toEqual([1, 1, 1, 2]);
    expect(new Set(r.subnets.map((s) => s.AvailabilityZone)).size).toBe(2);
    expect(r.subnets.every((s) => s.MapPublicIpOnLaunch)).toBe(true);
    const fs = r.fileSystems[0]!;
    expect(fs).toMatchObject({ Encrypted: true, PerformanceMode: 'generalPurpose' });
    expect(fs.Tags['OpenEMR-EFS']).toBe('Documents');
    expect(r.mountTargets.map((m) => m.SubnetId).sort()).toEqual(r.subnets.map((s) => s.SubnetId).sort());
    expect(step(state, 'file-system').outputs.fileSystemId).toBe(fs.FileSystemId);
    // The shared file is on the file system itself, not on an instance's disk.
    expect(Object.keys(fs.files).sort()).toEqual(['Test.png', 'foobar.txt']);
    expect(r.environments[0]).toMatchObject({ EnvironmentName: 'OpenEMR', ApplicationName: 'openemr' });
  });

  it('deploys version OpenEMR, checks the mount on every instance and gets every document through the load balancer', () => {
    const state = readState(dir, firstRun);
    expect(step(state, 'deploy').outputs.versionLabel).toBe('OpenEMR');
    const instances = step(state, 'environment-instances').outputs.instanceIds as string[];
    expect(instances).toHaveLength(2);
    const mounts = step(state, 'documents-mount').evidence;
    expect(mounts).toHaveLength(2);
    for (const e of mounts) expect(e).toMatch(/\/var\/app\/current\/sample\/documents -> \/mnt\/efs-documents[\s\S]*is a mountpoint[\s\S]*efs-mounted/);
    const answers = step(state, 'documents-check').evidence;
    expect(answers).toHaveLength(40);
    expect(answers.every((a) => / -> HTTP 200, /.test(a))).toBe(true);
    expect(answers.filter((a) => a.includes('GET /sample/documents/Test.png -> HTTP 200, image/png'))).toHaveLength(20);
    const report = JSON.parse(readFileSync(join(dir, 'first.json'), 'utf8'));
    expect(report).toMatchObject({ runId: firstRun, runbook: { id: 'efs-shared-documents' }, status: 'succeeded' });
  });

  it('makes the file system and its mount targets while the environment launches', () => {
    const state = readState(dir, firstRun);
    const env = step(state, 'environment');
    const efs = ['file-system', 'nfs-security-group', 'mount-targets'].map((id) => step(state, id));
    // The EFS branch starts and ends inside the environment's launch (how much that saves is a figure of npm run bench).
    for (const s of efs) {
      expect(at(s.startedAt), s.id).toBeLessThan(at(env.finishedAt));
      expect(at(s.finishedAt), s.id).toBeLessThanOrEqual(at(env.finishedAt));
    }
    expect(at(step(state, 'deploy').startedAt)).toBeGreaterThanOrEqual(at(env.finishedAt));
  });

  it('changes nothing when run again: every step ok, no mutating call', async () => {
    const again = await runCli(base(dir));
    expect(again.code, again.stderr).toBe(0);
    const state = readState(dir, runIdOf(again));
    expect(mutatingCallsSent(state)).toEqual([]);
    expect(state.steps.every((s) => s.status === 'ok')).toBe(true);
    const r = resourcesOf(dir);
    expect([r.vpcs.length, r.fileSystems.length, r.mountTargets.length, r.environments.length, r.instances.length]).toEqual([1, 1, 2, 1, 2]);
  });
});

describe('dry-run', () => {
  it('sends no write and lists the calls of every step, later values as references', async () => {
    const dir = tempStateDir();
    const result = await runCli([...base(dir), '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    const state = readState(dir, runIdOf(result));
    expect(state.mode).toBe('dry-run');
    expect(mutatingCallsSent(state)).toEqual([]);
    const planned = state.steps.flatMap((s) => s.plan ?? []).map((p) => p.operation);
    expect(planned).toEqual(
      expect.arrayContaining(['CreateVpc', 'CreateSubnet', 'AttachInternetGateway', 'CreateRoute', 'EnableEbsEncryptionByDefault', 'CreateEnvironment', 'CreateFileSystem', 'CreateMountTarget', 'WriteFolder', 'UpdateEnvironment', 'SendCommand']),
    );
    expect(step(state, 'mount-targets').plan?.[0]).toMatchObject({ input: { FileSystemId: '<file-system.fileSystemId>', SecurityGroups: ['<nfs-security-group.groupId>'] } });
    expect(step(state, 'environment').plan?.[0]?.input).toMatchObject({ PlatformArn: expect.stringContaining('PHP 8.4 running on 64bit Amazon Linux 2023') });
    const r = resourcesOf(dir);
    expect([r.vpcs.length, r.fileSystems.length, r.environments.length]).toEqual([0, 0, 0]);
  });
});

describe('a fault in the mount targets, then resume', () => {
  it('stops with exit 1 and the resume leaves exactly one file system and one mount target per subnet', async () => {
    const dir = tempStateDir();
    const failed = await runCli([...base(dir), '--sandbox-fault', 'mount-targets']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Step mount-targets failed/);
    const runId = runIdOf(failed);
    const state = readState(dir, runId);
    expect(step(state, 'mount-targets').status).toBe('failed');
    expect(step(state, 'file-system').status).toBe('changed');
    expect(step(state, 'deploy').status).toBe('pending');

    const resumed = await runCli(['resume', runId, '--sandbox', '--non-interactive', '--state-dir', dir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readState(dir, runId).status).toBe('succeeded');
    const r = resourcesOf(dir);
    expect(r.fileSystems).toHaveLength(1);
    expect(r.mountTargets.map((m) => m.SubnetId).sort()).toEqual(r.subnets.map((s) => s.SubnetId).sort());
    expect(r.subnets).toHaveLength(2);
  });
});
