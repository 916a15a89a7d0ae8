/**
 * Every runbook this package ships. `runbook list` reads only the metadata;
 * a runbook's definition (and with it the AWS SDK) loads on first use.
 */
import type { RunbookDefinition } from '../src/engine/model/runbook.js';
import { meta as efsSharedDocuments } from './efs-shared-documents/meta.js';
import { meta as lampEbsExpand } from './lamp-ebs-expand/meta.js';
import { meta as lampSsmTunnel } from './lamp-ssm-tunnel/meta.js';
import { meta as lampSwarmNode } from './lamp-swarm-node/meta.js';
import { meta as redisSessions } from './redis-sessions/meta.js';

export interface RunbookEntry {
  id: string;
  title: string;
  source: { file: string; procedure: string; steps: string };
  load: () => Promise<RunbookDefinition>;
}

export const RUNBOOKS: RunbookEntry[] = [
  { ...redisSessions, load: async () => (await import('./redis-sessions/index.js')).default },
  { ...efsSharedDocuments, load: async () => (await import('./efs-shared-documents/index.js')).default },
  { ...lampSwarmNode, load: async () => (await import('./lamp-swarm-node/index.js')).default },
  { ...lampEbsExpand, load: async () => (await import('./lamp-ebs-expand/index.js')).default },
  { ...lampSsmTunnel, load: async () => (await import('./lamp-ssm-tunnel/index.js')).default },
];
