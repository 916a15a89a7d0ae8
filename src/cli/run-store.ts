/**
 * `--state-dir` (or RUNBOOK_STATE_DIR): a local folder, or `s3://bucket/prefix`
 * for state a team shares. S3 state is kept with the run's own credentials,
 * region and endpoint; files a runbook writes still go to a local folder.
 */
import { resolve } from 'node:path';
import { AwsSession, type AwsTarget } from '../aws/session.js';
import { UsageError } from '../core/errors.js';
import { resolveRegion } from '../engine/run/run.js';
import { isS3Location, type RunStore } from '../engine/state/run-store.js';
import { S3RunStore } from '../engine/state/s3-run-store.js';
import { StateStore } from '../engine/state/state-store.js';
import type { CliIo } from './io.js';

export const DEFAULT_STATE_DIR = '.runbook';

export interface OpenedStore {
  store: RunStore;
  /** The local folder: the state itself, or (with S3 state) the sandbox account and output files. */
  localDir: string;
}

export async function openRunStore(io: CliIo, location: string, options: { target?: AwsTarget; sandbox?: boolean; kmsKeyId?: string } = {}): Promise<OpenedStore> {
  if (!isS3Location(location)) {
    const dir = resolve(io.cwd, location);
    return { store: new StateStore(dir), localDir: dir };
  }
  if (options.sandbox) throw new UsageError(`--state-dir ${location}: the sandbox keeps its simulated account in a local state dir; rehearse with a local --state-dir.`);
  const target = options.target ?? {};
  await import('../aws/sdk/s3.js');
  const session = new AwsSession({ target: { ...target, region: await resolveRegion(target) } });
  const localDir = resolve(io.cwd, DEFAULT_STATE_DIR);
  const kmsKeyId = options.kmsKeyId ?? io.env.RUNBOOK_STATE_KMS_KEY;
  const store = new S3RunStore(location, { session, localDir, ...(kmsKeyId ? { kmsKeyId } : {}) });
  await store.check();
  return { store, localDir };
}
