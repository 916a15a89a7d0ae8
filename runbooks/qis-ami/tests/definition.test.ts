/** The runbook's documentation, source map and parameters agree with its definition. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ami from '../index.js';
import { resolveParams } from '../../../src/engine/model/params.js';
import { uncoveredSourceSteps } from '../../../src/engine/model/source-map.js';
import { instantiateSteps } from '../../../src/engine/plan/planner.js';
import { sourceMapMarkdown } from '../../../src/report/runbook-views.js';

const rehearsal = ami.rehearsal!.params;

describe('qis-ami definition', () => {
  it('maps every bullet of "Creating the QIS AMI" and "AWS regions" to a step or a decision', () => {
    expect(ami.source.steps).toHaveLength(18);
    expect(uncoveredSourceSteps(ami, instantiateSteps(ami))).toEqual([]);
  });

  it('has a README whose source-step table is what `runbook show --format markdown` prints, with the long way round and how the image is found', () => {
    const readme = readFileSync(join(ami.dir, 'README.md'), 'utf8');
    expect(readme).toContain(sourceMapMarkdown(ami));
    expect(readme).toMatch(/## Why not the long way round/);
    expect(readme).toMatch(/## Finding the image from another runbook[\s\S]*tag:runbook:id,Values=qis-ami/);
  });

  it('gates the builder on the image being built, and hangs the install, the checks and the image on the builder', () => {
    const steps = instantiateSteps(ami);
    const byId = (id: string) => steps.find((s) => s.id === id)!;
    expect(byId('builder').when).toMatchObject({ describe: 'the image is not built yet', output: { source: 'existing-image', key: 'build' } });
    const checks = ['services-not-enabled', 'postgres-initialised', 'logrotate-configured', 'limits-raised', 'selinux-enforcing', 'cleaned-up', 'qis-not-running'];
    for (const id of checks) expect(byId(id).after, id).toEqual(['install-qis', 'install-qis-by-hand']);
    expect(byId('image').after).toEqual(checks);
    expect(byId('qis-image').after).toEqual(['terminate-builder']);
  });

  it('refuses bad input before any AWS call', () => {
    const v = (extra: Record<string, unknown>) => ami.validate!({ ...resolveParams(ami.params, rehearsal).values, ...extra });
    expect(v({})).toBeUndefined();
    expect(v({ amiId: 'ami-0123456789abcdef0', baseImage: 'ami-0fedcba9876543210' })).toBe('Parameter baseImage: give amiId or baseImage, not both; the builder starts from one image.');
    expect(v({ installScript: '/nonexistent/install.sh' })).toBe("Parameter installScript: expected a file that exists, got '/nonexistent/install.sh'.");
    expect(v({ installScript: ami.dir })).toMatch(/^Parameter installScript: expected a file that exists, got .*\.$/);
    expect(() => resolveParams(ami.params, { regions: 'eu-west-1;rm -rf /' })).toThrow(/Parameter regions: expected region names separated by commas/);
    expect(() => resolveParams(ami.params, { rootVolumeGiB: '4' })).toThrow(/Parameter rootVolumeGiB: expected a whole number from 5 to 1024/);
    expect(() => resolveParams(ami.params, { imageName: 'q' })).toThrow(/Parameter imageName/);
    expect(resolveParams(ami.params, {}).values).toMatchObject({ imageName: 'qis', regions: 'eu-west-1,eu-central-1', rootVolumeGiB: 5 });
  });
});
