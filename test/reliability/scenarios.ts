/**
 * How each shipped runbook is rehearsed by the reliability suite: the
 * parameters of its default run and what must exist before it. A runbook
 * without a scenario fails the suite, so no runbook escapes it.
 */
import { runCli } from '../helpers/cli.js';

export interface Scenario {
  runbook: string;
  given: Record<string, unknown>;
  /** Prepare the sandbox account (e.g. a manager node before a worker). */
  setup?: (stateDir: string) => Promise<void>;
  /** Steps whose first write is followed by a crash, in the child-process test. */
  crashSteps?: string[];
}

const LAMP_NODE = 'node-01.example.com';

/** The node lamp-ebs-expand and lamp-ssm-tunnel act on, as lamp-swarm-node makes it. */
async function lampNode(stateDir: string): Promise<void> {
  const made = await runCli(['run', 'lamp-swarm-node', '--sandbox', '--non-interactive', '--state-dir', stateDir, '--param', `dnsName=${LAMP_NODE}`, '--param', 'hostedZone=example.com', '--param', 'dataVolumeSizeGiB=64']);
  if (made.code !== 0) throw new Error(`lamp-swarm-node failed in the scenario setup: ${made.stderr}`);
}

export const SCENARIOS: Scenario[] = [
  {
    runbook: 'redis-sessions',
    given: {},
    crashSteps: ['instance-profile', 'redis-security-group', 'launch-instance', 'elastic-ip'],
  },
  { runbook: 'efs-shared-documents', given: {}, crashSteps: ['file-system', 'mount-targets', 'environment'] },
  { runbook: 'lamp-swarm-node', given: { dnsName: LAMP_NODE, hostedZone: 'example.com' }, crashSteps: ['data-volume'] },
  { runbook: 'lamp-ebs-expand', given: { instance: LAMP_NODE, sizeGiB: 128 }, setup: lampNode },
  // port-forward: the default mode (ssh-config) writes a local file and sends no AWS write to interrupt.
  { runbook: 'lamp-ssm-tunnel', given: { instance: LAMP_NODE, mode: 'port-forward' }, setup: lampNode },
];
