/**
 * The runbooks this package ships: one line each. Loading a definition loads
 * no AWS SDK, so `list` and `show` read them directly.
 */
import type { RunbookDefinition } from '../src/engine/model/runbook.js';

export interface ShippedRunbook {
  id: string;
  load: () => Promise<{ default: RunbookDefinition }>;
}

export const SHIPPED: readonly ShippedRunbook[] = [
  { id: 'redis-sessions', load: () => import('./redis-sessions/index.js') },
  { id: 'efs-shared-documents', load: () => import('./efs-shared-documents/index.js') },
  { id: 'lamp-swarm-node', load: () => import('./lamp-swarm-node/index.js') },
  { id: 'lamp-ebs-expand', load: () => import('./lamp-ebs-expand/index.js') },
  { id: 'lamp-ssm-tunnel', load: () => import('./lamp-ssm-tunnel/index.js') },
  { id: 'openemr-recovery-stack', load: () => import('./openemr-recovery-stack/index.js') },
  { id: 'qis-network', load: () => import('./qis-network/index.js') },
  { id: 'qis-ami', load: () => import('./qis-ami/index.js') },
  { id: 'aquamark-deploy', load: () => import('./aquamark-deploy/index.js') },
  { id: 'qis-web-scaling', load: () => import('./qis-web-scaling/index.js') },
  { id: 'aquamark-upgrade', load: () => import('./aquamark-upgrade/index.js') },
];

/** A shipped runbook's definition by id (tests, the benchmark). */
export async function shippedRunbook(id: string): Promise<RunbookDefinition> {
  const entry = SHIPPED.find((s) => s.id === id);
  if (!entry) throw new Error(`No shipped runbook ${id}.`);
  return (await entry.load()).default;
}
