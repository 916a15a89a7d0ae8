/** The runbook's documentation, source map, parameters, order and reuse of aquamark-deploy agree with its definition. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import upgrade from '../index.js';
import deploy from '../../aquamark-deploy/index.js';
import { resolveParams } from '../../../src/engine/model/params.js';
import { uncoveredSourceSteps } from '../../../src/engine/model/source-map.js';
import { dependenciesOf } from '../../../src/engine/model/step.js';
import { instantiateSteps } from '../../../src/engine/plan/planner.js';
import { sourceMapMarkdown } from '../../../src/report/runbook-views.js';

const steps = instantiateSteps(upgrade);
const byId = new Map(steps.map((s) => [s.id, s]));
function upstream(id: string, seen = new Set<string>()): Set<string> {
  for (const d of dependenciesOf(byId.get(id)!)) if (!seen.has(d)) upstream(d, seen.add(d));
  return seen;
}

describe('aquamark-upgrade definition', () => {
  it('maps every instruction of "Upgrading" to a step or a decision', () => {
    expect(upgrade.source).toMatchObject({ file: '003_87267fc9481aabe1.txt', procedure: 'Upgrading' });
    expect(uncoveredSourceSteps(upgrade, steps)).toEqual([]);
  });

  it('has a README whose source-step table is exactly what `runbook show --format markdown` prints', () => {
    expect(readFileSync(join(upgrade.dir, 'README.md'), 'utf8')).toContain(sourceMapMarkdown(upgrade));
  });

  it("sends aquamark-deploy's own scripts for the build, the web server, the migration and the daemons", () => {
    const deploySteps = new Map(instantiateSteps(deploy).map((s) => [s.id, s]));
    for (const id of ['build-image', 'web-server', 'ping-on-host', 'migrate', 'repository-readable', 'recalc-daemon', 'notify-running']) {
      const mine = byId.get(id)!;
      const theirs = deploySteps.get(id)!;
      expect(mine.kind, id).toBe(theirs.kind);
      expect(JSON.stringify((mine.input as { script?: { name?: string } }).script ?? (mine.input as { probe?: unknown }).probe), id).toContain('aquamark-deploy/');
    }
  });

  it('retires the old group only after the new one is healthy and answers through the load balancer; the daemons come after the migration', () => {
    expect([...upstream('retire-old-group')]).toEqual(expect.arrayContaining(['new-group', 'ping-through-load-balancer', 'launch-template-version', 'image']));
    expect([...upstream('new-group')]).not.toContain('retire-old-group');
    expect([...upstream('recalc-daemon')]).toEqual(expect.arrayContaining(['migrate', 'backup-build-image']));
    expect([...upstream('image')]).toEqual(expect.arrayContaining(['ping-on-host', 'watchdog-cron-points', 'remove-container', 'record-container']));
  });

  it('refuses bad inputs before any AWS call, in one sentence each', () => {
    const v = (extra: Record<string, unknown>) => upgrade.validate!({ ...resolveParams(upgrade.params, upgrade.rehearsal!.params).values, ...extra });
    expect(v({})).toBeUndefined();
    expect(v({ imageName: 'aq-web-v1.0.1-1' })).toMatch(/^Parameter imageName: expected a name other than currentGroup \(aq-web-v1\.0\.1-1\)/);
    expect(v({ backupInstanceId: 'i-0123456789abcdef0' })).toMatch(/expected one of them/);
    expect(() => resolveParams(upgrade.params, { ref: 'v1..2', imageName: 'aq-web-v2' })).toThrow(/^Parameter ref: expected a git branch, tag or commit/);
    expect(() => resolveParams(upgrade.params, { ref: 'v1.0.2', imageName: 'aq web' })).toThrow(/^Parameter imageName/);
    expect(resolveParams(upgrade.params, {}).missing).toEqual(expect.arrayContaining(['imageName', 'ref']));
  });

  it('is rehearsed after an aquamark-deploy rehearsal, with its parameters', () => {
    expect(upgrade.rehearsal!.before).toEqual([{ runbook: 'aquamark-deploy', params: deploy.rehearsal!.params }]);
  });
});
