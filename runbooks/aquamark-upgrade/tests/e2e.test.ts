/**
 * The CLI end to end in the sandbox, each scenario on a copy of one account
 * where aquamark-deploy's rehearsal ran: the upgrade's rehearsal, a second
 * run, a dry-run, a fault and its resume, and a new group that never becomes
 * healthy followed by the way back (destroy). A crash right after each slow
 * create is in the reliability suite.
 */
import { cpSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import deploy from '../../aquamark-deploy/index.js';
import upgrade from '../index.js';
import type { SandboxAccountState } from '../../../src/sandbox/index.js';
import { rehearse } from '../../../src/authoring/testing.js';
import { mutatingCallsSent, readState, runCli, runIdOf, sandboxAccount, tempStateDir } from '../../../test/helpers/cli.js';

const REGION = 'us-east-1';
const OLD = 'aq-web-v1.0.1-1';
const NEW = 'aq-web-v1.0.2-1';
const flags = (params: Record<string, unknown>) => Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${String(v)}`]);
const acks = (list: readonly string[] = []) => list.flatMap((a) => ['--ack', a]);
const run = (dir: string, extra: string[] = []) => runCli(['run', 'aquamark-upgrade', '--sandbox', '--non-interactive', '--state-dir', dir, ...flags(upgrade.rehearsal!.params), ...extra]);

const region = (account: SandboxAccountState) => account.regions[REGION]!;
const live = (account: SandboxAccountState) => Object.values(region(account).instances).filter((i) => i.terminatedAt === undefined);
/** Groups DescribeAutoScalingGroups still answers (a deleted one lingers in the state until its deletion is over). */
const groups = (account: SandboxAccountState) => Object.values(region(account).autoScalingGroups ?? {}).filter((g) => g.deletingAt === undefined).map((g) => g.AutoScalingGroupName);
const template = (account: SandboxAccountState) => Object.values(region(account).launchTemplates ?? {})[0]!;
const counts = (account: SandboxAccountState) => {
  const newImage = Object.values(region(account).images).filter((i) => i.Name === NEW);
  return {
    newImages: newImage.length,
    versionsLaunchingIt: template(account).versions.filter((v) => newImage.some((i) => v.data.ImageId === i.ImageId)).length,
    groups: groups(account),
    buildInstances: live(account).filter((i) => i.Tags.Name === 'aquamark-upgrade-build').length,
  };
};
const UPGRADED = { newImages: 1, versionsLaunchingIt: 1, groups: [NEW], buildInstances: 1 };

let deployed = '';
/** A copy of the account aquamark-deploy's rehearsal made, for one scenario. */
function deployedAccount(): string {
  const dir = tempStateDir('aquamark-upgrade-');
  cpSync(deployed, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  deployed = tempStateDir('aquamark-deployed-');
  const made = await runCli(['run', 'aquamark-deploy', '--sandbox', '--non-interactive', '--state-dir', deployed, ...flags(deploy.rehearsal!.params), ...acks(deploy.rehearsal!.acks)]);
  expect(made.code, made.stderr).toBe(0);
});

describe('the rehearsal after aquamark-deploy', () => {
  let dir = '';
  let first = '';

  beforeAll(async () => {
    dir = deployedAccount();
    const made = await run(dir);
    expect(made.code, made.stderr).toBe(0);
    first = runIdOf(made);
  });

  it('swaps the groups: the new one serves the new image from a new template version, the old one is gone with its instances', () => {
    const account = sandboxAccount(dir);
    expect(counts(account)).toEqual(UPGRADED);
    const lt = template(account);
    expect(lt.DefaultVersionNumber).toBe(1);
    expect(lt.versions.at(-1)!.VersionDescription).toBe(`made by runbook run ${first}, a copy of version 1`);
    const serving = region(account).autoScalingGroups![NEW]!;
    expect(serving.LaunchTemplate.Version).toBe(String(lt.versions.at(-1)!.VersionNumber));
    const webs = live(account).filter((i) => i.Tags['aws:autoscaling:groupName']);
    expect(webs.map((i) => i.Tags['aws:autoscaling:groupName'])).toEqual([NEW, NEW]);
    expect(webs.every((i) => i.Tags['runbook:run-id'] === first)).toBe(true);
    const tg = Object.values(region(account).targetGroups!)[0]!;
    expect(Object.keys(tg.targets).filter((id) => tg.targets[id]!.drainingAt === undefined).sort()).toEqual(webs.map((i) => i.InstanceId).sort());
  });

  it('records the former container redacted, drains the old group before deleting it, and checks /ping through the load balancer', () => {
    const state = readState(dir, first);
    const step = (id: string) => state.steps.find((s) => s.id === id)!;
    const inspect = step('record-container').evidence.join('\n');
    expect(inspect).toMatch(/"RestartPolicy"/);
    expect(inspect).toMatch(/DATABASE_URL=\(redacted\)/);
    expect(inspect).not.toMatch(/postgresql:/);
    const calls = step('retire-old-group').calls.filter((c) => c.mutating).map((c) => c.operation);
    expect(calls).toEqual(['DetachLoadBalancerTargetGroups', 'DeleteAutoScalingGroup']);
    expect(step('retire-old-group').evidence.join('\n')).toMatch(/aq-web-v1\.0\.1-1 is gone and none of its instances runs/);
    expect(step('ping-through-load-balancer').status).toBe('ok');
    expect(step('migrate').status).toBe('changed');
    expect(step('watchdog-cron-points').status).toBe('ok');
  });

  it('replaces the daemons, made from the former build, with containers of the new one', () => {
    const state = readState(dir, first);
    expect(state.steps.filter((s) => ['backup-build-image', 'recalc-daemon', 'notify-daemon'].includes(s.id)).map((s) => s.status)).toEqual(['changed', 'changed', 'changed']);
    const backup = live(sandboxAccount(dir)).find((i) => i.Tags.Name === 'aquamark-backup')!;
    expect(backup.host.containers.recalc).toMatchObject({ running: true, restart: 'always' });
  });

  it('changes nothing when run again', async () => {
    const again = await run(dir);
    expect(again.code, again.stderr).toBe(0);
    expect(mutatingCallsSent(readState(dir, runIdOf(again)))).toEqual([]);
    expect(counts(sandboxAccount(dir))).toEqual(UPGRADED);
  });
});

describe('dry-run', () => {
  it('plans the swap and sends no write', async () => {
    const dir = deployedAccount();
    const dry = await run(dir, ['--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    const state = readState(dir, runIdOf(dry));
    expect(mutatingCallsSent(state)).toEqual([]);
    const planned = state.steps.flatMap((s) => s.plan ?? []).map((p) => p.operation);
    expect(planned).toEqual(expect.arrayContaining(['RunInstances', 'CreateImage', 'CreateLaunchTemplateVersion', 'CreateAutoScalingGroup', 'DetachLoadBalancerTargetGroups', 'DeleteAutoScalingGroup']));
    expect(groups(sandboxAccount(dir))).toEqual([OLD]);
  });
});

describe('a fault, then resume', () => {
  it('stops at the failed CreateAutoScalingGroup with the old group serving; the resume makes no twin image, version or group', async () => {
    const dir = deployedAccount();
    const failed = await run(dir, ['--sandbox-fault', 'new-group']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Simulated fault injected by --sandbox-fault in step new-group/);
    expect(groups(sandboxAccount(dir))).toEqual([OLD]);
    const resumed = await runCli(['resume', runIdOf(failed), '--sandbox', '--non-interactive', '--state-dir', dir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(counts(sandboxAccount(dir))).toEqual(UPGRADED);
  });
});

describe('a new group that never becomes healthy', () => {
  it('fails with its health reasons, leaves the old group serving, and the way back leaves exactly that group', async () => {
    const dir = deployedAccount();
    const failed = await rehearse(upgrade, { stateDir: dir, before: [], params: { ...upgrade.rehearsal!.params, healthyWaitMinutes: 3 }, faults: { unhealthyGroups: [NEW] } });
    expect(failed.exitCode).toBe(1);
    const step = failed.state.steps.find((s) => s.id === 'new-group')!;
    expect(step.status).toBe('failed');
    expect(step.error?.message).toMatch(/^Timed out after .* waiting for 2 instance\(s\) of aq-web-v1\.0\.2-1 to be healthy .*unhealthy Target\.ResponseCodeMismatch: Health checks failed with these codes: \[500\]/);
    expect(failed.state.steps.find((s) => s.id === 'retire-old-group')!.status).toBe('pending');
    let account = sandboxAccount(dir);
    expect(groups(account).sort()).toEqual([OLD, NEW].sort());
    expect(region(account).autoScalingGroups![OLD]!.TargetGroupARNs).toHaveLength(1);

    const back = await runCli(['destroy', failed.runId, '--sandbox', '--state-dir', dir, '--yes']);
    expect(back.code, back.stderr).toBe(0);
    account = sandboxAccount(dir);
    expect(groups(account)).toEqual([OLD]);
    expect(live(account).filter((i) => i.Tags['aws:autoscaling:groupName']).map((i) => i.Tags['aws:autoscaling:groupName'])).toEqual([OLD, OLD]);
    expect(counts(account)).toMatchObject({ newImages: 0, versionsLaunchingIt: 0, buildInstances: 0 });
  });
});

describe('refusals before any AWS call', () => {
  it.each([
    [{ imageName: OLD }, /^Parameter imageName: expected a name other than currentGroup/m],
    [{ ref: 'v1..2' }, /^Parameter ref: expected a git branch, tag or commit/m],
    [{ backupInstanceId: 'i-0123456789abcdef0' }, /expected one of them/],
  ])('%j', async (extra, message) => {
    const refused = await runCli(['run', 'aquamark-upgrade', '--sandbox', '--non-interactive', '--state-dir', tempStateDir(), ...flags({ ...upgrade.rehearsal!.params, ...extra })]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(message);
  });
});
