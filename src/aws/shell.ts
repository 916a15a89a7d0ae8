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
  /**
   * Values the script needs but that must not travel in it: SSM keeps every
   * command's text in its history. Each is put in Parameter Store as a
   * SecureString for the command's life, and the script reads it there.
   */
  secrets?: Record<string, string>;
  body: string;
}

/** Where a secret value waits for the host: a SecureString parameter in that region. */
export interface SecretReference {
  parameter: string;
  region: string;
}

const VAR_NAME = /^[A-Z][A-Z0-9_]*$/;
const SCRIPT_NAME = /^[a-z0-9-]+\/[a-z0-9-]+$/;
export const SCRIPT_MARKER = '# runbook-script: ';

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The exact text the host runs. Secrets appear only as references: the host
 * reads each from Parameter Store with its instance role (the AWS CLI, with
 * decryption), so no secret value is in the command SSM records.
 */
export function renderScript(script: ShellScript, secretRefs: Record<string, SecretReference> = {}): string {
  if (!SCRIPT_NAME.test(script.name)) throw new Error(`Script name ${script.name} must look like runbook/script.`);
  const lines = ['#!/bin/bash', `${SCRIPT_MARKER}${script.name}`, 'set -euo pipefail'];
  for (const [key, value] of Object.entries(script.vars)) {
    if (!VAR_NAME.test(key)) throw new Error(`Script variable ${key} must be UPPER_SNAKE_CASE.`);
    lines.push(`${key}=${shellQuote(String(value))}`);
  }
  for (const [key, ref] of Object.entries(secretRefs)) {
    if (!VAR_NAME.test(key)) throw new Error(`Script variable ${key} must be UPPER_SNAKE_CASE.`);
    lines.push(`${key}=$(aws ssm get-parameter --region ${shellQuote(ref.region)} --name ${shellQuote(ref.parameter)} --with-decryption --query Parameter.Value --output text)`);
  }
  lines.push(script.body.trimEnd(), '');
  return lines.join('\n');
}

const HEREDOC_END = 'RUNBOOK_SCRIPT_EOF';

/**
 * The first line every wrapped script prints, before anything of its own. An
 * invocation that reports Success or Failed without it never ran the script
 * (an emulator such as moto answers every command Success with no output);
 * SSM keeps the first 24,000 characters of output, so it is never cut off.
 */
export const SCRIPT_STARTED = 'runbook: script started';

/**
 * AWS-RunShellScript runs its commands with `sh` and ignores a shebang, so the
 * script is written to a temporary file and run by bash. stdin stays free for
 * the script's own commands (a `bash -s` heredoc would let apt or docker eat it).
 */
export function wrapForRunShellScript(text: string): string {
  if (text.split('\n').includes(HEREDOC_END)) throw new Error(`A script may not contain the line ${HEREDOC_END}.`);
  return [
    `echo '${SCRIPT_STARTED}'`,
    'runbook_script=$(mktemp)',
    `cat > "$runbook_script" <<'${HEREDOC_END}'`,
    text.trimEnd(),
    HEREDOC_END,
    'bash "$runbook_script"; runbook_rc=$?; rm -f "$runbook_script"; exit $runbook_rc',
  ].join('\n');
}

/** What the host printed, the start line taken off; undefined when the line is not there (the script never ran). */
export function scriptOutput(stdout: string): string | undefined {
  const first = stdout.indexOf('\n');
  const line = (first < 0 ? stdout : stdout.slice(0, first)).trim();
  if (line !== SCRIPT_STARTED) return undefined;
  return first < 0 ? '' : stdout.slice(first + 1);
}

const SECRET_LINE = /^([A-Z][A-Z0-9_]*)=\$\(aws ssm get-parameter --region '([^']*)' --name '([^']*)' --with-decryption --query Parameter\.Value --output text\)\n/;

/** Read a rendered (possibly wrapped) script's name, variables and secret references back; the sandbox's simulated hosts use this. */
export function parseScript(text: string): { name: string; vars: Record<string, string>; secretRefs: Record<string, SecretReference> } | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith(SCRIPT_MARKER));
  if (at < 0) return undefined;
  const vars: Record<string, string> = {};
  // Assignments follow `set -euo pipefail`; a quoted value may span lines.
  let remaining = lines.slice(at + 2).join('\n');
  const assignment = /^([A-Z][A-Z0-9_]*)='((?:[^']|'\\'')*)'\n/;
  for (let m = assignment.exec(remaining); m; m = assignment.exec(remaining)) {
    vars[m[1]!] = m[2]!.replace(/'\\''/g, "'");
    remaining = remaining.slice(m[0].length);
  }
  const secretRefs: Record<string, SecretReference> = {};
  for (let m = SECRET_LINE.exec(remaining); m; m = SECRET_LINE.exec(remaining)) {
    secretRefs[m[1]!] = { region: m[2]!, parameter: m[3]! };
    remaining = remaining.slice(m[0].length);
  }
  return { name: lines[at]!.slice(SCRIPT_MARKER.length).trim(), vars, secretRefs };
}
