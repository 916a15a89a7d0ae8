/**
 * `files.text`: a text file of the operator's read for later steps (a script
 * a host runs, say), with its SHA-256 so that a probe can tell whether the
 * host has run this very text. Read-only; a file that cannot be read, is not
 * text or is larger than asked fails the step with one sentence.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StepKind } from '../../engine/model/step.js';

export interface TextInput {
  path: string;
  /** What the text is, lower case (`the install script`): the step's title and its failures name it. */
  what: string;
  maxBytes: number;
}

export interface TextOutputs {
  text: string;
  sha256: string;
}

const upper = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function read(input: TextInput): Buffer {
  const path = resolve(input.path);
  try {
    const size = statSync(path).size;
    if (size > input.maxBytes) throw new Error(`${upper(input.what)} ${input.path} is ${size} bytes; at most ${input.maxBytes} fit.`);
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code) throw new Error(`${upper(input.what)} ${input.path} cannot be read (${code}).`);
    throw err;
  }
}

const kind: StepKind<TextInput, TextOutputs> = {
  async check(_ctx, input) {
    const bytes = read(input);
    if (bytes.includes(0)) throw new Error(`${upper(input.what)} ${input.path} is not a text file.`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { done: true, outputs: { text: bytes.toString('utf8'), sha256 }, evidence: [`${input.path}: ${bytes.length} bytes, sha256 ${sha256}`] };
  },
  plan: () => [],
};

export { kind as textKind };
