/**
 * Runbooks from outside the package: a folder (its index file) or the index
 * file itself, TypeScript included, with no build step by the user.
 *
 * tsx compiles TypeScript as Node loads it (its `register()` hooks into
 * Node's module loader, so the runbook's own imports, `./scripts.js` for
 * `./scripts.ts` included, resolve the way they do in the editor). tsx is
 * the loader the project already runs its benchmarks with: esbuild under it,
 * type-stripping only, fast, maintained. A second hook points the bare
 * specifiers `runbook`, `runbook/simulation` and `runbook/testing` at the
 * package that runs the CLI, so a runbook shares one model (one `param`, one
 * `defineRunbook`) with the engine that executes it, whether or not its
 * folder has the package installed.
 */
import { existsSync, statSync } from 'node:fs';
import { register } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError } from '../core/errors.js';
import type { RunbookDefinition } from '../engine/model/runbook.js';

const INDEX_FILES = ['index.ts', 'index.mts', 'index.js', 'index.mjs'];

/** The index file of a runbook folder, or the file itself; undefined when neither. */
export function runbookIndexFile(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  if (statSync(path).isFile()) return /\.(m?ts|m?js)$/.test(path) ? path : undefined;
  return INDEX_FILES.map((f) => join(path, f)).find((f) => existsSync(f));
}

/** `runbook/...` -> this package's modules, compiled or (tests, bench) source. */
function authoringModules(): Record<string, string> {
  const here = fileURLToPath(import.meta.url);
  const ext = here.endsWith('.ts') ? '.ts' : '.js';
  const dir = resolve(here, '..', '..', 'authoring');
  const url = (name: string) => pathToFileURL(join(dir, `${name}${ext}`)).href;
  return { runbook: url('index'), 'runbook/simulation': url('simulation'), 'runbook/testing': url('testing') };
}

const ALIAS_HOOK = `
let modules = {};
export async function initialize(data) { modules = data; }
export async function resolve(specifier, context, next) {
  // Handed on, not short-circuited: the next resolver (tsx's, for the sources) must see the file too.
  return next(Object.hasOwn(modules, specifier) ? modules[specifier] : specifier, context);
}`;

let hooked: Promise<void> | undefined;

function hookLoader(): Promise<void> {
  return (hooked ??= (async () => {
    const { register: registerTsx } = await import('tsx/esm/api');
    registerTsx();
    register(`data:text/javascript,${encodeURIComponent(ALIAS_HOOK)}`, { data: authoringModules() });
  })());
}

function isDefinition(value: unknown): value is RunbookDefinition {
  const d = value as Partial<RunbookDefinition> | undefined;
  return typeof d === 'object' && d !== null && typeof d.id === 'string' && typeof d.steps === 'function' && typeof d.params === 'object' && typeof d.source === 'object';
}

/** Load the runbook whose index file this is; every failure is one sentence (exit 2). */
export async function loadRunbookFile(file: string): Promise<RunbookDefinition> {
  await hookLoader();
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (err) {
    const e = err as Error;
    const lines = (e.message ?? String(err)).split('\n');
    // esbuild (under tsx) says "Transform failed with 1 error:", then "file:line:col: ERROR: what".
    const compile = lines.find((l) => / ERROR: /.test(l));
    const first = compile ? compile.replace(/^.*?:(\d+:\d+): ERROR: /, 'line $1: ') : (lines.find((l) => l.trim()) ?? e.name);
    // Without "type": "module" above it, Node takes a .ts file for CommonJS.
    const hint = /require\(\)|ERR_REQUIRE|import\.meta|Cannot use import statement/.test(e.message ?? '') ? ' (a runbook is an ES module: give its folder a package.json with "type": "module", or name the file index.mts)' : '';
    throw new UsageError(`Runbook ${file} could not be loaded: ${first.trim()}${hint}`);
  }
  if (!isDefinition(mod.default)) throw new UsageError(`Runbook ${file} does not export a runbook: its default export must be defineRunbook({...}).`);
  return mod.default;
}
