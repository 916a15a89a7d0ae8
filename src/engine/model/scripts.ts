/**
 * Host scripts a runbook sends through SSM Run Command, declared once beside
 * their files:
 *
 *   export const scripts = hostScripts(here, {
 *     dockerReady: 'scripts/docker-ready.sh',
 *     mountData: { file: 'scripts/mount-data.sh', prelude: ['../shared/ebs-device.sh'] },
 *   });
 *
 * A step sends `scripts.dockerReady.with({ USER_NAME: 'ubuntu' })`; the
 * runbook's simulation (`simulate(scripts.dockerReady, ...)`) is found by the
 * same declaration, so the two can never drift apart by a typo.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ShellScript } from '../../aws/shell.js';
import { collectValues, type Resolvable } from './refs.js';
import type { AnyStep } from './step.js';

const DECLARATION = Symbol.for('runbook.hostScript');

export interface HostScript {
  /** `<folder>/<file>`: the first lines of the text the host runs name it. */
  readonly name: string;
  /** Absolute path of the script file. */
  readonly file: string;
  /** The text after the value assignments: preludes (function libraries), then the file. */
  readonly body: string;
  /** Why the sandbox does not simulate it; a rehearsal then fails at the step that sends it, saying so. */
  readonly unsimulated?: string;
  /**
   * The script with its values, as a step sends it. `secrets` reach the host by
   * reference (a SecureString parameter it reads, deleted after the command),
   * never inside the command SSM keeps in its history.
   */
  with(vars?: Resolvable<ShellScript['vars']>, secrets?: Resolvable<Record<string, string>>): Resolvable<ShellScript>;
}

export interface ScriptDeclaration {
  /** Relative to the runbook's folder. */
  file: string;
  /** Files whose text comes first (shell functions the script calls), relative to the runbook's folder. */
  prelude?: readonly string[];
  unsimulated?: string;
}

/** Lower-case letters, digits and dashes, as a script's name must be. */
function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'script'
  );
}

export function hostScript(dir: string, declaration: string | ScriptDeclaration): HostScript {
  const d = typeof declaration === 'string' ? { file: declaration } : declaration;
  const file = join(dir, d.file);
  const parts = [...(d.prelude ?? []).map((p) => readFileSync(join(dir, p), 'utf8').trimEnd()), readFileSync(file, 'utf8')];
  const script: HostScript = {
    name: `${slug(basename(dir))}/${slug(basename(file).replace(/\.(sh|bash)$/, ''))}`,
    file,
    body: parts.join('\n\n'),
    ...(d.unsimulated ? { unsimulated: d.unsimulated } : {}),
    with: (vars = {}, secrets) => {
      const sent = { name: script.name, vars, ...(secrets ? { secrets } : {}), body: script.body };
      // Not enumerable: the run's state and the definition hash see only name, vars and body.
      Object.defineProperty(sent, DECLARATION, { value: script });
      return sent as Resolvable<ShellScript>;
    },
  };
  return script;
}

/** Every script of a runbook folder, declared by a name the runbook uses. */
export function hostScripts<const S extends Record<string, string | ScriptDeclaration>>(dir: string, declarations: S): { readonly [K in keyof S]: HostScript } {
  return Object.fromEntries(Object.entries(declarations).map(([key, d]) => [key, hostScript(dir, d)])) as { [K in keyof S]: HostScript };
}

/** The declared scripts a runbook's steps send, each once, in step order. */
export function scriptsOfSteps(steps: readonly AnyStep[]): HostScript[] {
  const found = new Map<string, HostScript>();
  for (const step of steps)
    for (const value of collectValues(step.input)) {
      const script = (value as Record<symbol, HostScript | undefined>)[DECLARATION];
      if (script && !found.has(script.name)) found.set(script.name, script);
    }
  return [...found.values()];
}
