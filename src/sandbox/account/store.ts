/** The account file: `<stateDir>/sandbox/account.json`, written atomically, private to the user. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../../io/files.js';
import { ACCOUNT_FORMAT, type SandboxAccountState } from './state.js';

export function accountPath(stateDir: string): string {
  return join(stateDir, 'sandbox', 'account.json');
}

export function loadAccount(path: string): SandboxAccountState | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: Partial<SandboxAccountState>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<SandboxAccountState>;
  } catch (err) {
    throw new Error(`The sandbox account ${path} is not valid JSON (${(err as Error).message}); delete it to start a fresh account.`);
  }
  if (parsed.format !== ACCOUNT_FORMAT)
    throw new Error(`The sandbox account ${path} has format ${String(parsed.format)}, this runbook reads format ${ACCOUNT_FORMAT}; delete it to start a fresh account.`);
  return parsed as SandboxAccountState;
}

export function saveAccount(path: string, state: SandboxAccountState): void {
  ensurePrivateDir(join(path, '..'));
  writeFileAtomic(path, `${JSON.stringify(state, null, 1)}\n`);
}
