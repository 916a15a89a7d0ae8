/** The runbook's documentation and source map agree with its definition. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import lampSsmTunnel from '../index.js';
import { sourceMapMarkdown } from '../../../src/report/runbook-views.js';
import { instantiateSteps } from '../../../src/engine/plan/planner.js';
import { uncoveredSourceSteps } from '../../../src/engine/model/source-map.js';

describe('lamp-ssm-tunnel definition', () => {
  it('maps the advice and every numbered step of the SSM instructions to a step or a decision', () => {
    expect(lampSsmTunnel.source.steps).toEqual(['intro', '1', '2', '3', '4']);
    expect(uncoveredSourceSteps(lampSsmTunnel, instantiateSteps(lampSsmTunnel))).toEqual([]);
  });

  it('has a README whose source-step table is exactly what `runbook show --format markdown` prints', () => {
    const readme = readFileSync(join(lampSsmTunnel.dir, 'README.md'), 'utf8');
    expect(readme).toContain(sourceMapMarkdown(lampSsmTunnel));
    expect(readme).toMatch(/\*\*The default mode writes the SSH block\.\*\*/);
  });

  it('defaults to the SSH block, and to the source\'s ports for a tunnel', () => {
    const p = lampSsmTunnel.params;
    expect([p.mode!.default, p.remotePort!.default, p.localPort!.default]).toEqual(['ssh-config', 22, 9999]);
    expect(p.identityFile!.schema.safeParse('~/.ssh/lamp-node.pem').success).toBe(true);
    expect(p.identityFile!.schema.safeParse('key file.pem').success).toBe(false);
  });
});
