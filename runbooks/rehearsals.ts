/**
 * How each runbook rehearses in the sandbox: the parameters of a run that
 * succeeds there, and the runs that must come first in the same account (a
 * node before the runbooks that act on it). The reliability suite and the
 * benchmark both start from this list; a runbook missing from it fails the suite.
 */
export interface Rehearsal {
  runbook: string;
  given: Record<string, unknown>;
  /** Runs made first, in the same sandbox account. */
  before?: { runbook: string; given: Record<string, unknown> }[];
}

const LAMP_NODE = 'node-01.example.com';
const lampNode = { runbook: 'lamp-swarm-node', given: { dnsName: LAMP_NODE, hostedZone: 'example.com', dataVolumeSizeGiB: 64 } };

export const REHEARSALS: Rehearsal[] = [
  { runbook: 'redis-sessions', given: {} },
  { runbook: 'efs-shared-documents', given: {} },
  { runbook: 'lamp-swarm-node', given: { dnsName: LAMP_NODE, hostedZone: 'example.com' } },
  { runbook: 'lamp-ebs-expand', given: { instance: LAMP_NODE, sizeGiB: 128 }, before: [lampNode] },
  // port-forward, because the default mode (ssh-config) only writes a local file: nothing in AWS to rehearse.
  { runbook: 'lamp-ssm-tunnel', given: { instance: LAMP_NODE, mode: 'port-forward' }, before: [lampNode] },
];
