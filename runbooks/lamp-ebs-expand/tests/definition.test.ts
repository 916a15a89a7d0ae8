/** The runbook's documentation and source map agree with its definition; its scripts are valid bash. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import lampEbsExpand from '../index.js';
import { renderScript } from '../../../src/aws/shell.js';
import { sourceMapMarkdown } from '../../../src/report/runbook-views.js';
import { instantiateSteps } from '../../../src/engine/plan/planner.js';
import { uncoveredSourceSteps } from '../../../src/engine/model/source-map.js';
import { scriptsOf } from '../../../test/helpers/scripts.js';

describe('lamp-ebs-expand definition', () => {
  it('maps every line of the source\'s expansion block to a step or a decision', () => {
    expect(lampEbsExpand.source.steps).toEqual(['expand.console', 'expand.lsblk', 'expand.growpart', 'expand.xfs_growfs']);
    expect(uncoveredSourceSteps(lampEbsExpand, instantiateSteps(lampEbsExpand))).toEqual([]);
  });

  it('has a README whose source-step table is exactly what `runbook show --format markdown` prints, and that explains growpart on either layout', () => {
    const readme = readFileSync(join(lampEbsExpand.dir, 'README.md'), 'utf8');
    expect(readme).toContain(sourceMapMarkdown(lampEbsExpand));
    expect(readme).toMatch(/\*\*`growpart` on a whole-device file system\.\*\*/);
  });

  it('sends scripts that bash parses', () => {
    for (const s of scriptsOf(lampEbsExpand)) {
      const check = spawnSync('bash', ['-n'], { input: renderScript({ ...s, vars: {} }), encoding: 'utf8' });
      expect(check.status, `${s.name}: ${check.stderr}`).toBe(0);
    }
  });

  it('takes an absolute mount point and a size of at least 64 GiB', () => {
    const { mountPoint, sizeGiB } = lampEbsExpand.params;
    expect(mountPoint!.schema.safeParse('/data').success).toBe(true);
    for (const bad of ['data', '/data/../etc', '/da ta', '/data;reboot']) expect(mountPoint!.schema.safeParse(bad).success, bad).toBe(false);
    expect(sizeGiB!.schema.safeParse(63).success).toBe(false);
    expect(sizeGiB!.default).toBeUndefined();
  });
});
