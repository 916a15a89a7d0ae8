/**
 * Every runbook this package ships. `runbook list` reads only the metadata;
 * a runbook's definition (and with it the AWS SDK) loads on first use.
 */
import type { RunbookDefinition } from '../src/engine/model.js';
import { meta as redisSessions } from './redis-sessions/meta.js';

export interface RunbookEntry {
  id: string;
  title: string;
  source: { file: string; procedure: string; steps: string };
  load: () => Promise<RunbookDefinition>;
}

export const RUNBOOKS: RunbookEntry[] = [{ ...redisSessions, load: async () => (await import('./redis-sessions/index.js')).default }];
