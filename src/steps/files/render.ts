/**
 * `files.render`: write a file from a template into the operator's folder
 * (a config the application deploys). `{{NAME}}` placeholders are replaced;
 * a placeholder without a value is an error, never left in the output.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { writeFileAtomic } from '../../io/files.js';

export interface RenderInput {
  template: string;
  vars: Record<string, string>;
  /** Folder to write into; absent: the runbook's output folder under the state dir. */
  dir?: string;
  /** Path of the file inside that folder. */
  file: string;
}

export interface RenderOutputs {
  path: string;
}

export function renderTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`Template placeholder {{${name}}} has no value.`);
    return value;
  });
}

function target(ctx: StepContext, input: RenderInput): string {
  const dir = input.dir ? resolve(input.dir) : ctx.files.outputDir;
  if (isAbsolute(input.file) || input.file.split(/[\\/]/).includes('..')) throw new Error(`${input.file} must be a path inside the folder.`);
  return join(dir, input.file);
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

const kind: StepKind<RenderInput, RenderOutputs> = {
  async check(ctx, input) {
    const path = target(ctx, input);
    const current = readIfExists(path);
    if (current === renderTemplate(input.template, input.vars)) return { done: true, outputs: { path }, evidence: [`${path} is up to date`] };
    return { done: false, reason: current === undefined ? `${path} does not exist.` : `${path} differs from the template.` };
  },
  plan: (input) => [{ service: 'local', operation: 'WriteFile', input: { dir: input.dir ?? '<state-dir>/output/<runbook>', file: input.file, vars: input.vars } }],
  async apply(ctx, input) {
    const path = target(ctx, input);
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, renderTemplate(input.template, input.vars), 0o644);
    return { path };
  },
};

export { kind as renderKind };
