/**
 * Figure 8: a host step on a fleet is one SSM command with SSM's rate
 * controls, not a loop of ours, so its wall time must stay flat as the fleet
 * grows. One `ssm.script` by tag (probe, script where the probe said no, the
 * probe again) on 1, 10 and 50 simulated instances, each seeded SSM-online;
 * the script takes 30 simulated seconds on every host.
 */
import { tmpdir } from 'node:os';
import { defineRunbook } from '../src/engine/model/runbook.js';
import { script } from '../src/steps/ssm/index.js';
import { defineAccountSeed } from '../src/sandbox/account/fixtures.js';
import { defineSimulation, outcome } from '../src/sandbox/index.js';
import { freshStateDir, sandboxRun } from './sandbox-run.js';

const probe = { name: 'bench-fleet/agent-ready', vars: {}, body: 'test -f /etc/agent.conf' };
const install = { name: 'bench-fleet/install-agent', vars: {}, body: 'touch /etc/agent.conf' };

const simulation = defineSimulation(
  [probe.name, (host) => (host.files['/etc/agent.conf'] ? outcome(0, ['agent ready']) : outcome(1, ['no agent']))],
  [install.name, (host) => ((host.files['/etc/agent.conf'] = { content: 'ready', mtime: 0 }), outcome(0, ['agent installed'], [], 30))],
);

function fleetRunbook(size: number) {
  return defineRunbook({
    id: `bench-fleet-${size}`,
    title: `One script on ${size} instances`,
    summary: 'benchmark only',
    source: { file: 'none', procedure: 'none', steps: ['1'] },
    dir: tmpdir(),
    params: {},
    simulation: async () => ({ default: simulation }),
    rehearsal: {
      params: {},
      seed: async () => ({
        default: defineAccountSeed({ instances: Array.from({ length: size }, (_, i) => ({ region: 'us-east-1', name: `web-${i}`, tags: { Role: 'bench-web' } })) }),
      }),
    },
    steps: () => [script('install-agent', { covers: '1', instanceTags: { Role: 'bench-web' }, probe, script: install })],
  });
}

export interface FleetFigures {
  instances: number;
  stepMs: number;
  wallMs: number;
  commands: number;
}

export async function fleetStep(size: number): Promise<FleetFigures> {
  const def = fleetRunbook(size);
  const dir = freshStateDir();
  const started = performance.now();
  const result = await sandboxRun(def, dir, { given: {}, target: { region: 'us-east-1' } });
  const wallMs = performance.now() - started;
  if (result.exitCode !== 0) throw new Error(`${def.id}: ${result.message}`);
  const step = result.state.steps[0]!;
  if (Object.values(step.hosts ?? {}).filter((h) => h.status === 'changed').length !== size) throw new Error(`${def.id}: expected ${size} instances changed, got ${JSON.stringify(step.hosts)}`);
  return { instances: size, stepMs: step.durationMs ?? 0, wallMs, commands: step.calls.filter((c) => c.operation === 'SendCommand').length };
}
