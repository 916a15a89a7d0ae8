/**
 * The reliability suite rehearses every runbook as runbooks/rehearsals.ts
 * says, and names the steps whose first write is followed by a crash.
 */
import { REHEARSALS, type Rehearsal } from '../../runbooks/rehearsals.js';
import { runCli } from '../helpers/cli.js';

export interface Scenario {
  runbook: string;
  given: Record<string, unknown>;
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
};

function setupOf(rehearsal: Rehearsal): Scenario['setup'] {
  if (!rehearsal.before?.length) return undefined;
  return async (stateDir) => {
    for (const b of rehearsal.before!) {
      const params = Object.entries(b.given).flatMap(([k, v]) => ['--param', `${k}=${String(v)}`]);
      const made = await runCli(['run', b.runbook, '--sandbox', '--non-interactive', '--state-dir', stateDir, ...params]);
      if (made.code !== 0) throw new Error(`${b.runbook} failed before ${rehearsal.runbook}: ${made.stderr}`);
    }
  };
}

export const SCENARIOS: Scenario[] = REHEARSALS.map((r) => ({
  runbook: r.runbook,
  given: r.given,
  ...(r.before ? { setup: setupOf(r) } : {}),
  ...(CRASH_STEPS[r.runbook] ? { crashSteps: CRASH_STEPS[r.runbook] } : {}),
}));
