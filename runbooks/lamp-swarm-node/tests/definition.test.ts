/** The runbook's documentation and source map agree with its definition; its scripts are valid bash. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import lampSwarmNode from '../index.js';
import { renderScript } from '../../../src/aws/shell.js';
import { sourceMapMarkdown } from '../../../src/report/runbook-views.js';
import { instantiateSteps } from '../../../src/engine/plan/planner.js';
import { uncoveredSourceSteps } from '../../../src/engine/model/source-map.js';
import { scriptsOf } from '../../../test/helpers/scripts.js';

describe('lamp-swarm-node definition', () => {
  it('maps every item of the source (requirements, items 1-3 with their settings and commands, the EC2 Commands) to a step or a decision', () => {
    expect(lampSwarmNode.source.steps).toHaveLength(6 + 1 + 17 + 7 + 1 + 10);
    expect(uncoveredSourceSteps(lampSwarmNode, instantiateSteps(lampSwarmNode))).toEqual([]);
  });

  it('has a README whose source-step table is exactly what `runbook show --format markdown` prints, and that explains the Docker API choice', () => {
    const readme = readFileSync(join(lampSwarmNode.dir, 'README.md'), 'utf8');
    expect(readme).toContain(sourceMapMarkdown(lampSwarmNode));
    expect(readme).toMatch(/\*\*The Docker API: on the private address, never on 0\.0\.0\.0\.\*\*/);
    expect(readme).toMatch(/\*\*Amazon Linux 2023\.\*\*/);
  });

  it('sends scripts that bash parses, and never a daemon listening on 0.0.0.0', () => {
    const scripts = scriptsOf(lampSwarmNode);
    expect(scripts.length).toBeGreaterThan(10);
    for (const s of scripts) {
      const check = spawnSync('bash', ['-n'], { input: renderScript({ ...s, vars: {} }), encoding: 'utf8' });
      expect(check.status, `${s.name}: ${check.stderr}`).toBe(0);
      expect(s.body).not.toMatch(/tcp:\/\/0\.0\.0\.0/);
      expect(s.body).not.toMatch(/mkfs[^\n]* -f\b/);
    }
  });

  it('opens exactly the source\'s rules, nothing on port 22, and only 80 and 443 to the world', () => {
    const group = instantiateSteps(lampSwarmNode).find((s) => s.id === 'swarm-security-group')!;
    const rules = (group.input as { ingress: { protocol: string; fromPort: number; from: string }[] }).ingress.map((r) => `${r.protocol} ${r.fromPort} ${r.from}`);
    expect(rules).toEqual(['tcp 80 0.0.0.0/0', 'tcp 443 0.0.0.0/0', 'tcp 2375 self', 'tcp 2376 self', 'tcp 2377 self', 'tcp 7946 self', 'udp 7946 self', 'udp 4789 self']);
  });

  it('refuses a manager id for a manager, and small data volumes', () => {
    expect(lampSwarmNode.validate?.({ role: 'manager', managerInstanceId: 'i-0abc1234' })).toMatch(/^Parameter managerInstanceId: expected only with role=worker/);
    expect(lampSwarmNode.validate?.({ role: 'worker', managerInstanceId: 'i-0abc1234' })).toBeUndefined();
    expect(lampSwarmNode.params.dataVolumeSizeGiB!.schema.safeParse(63).success).toBe(false);
    expect(lampSwarmNode.params.dataVolumeSizeGiB!.default).toBe(1024);
    expect(lampSwarmNode.params.dnsName!.schema.safeParse('MY_DNS_NAME').success).toBe(false);
  });
});
