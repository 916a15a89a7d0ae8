/**
 * qis-web-scaling end to end in the sandbox, on qis-network's VPC and load
 * balancer and the seeded QIS image: both servers enabled for their roles,
 * the web server and the group's extra server InService in qis-lb; a second
 * run changes nothing; every instance of the group is checked by its tag; a dry-run sends no write; a fault then a resume makes
 * no twin; an image without configure.sh fails with one sentence.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SandboxAccountState } from '../../../src/sandbox/index.js';
import { mutatingCallsSent, readState, runCli, runIdOf, sandboxAccount, tempStateDir } from '../../../test/helpers/cli.js';

const RUN = (dir: string, ...extra: string[]) => ['run', 'qis-web-scaling', '--sandbox', '--non-interactive', '--state-dir', dir, ...extra];

async function networkIn(dir: string): Promise<void> {
  const made = await runCli(['run', 'qis-network', '--sandbox', '--non-interactive', '--state-dir', dir, '--param', 'operatorCidr=203.0.113.7/32']);
  expect(made.code, made.stderr).toBe(0);
}

const region = (dir: string): SandboxAccountState['regions'][string] => sandboxAccount(dir).regions['us-east-1']!;
const live = (dir: string) => Object.values(region(dir).instances).filter((i) => i.terminatedAt === undefined);
const named = (dir: string, name: string) => live(dir).filter((i) => i.Tags.Name === name);

describe('qis-web-scaling on qis-network', () => {
  const dir = tempStateDir('qis-web-');
  let runId = '';

  beforeAll(async () => {
    await networkIn(dir);
    const run = await runCli(RUN(dir));
    expect(run.code, run.stderr).toBe(0);
    runId = runIdOf(run);
  });

  it('enables each server for its role with configure.sh and puts the web servers behind qis-lb', () => {
    const state = readState(dir, runId);
    const step = (id: string) => state.steps.find((s) => s.id === id)!;
    expect(state.status).toBe('succeeded');
    expect(step('configure-db').status).toBe('changed');
    expect(step('configure-web').status).toBe('changed');
    const [db] = named(dir, 'qis-db-server');
    const [web] = named(dir, 'qis-web-server');
    expect(db!.host.units.postgresql).toMatchObject({ enabled: true, active: true });
    expect(db!.host.units.httpd).toMatchObject({ enabled: false, active: false });
    expect(web!.host.units.httpd).toMatchObject({ enabled: true, active: true });
    expect(web!.host.files['/opt/qis/conf/local_settings.py']?.content).toContain(db!.PrivateIpAddress);
    for (const i of [db!, web!]) {
      expect(i.MetadataOptions.HttpTokens).toBe('required');
      expect(i.KeyName).toBeUndefined();
      expect(i.ImageId).toBe('ami-0915c0ffee0000001');
    }
    const lb = region(dir).classicLoadBalancers!['qis-lb']!;
    const group = region(dir).autoScalingGroups!['qis-web']!;
    expect(group.LoadBalancerNames).toEqual(['qis-lb']);
    expect(group.instanceIds).toHaveLength(1);
    expect([...lb.Instances].sort()).toEqual([web!.InstanceId, ...group.instanceIds].sort());
    // The extra web server boots from the configured web server's image: Apache runs without a script.
    expect(region(dir).instances[group.instanceIds[0]!]!.host.units.httpd).toMatchObject({ enabled: true, active: true });
    expect(Object.values(region(dir).scalingPolicies ?? {}).map((p) => p.PolicyName)).toEqual(['cpu-target-tracking']);
  });

  it("checks the web role on every instance of the group with one SSM command targeted by the group's tag", () => {
    const group = region(dir).autoScalingGroups!['qis-web']!;
    const check = readState(dir, runId).steps.find((s) => s.id === 'group-web-role')!;
    expect(check.status).toBe('ok');
    expect(Object.keys(check.hosts ?? {})).toEqual(group.instanceIds);
    const sent = region(dir).commands.filter((c) => c.Targets?.some((t) => t.Key === 'tag:aws:autoscaling:groupName' && t.Values.includes('qis-web')));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ MaxConcurrency: '50%', probe: true });
  });

  it('changes nothing when run again', async () => {
    const again = await runCli(RUN(dir));
    expect(again.code, again.stderr).toBe(0);
    const state = readState(dir, runIdOf(again));
    expect(mutatingCallsSent(state)).toEqual([]);
    expect(state.steps.filter((s) => s.status !== 'ok').map((s) => `${s.id}:${s.status}`)).toEqual(['register-web-target:skipped', 'auto-scaling-group-alb:skipped']);
  });
});

describe('dry-run', () => {
  it('reads the network and the image and plans every write, sending none', async () => {
    const dir = tempStateDir('qis-web-dry-');
    await networkIn(dir);
    const run = await runCli(RUN(dir, '--dry-run'));
    expect(run.code, run.stderr).toBe(0);
    const state = readState(dir, runIdOf(run));
    expect(mutatingCallsSent(state)).toEqual([]);
    const planned = state.steps.flatMap((s) => s.plan ?? []).map((p) => p.operation);
    expect(planned).toEqual(expect.arrayContaining(['RunInstances', 'CreateImage', 'RegisterInstancesWithLoadBalancer', 'CreateLaunchTemplate', 'CreateAutoScalingGroup', 'PutScalingPolicy']));
    expect(live(dir)).toHaveLength(0);
  });
});

describe('a fault, then resume', () => {
  it('stops at the failed group and the resume makes one group, one image and one server of each role', async () => {
    const dir = tempStateDir('qis-web-fault-');
    await networkIn(dir);
    const failed = await runCli(RUN(dir, '--sandbox-fault', 'auto-scaling-group'));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Step auto-scaling-group failed/);
    const resumed = await runCli(['resume', runIdOf(failed), '--sandbox', '--non-interactive', '--state-dir', dir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(named(dir, 'qis-db-server')).toHaveLength(1);
    expect(named(dir, 'qis-web-server')).toHaveLength(1);
    expect(Object.keys(region(dir).autoScalingGroups ?? {})).toEqual(['qis-web']);
    expect(Object.values(region(dir).images).filter((i) => i.Name === 'qis-web')).toHaveLength(1);
  });
});

describe('an image without QIS\'s configure.sh', () => {
  it('fails the database server\'s configuration with one sentence naming the missing script', async () => {
    const dir = tempStateDir('qis-web-noscript-');
    await networkIn(dir);
    const run = await runCli(RUN(dir, '--param', 'configureScript=/opt/qis/deploy/aws/missing.sh'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\/opt\/qis\/deploy\/aws\/missing\.sh is not on this host \(or not executable\): launch the servers from a QIS image that has it/);
    expect(readState(dir, runIdOf(run)).steps.find((s) => s.id === 'configure-db')?.status).toBe('failed');
  });
});

describe('behind an Application Load Balancer', () => {
  it("registers the web server in qis-network's target group and attaches the group to it; a second run changes nothing", async () => {
    const dir = tempStateDir('qis-web-alb-');
    const made = await runCli(['run', 'qis-network', '--sandbox', '--non-interactive', '--state-dir', dir, '--param', 'operatorCidr=203.0.113.7/32', '--param', 'loadBalancerType=application']);
    expect(made.code, made.stderr).toBe(0);
    const run = await runCli(RUN(dir, '--param', 'loadBalancerType=application'));
    expect(run.code, run.stderr).toBe(0);
    const [tg] = Object.values(region(dir).targetGroups ?? {});
    const group = region(dir).autoScalingGroups!['qis-web']!;
    const [web] = named(dir, 'qis-web-server');
    expect(group.TargetGroupARNs).toEqual([tg!.TargetGroupArn]);
    expect(group.LoadBalancerNames ?? []).toEqual([]);
    expect(Object.keys(tg!.targets).sort()).toEqual([web!.InstanceId, ...group.instanceIds].sort());
    const again = await runCli(RUN(dir, '--param', 'loadBalancerType=application'));
    expect(again.code, again.stderr).toBe(0);
    expect(mutatingCallsSent(readState(dir, runIdOf(again)))).toEqual([]);
  });
});
