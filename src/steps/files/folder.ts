/**
 * `files.folder`: a folder holding exactly these files (an application bundle
 * to deploy). Text files are templates (`{{NAME}}` from `vars`), scripts are
 * rendered with their values quoted as data, binary files are given as
 * base64. Files the folder should not hold are removed, so the folder (and a
 * bundle made from it) is the same for the same inputs.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { renderScript, type ShellScript } from '../../aws/shell.js';
import { writeFileAtomic } from '../../io/files.js';
import { listFiles } from '../eb/bundle.js';
import { renderTemplate } from './render.js';

export type FolderFile = { template: string } | { script: ShellScript } | { base64: string };

export interface FolderInput {
  /** The folder's name under the runbook's output folder. */
  name: string;
  /** Path inside the folder (forward slashes) -> content. */
  files: Record<string, FolderFile>;
  /** Values for the templates' placeholders. */
  vars: Record<string, string>;
}

export interface FolderOutputs {
  path: string;
}

interface Found {
  wrong: string[];
  extra: string[];
}

/** The exact bytes of every file. */
export function folderContents(input: FolderInput): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const [path, file] of Object.entries(input.files)) {
    if (isAbsolute(path) || path.split('/').includes('..')) throw new Error(`${path} must be a path inside the folder.`);
    if ('base64' in file) out[path] = new Uint8Array(Buffer.from(file.base64, 'base64'));
    else out[path] = new TextEncoder().encode('template' in file ? renderTemplate(file.template, input.vars) : renderScript(file.script));
  }
  return out;
}

function folderPath(ctx: StepContext, input: FolderInput): string {
  if (!/^[A-Za-z0-9._-]+$/.test(input.name)) throw new Error(`Folder name ${input.name} must be one plain name.`);
  return join(ctx.files.outputDir, input.name);
}

function readIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function compare(dir: string, wanted: Record<string, Uint8Array>): Found {
  const present = (() => {
    try {
      return listFiles(dir);
    } catch {
      return [];
    }
  })();
  return {
    wrong: Object.keys(wanted).filter((p) => !readIfExists(join(dir, ...p.split('/')))?.equals(Buffer.from(wanted[p]!))),
    extra: present.filter((p) => !(p in wanted)),
  };
}

const kind: StepKind<FolderInput, FolderOutputs, Found> = {
  async check(ctx, input) {
    const path = folderPath(ctx, input);
    const wanted = folderContents(input);
    const found = compare(path, wanted);
    if (found.wrong.length || found.extra.length)
      return { done: false, reason: `${path}: ${[...found.wrong.map((p) => `${p} is missing or differs`), ...found.extra.map((p) => `${p} should not be there`)].join(', ')}.`, found };
    return { done: true, outputs: { path }, evidence: [`${path}: ${Object.keys(wanted).sort().join(', ')}`] };
  },
  plan: (input, found) => [
    {
      service: 'local',
      operation: 'WriteFolder',
      input: { folder: `<state-dir>/output/<runbook>/${input.name}`, write: found?.wrong ?? Object.keys(input.files).sort(), remove: found?.extra ?? [] },
    },
  ],
  async apply(ctx, input) {
    const path = folderPath(ctx, input);
    const wanted = folderContents(input);
    const { wrong, extra } = compare(path, wanted);
    for (const p of extra) rmSync(join(path, ...p.split('/')));
    for (const p of wrong) {
      const target = join(path, ...p.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileAtomic(target, wanted[p]!, 0o644);
    }
    return { path };
  },
};

export { kind as folderKind };
