/**
 * The runbooks a command can name: the shipped ones, those in the folders of
 * `--runbooks DIR` and `RUNBOOK_PATH`, and one given by its path. Two with
 * one id are an error naming both places, never a silent choice.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { SHIPPED } from '../../runbooks/index.js';
import { UsageError } from '../core/errors.js';
import { nearest } from '../core/nearest.js';
import type { RunbookDefinition } from '../engine/model/runbook.js';
import { loadRunbookFile, runbookIndexFile } from './load-runbook.js';

/** Where a runbook comes from: `shipped`, or the absolute path of its index file. */
export type RunbookOrigin = string;
export const SHIPPED_ORIGIN = 'shipped';

export interface CatalogEntry {
  id: string;
  origin: RunbookOrigin;
  load(): Promise<RunbookDefinition>;
}

export interface CatalogOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** `--runbooks DIR`, repeatable. */
  runbookDirs?: readonly string[];
}

/** `looks like a path`: the operator named a folder or a file, not an id. */
export function isPathLike(name: string): boolean {
  return name.startsWith('.') || name.startsWith('/') || name.includes('/') || /\.(m?ts|m?js)$/.test(name);
}

/** The index files of the runbooks in a folder: the folder itself, or each of its subfolders. */
function runbooksIn(dir: string, flag: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${flag} ${dir}: no such folder.`);
  const own = runbookIndexFile(dir);
  if (own) return [own];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && d.name !== 'node_modules')
    .flatMap((d) => runbookIndexFile(join(dir, d.name)) ?? [])
    .sort();
}

export async function openCatalog(options: CatalogOptions): Promise<CatalogEntry[]> {
  const entries: CatalogEntry[] = SHIPPED.map((s) => ({ id: s.id, origin: SHIPPED_ORIGIN, load: async () => (await s.load()).default }));
  const dirs = [
    ...(options.runbookDirs ?? []).map((d) => ({ dir: resolve(options.cwd, d), flag: '--runbooks' })),
    ...(options.env.RUNBOOK_PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((d) => ({ dir: resolve(options.cwd, d), flag: 'RUNBOOK_PATH' })),
  ];
  const files = [...new Set(dirs.flatMap(({ dir, flag }) => runbooksIn(dir, flag)))];
  for (const file of files) {
    const def = await loadRunbookFile(file);
    entries.push({ id: def.id, origin: file, load: async () => def });
  }
  const byId = new Map<string, CatalogEntry>();
  for (const e of entries) {
    const earlier = byId.get(e.id);
    if (earlier) throw new UsageError(`Two runbooks have the id ${e.id}: ${describeOrigin(earlier.origin)} and ${describeOrigin(e.origin)}; rename one.`);
    byId.set(e.id, e);
  }
  return entries;
}

export function describeOrigin(origin: RunbookOrigin): string {
  return origin === SHIPPED_ORIGIN ? 'the one shipped with runbook' : origin;
}

/** A runbook by id (from the catalog) or by path (a folder or index file), with where it came from. */
export async function findRunbook(name: string, options: CatalogOptions): Promise<{ def: RunbookDefinition; origin: RunbookOrigin }> {
  if (isPathLike(name)) {
    const path = resolve(options.cwd, name);
    const file = runbookIndexFile(path);
    if (!file) throw new UsageError(`${name}: no runbook there (expected a folder with an index.ts, or the index file itself).`);
    return { def: await loadRunbookFile(file), origin: file };
  }
  const entries = await openCatalog(options);
  const entry = entries.find((e) => e.id === name);
  if (!entry) {
    const near = nearest(name, entries.map((e) => e.id));
    throw new UsageError(`Unknown runbook ${name}${near ? `: did you mean ${near}?` : ''} (see "runbook list").`);
  }
  return { def: await entry.load(), origin: entry.origin };
}

/** The runbook a run recorded: shipped by id, else loaded again from the path it came from. */
export async function runbookOfRun(id: string, origin: RunbookOrigin | undefined, options: CatalogOptions): Promise<{ def: RunbookDefinition; origin: RunbookOrigin }> {
  if (!origin || origin === SHIPPED_ORIGIN) return findRunbook(id, options);
  if (!runbookIndexFile(origin)) throw new UsageError(`The run's runbook ${id} was loaded from ${origin}, which no longer exists.`);
  const found = { def: await loadRunbookFile(origin), origin };
  if (found.def.id !== id) throw new UsageError(`${origin} now defines runbook ${found.def.id}, not ${id}, which the run used.`);
  return found;
}
