/** The runbook's documentation, source map and parameters agree with its definition, and bad input is refused before any AWS call. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import scaling from '../index.js';
import { resolveParams } from '../../../src/engine/model/params.js';
import { uncoveredSourceSteps } from '../../../src/engine/model/source-map.js';
import { instantiateSteps } from '../../../src/engine/plan/planner.js';
import { sourceMapMarkdown } from '../../../src/report/runbook-views.js';
import { isAccountSeed } from '../../../src/sandbox/account/fixtures.js';
import { runCli } from '../../../test/helpers/cli.js';

describe('qis-web-scaling definition', () => {
  it('maps every item of the section (its TODOs, the configure.sh design, reserved instances, the ECS task) to a step or a decision', () => {
    expect(scaling.source.steps).toHaveLength(17);
    expect(uncoveredSourceSteps(scaling, instantiateSteps(scaling))).toEqual([]);
    const decided = scaling.decisions!.map((d) => d.covers).join(', ');
    expect(decided).toMatch(/reserved-instances/);
    expect(decided).toMatch(/ecs-not-working/);
  });

  it('has a README whose source-step table is what `runbook show --format markdown` prints, with the reserved-instance and ECS decisions', () => {
    const readme = readFileSync(join(scaling.dir, 'README.md'), 'utf8');
    expect(readme).toContain(sourceMapMarkdown(scaling));
    expect(readme).toMatch(/## Reserved instances[\s\S]*## The ECS task/);
    expect(readme).toMatch(/runbook:id` = `qis-ami`/);
  });

  it('launches both full-time servers with SSM and no key pair, registers the web server with qis-lb and attaches the group to it', () => {
    const steps = instantiateSteps(scaling);
    const byId = new Map(steps.map((s) => [s.id, s]));
    for (const id of ['db-server', 'web-server']) {
      expect(byId.get(id)!.kind).toBe('ec2.instance');
      expect(byId.get(id)!.input).toMatchObject({ waitForSsm: true });
      expect(byId.get(id)!.input).not.toHaveProperty('keyName');
    }
    expect(byId.get('register-web-server')!.kind).toBe('elb.registeredInstances');
    expect(byId.get('auto-scaling-group')!.input).toMatchObject({ targetGroupArns: [], healthCheckGracePeriodSeconds: 300 });
    expect(byId.get('scaling-policy')!.kind).toBe('autoscaling.scalingPolicy');
    // With an Application Load Balancer, the target group instead: each pair is one step or the other.
    expect(byId.get('register-web-target')!.kind).toBe('elbv2.registeredTargets');
    expect(byId.get('auto-scaling-group-alb')!.when?.describe).toBe('loadBalancerType is application');
    expect(byId.get('auto-scaling-group')!.when?.describe).toBe('loadBalancerType is classic');
  });

  it('refuses inconsistent or malformed inputs with one sentence', () => {
    expect(scaling.validate!({ minSize: 1, maxSize: 3 })).toBeUndefined();
    expect(scaling.validate!({ minSize: 4, maxSize: 3 })).toMatch(/^Parameters minSize and maxSize: expected minSize <= maxSize \(got 4 and 3\)\.$/);
    expect(() => resolveParams(scaling.params, { minSize: 0 })).toThrow(/^Parameter minSize/);
    expect(() => resolveParams(scaling.params, { configureScript: 'deploy/aws/configure.sh' })).toThrow(/^Parameter configureScript: expected an absolute path/);
    expect(() => resolveParams(scaling.params, { configureScript: "/opt/qis/x;'rm" })).toThrow(/^Parameter configureScript/);
    expect(() => resolveParams(scaling.params, { amiId: 'i-0123456789abcdef0' })).toThrow(/^Parameter amiId: expected an id such as ami-/);
    expect(resolveParams(scaling.params, {}).missing).toEqual([]);
  });

  it('exits 2 on bad input before any AWS call', async () => {
    const run = await runCli(['run', 'qis-web-scaling', '--dry-run', '--non-interactive', '--region', 'us-east-1', '--param', 'minSize=5', '--param', 'maxSize=2']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/expected minSize <= maxSize/);
  });

  it('declares the seed its rehearsal needs and runs qis-network before it', async () => {
    expect(isAccountSeed((await scaling.rehearsal!.seed!()).default)).toBe(true);
    expect(scaling.rehearsal!.before?.map((b) => b.runbook)).toEqual(['qis-network']);
  });
});
