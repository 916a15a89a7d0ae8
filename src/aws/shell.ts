/**
 * Shell scripts sent to instances through SSM Run Command.
 *
 * Every value reaches the host as data: scripts open with a block of
 * single-quoted assignments (`NAME='value'`, with `'` written as `'\''`), and
 * the body only ever expands "$NAME". Names are checked, values are quoted, so
 * no parameter can become code on the host.
 */
export interface ShellScript {
  /** `<runbook>/<script>`, e.g. `redis-sessions/install-docker`; the first line names it. */
  name: string;
  vars: Record<string, string | number | boolean>;
  body: string;
}

const VAR_NAME = /^[A-Z][A-Z0-9_]*$/;
const SCRIPT_NAME = /^[a-z0-9-]+\/[a-z0-9-]+$/;
export const SCRIPT_MARKER = '# runbook-script: ';

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The exact text the host runs. */
export function renderScript(script: ShellScript): string {
  if (!SCRIPT_NAME.test(script.name)) throw new Error(`Script name ${script.name} must look like runbook/script.`);
  const lines = ['#!/bin/bash', `${SCRIPT_MARKER}${script.name}`, 'set -euo pipefail'];
  for (const [key, value] of Object.entries(script.vars)) {
    if (!VAR_NAME.test(key)) throw new Error(`Script variable ${key} must be UPPER_SNAKE_CASE.`);
    lines.push(`${key}=${shellQuote(String(value))}`);
  }
  lines.push(script.body.trimEnd(), '');
  return lines.join('\n');
}

/** Read a rendered script's name and variables back (the sandbox's simulated hosts use this). */
export function parseScript(text: string): { name: string; vars: Record<string, string> } | undefined {
  const lines = text.split('\n');
  const marker = lines[1];
  if (!marker?.startsWith(SCRIPT_MARKER)) return undefined;
  const vars: Record<string, string> = {};
  // Assignments follow `set -euo pipefail`; a quoted value may span lines.
  const rest = lines.slice(3).join('\n');
  const assignment = /^([A-Z][A-Z0-9_]*)='((?:[^']|'\\'')*)'\n/;
  let remaining = rest;
  for (let m = assignment.exec(remaining); m; m = assignment.exec(remaining)) {
    vars[m[1]!] = m[2]!.replace(/'\\''/g, "'");
    remaining = remaining.slice(m[0].length);
  }
  return { name: marker.slice(SCRIPT_MARKER.length).trim(), vars };
}
