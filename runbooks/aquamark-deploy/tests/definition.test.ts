/** The runbook's documentation, source map, parameters and critical path agree with its definition. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import aquamark from '../index.js';
import { resolveParams } from '../../../src/engine/model/params.js';
import { uncoveredSourceSteps } from '../../../src/engine/model/source-map.js';
import { dependenciesOf } from '../../../src/engine/model/step.js';
import { instantiateSteps } from '../../../src/engine/plan/planner.js';
import { sourceMapMarkdown } from '../../../src/report/runbook-views.js';

const steps = instantiateSteps(aquamark);
const byId = new Map(steps.map((s) => [s.id, s]));
/** Every step a step waits for, directly or not. */
function upstream(id: string, seen = new Set<string>()): Set<string> {
  for (const d of dependenciesOf(byId.get(id)!)) if (!seen.has(d)) upstream(d, seen.add(d));
  return seen;
}

describe('aquamark-deploy definition', () => {
  it('maps every instruction of the source before "Upgrading" to a step or a decision', () => {
    expect(aquamark.source.steps).toHaveLength(64);
    expect(uncoveredSourceSteps(aquamark, steps)).toEqual([]);
  });

  it('has a README whose source-step table is exactly what `runbook show --format markdown` prints', () => {
    const readme = readFileSync(join(aquamark.dir, 'README.md'), 'utf8');
    expect(readme).toContain(sourceMapMarkdown(aquamark));
  });

  it('makes the load balancer while the database is awaited: neither waits for the other', () => {
    for (const lb of ['target-group', 'load-balancer', 'http-only-listener']) {
      expect(upstream(lb).has('database'), lb).toBe(false);
      expect(upstream('database').has(lb), lb).toBe(false);
    }
    expect(upstream('build-image').has('database')).toBe(false);
    expect(upstream('write-config').has('database')).toBe(true);
    expect([...upstream('auto-scaling-group')]).toEqual(expect.arrayContaining(['image', 'launch-template', 'target-group', 'http-only-listener']));
  });

  it('refuses bad inputs before any AWS call, in one sentence each', () => {
    const v = (extra: Record<string, unknown>) => aquamark.validate!({ ...resolveParams(aquamark.params, aquamark.rehearsal!.params).values, ...extra });
    expect(v({})).toBeUndefined();
    expect(v({ minSize: 5 })).toMatch(/^Parameters minSize, desiredCapacity and maxSize: expected minSize <= desiredCapacity <= maxSize \(got 5, 2, 4\)\.$/);
    expect(v({ dnsZone: 'example.com' })).toMatch(/expected dnsName with it/);
    expect(v({ backupInstanceId: 'i-0123456789abcdef0' })).toMatch(/expected one of them/);
    expect(v({ smtpPort: 25 })).toMatch(/throttles port 25/);
    expect(() => resolveParams(aquamark.params, { backupRetentionDays: 36 })).toThrow(/^Parameter backupRetentionDays: expected a whole number from 0 to 35/);
    expect(() => resolveParams(aquamark.params, { subnetIds: 'subnet-0abc1234' })).toThrow(/^Parameter subnetIds/);
    expect(resolveParams(aquamark.params, { watchdogMailTo: 'ops@example.com' }).missing).toEqual(['smtpHost']);
  });

  it('keeps the SMTP password secret and never takes a database password', () => {
    expect(aquamark.params.smtpPassword!.secret).toBe(true);
    expect(Object.keys(aquamark.params).filter((k) => /password/i.test(k))).toEqual(['smtpPassword']);
  });
});
