/**
 * The reliability suite rehearses every shipped runbook as its definition's
 * `rehearsal` says (a runbook without one fails the suite), and names the
 * steps whose first write is followed by a crash.
 */
import { cpSync } from 'node:fs';
import { SHIPPED, shippedRunbook } from '../../runbooks/index.js';
import type { RunbookDefinition } from '../../src/engine/model/runbook.js';
import { runCli, tempStateDir } from '../helpers/cli.js';

export interface Scenario {
  runbook: string;
  given: Record<string, unknown>;
  /** Manual steps the rehearsal acknowledges. */
  acks: string[];
  /** Prepare the sandbox account (e.g. a manager node before a worker). */
  setup?: (stateDir: string) => Promise<void>;
  /** Steps whose first write is followed by a crash, in the child-process test. */
  crashSteps?: string[];
}

const CRASH_STEPS: Record<string, string[]> = {
  'redis-sessions': ['instance-profile', 'redis-security-group', 'launch-instance', 'elastic-ip'],
  'efs-shared-documents': ['file-system', 'mount-targets', 'environment'],
  'lamp-swarm-node': ['data-volume'],
  'lamp-ebs-expand': ['grow-volume'],
  'openemr-recovery-stack': ['create-stack', 'teardown'],
  'qis-network': ['certificate', 'load-balancer'],
  'qis-ami': ['image', 'copy-to-regions'],
  'aquamark-deploy': ['database', 'load-balancer', 'image', 'launch-template', 'auto-scaling-group'],
  'qis-web-scaling': ['db-server', 'configure-web', 'web-image', 'register-web-server', 'auto-scaling-group'],
  'aquamark-upgrade': ['build-instance', 'image', 'launch-template-version', 'new-group', 'retire-old-group'],
};

function setupOf(def: RunbookDefinition): Scenario['setup'] {
  const before = def.rehearsal?.before ?? [];
  if (!before.length) return undefined;
  // The runs made first are made once, in an account of their own, and copied for every test that needs them.
  let made: Promise<string> | undefined;
  const prepare = async () => {
    const dir = tempStateDir(`before-${def.id}-`);
    for (const b of before) {
      const params = Object.entries(b.params).flatMap(([k, v]) => ['--param', `${k}=${String(v)}`]);
      // The runbook made first acknowledges its own manual steps, as its rehearsal does.
      const acks = ((await shippedRunbook(b.runbook)).rehearsal?.acks ?? []).flatMap((a) => ['--ack', a]);
      const run = await runCli(['run', b.runbook, '--sandbox', '--non-interactive', '--state-dir', dir, ...params, ...acks]);
      if (run.code !== 0) throw new Error(`${b.runbook} failed before ${def.id}: ${run.stderr}`);
    }
    return dir;
  };
  return async (stateDir) => {
    made ??= prepare();
    cpSync(await made, stateDir, { recursive: true });
  };
}

function scenarioOf(def: RunbookDefinition): Scenario {
  if (!def.rehearsal) throw new Error(`Runbook ${def.id} has no rehearsal: the reliability suite cannot attack it.`);
  const setup = setupOf(def);
  return {
    runbook: def.id,
    given: def.rehearsal.params,
    acks: [...(def.rehearsal.acks ?? [])],
    ...(setup ? { setup } : {}),
    ...(CRASH_STEPS[def.id] ? { crashSteps: CRASH_STEPS[def.id] } : {}),
  };
}

export const SCENARIOS: Scenario[] = (await Promise.all(SHIPPED.map(async (s) => (await s.load()).default))).map(scenarioOf);
