/**
 * `runbook new <id> --source PROCEDURE.md`: a runbook folder in which every
 * numbered step of the document is a manual step that quotes and covers it.
 * It runs at once as a guided checklist (state saved after every step,
 * resume, --ack in CI); the team then replaces manual steps by automated
 * kinds one at a time, and `runbook check` keeps the source map whole.
 */
import { basename } from 'node:path';
import { parseProcedure, type ProcedureStep } from './procedure.js';

export interface ScaffoldRequest {
  id: string;
  /** The procedure document's text and file name (copied into the folder as procedure.md). */
  source: { text: string; file: string };
  title?: string;
}

export interface Scaffold {
  /** Files to write, by path relative to the new folder. */
  files: Record<string, string>;
  steps: ProcedureStep[];
  title: string;
}

export const RUNBOOK_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const PROCEDURE_COPY = 'procedure.md';

/** A step id from a label: `2.1` -> `step-2-1`, `21b` -> `step-21b`. */
export function stepIdOf(label: string): string {
  return `step-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

/** A TypeScript literal in the project's style: single quotes, one line. */
function literal(value: string | readonly string[]): string {
  if (typeof value !== 'string') return `[${value.map(literal).join(', ')}]`;
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\r?\n/g, '\\n')}'`;
}

/** A step's title: the first sentence of its first paragraph, soft line breaks joined, at most 100 characters. */
export function titleOf(step: ProcedureStep): string {
  const paragraph = stripMarkdown(step.text.split(/\n\s*\n/)[0] ?? step.title).replace(/\s*\n\s*/g, ' ');
  const sentence = /^(.+?[.!?:])(?:\s|$)/.exec(paragraph)?.[1] ?? paragraph;
  if (sentence.length <= 100) return sentence.replace(/[.:]$/, '');
  return `${sentence.slice(0, 97).replace(/\s+\S*$/, '')}...`;
}

function stripMarkdown(text: string): string {
  return text.replace(/\*\*|`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim();
}

function indexTs(req: ScaffoldRequest, title: string, steps: ProcedureStep[]): string {
  const lines = [
    '/**',
    ` * Runbook \`${req.id}\`, scaffolded from ${basename(req.source.file)}${basename(req.source.file) === PROCEDURE_COPY ? '' : ` (kept here as ${PROCEDURE_COPY})`}.`,
    ' * Every numbered step is a manual step for now: replace one at a time by an',
    " * automated step kind (ec2, ssm, iam, ...) that covers the same number, and",
    ` * keep \`runbook check ./${req.id}\` passing. See docs/authoring.md.`,
    ' */',
    "import { defineRunbook, manual, runbookDir } from 'runbook';",
    '',
    'export default defineRunbook({',
    `  id: ${literal(req.id)},`,
    `  title: ${literal(title)},`,
    `  summary: ${literal(`A guided checklist of the ${steps.length} numbered steps of ${basename(req.source.file)}.`)},`,
    `  source: { file: ${literal(PROCEDURE_COPY)}, procedure: ${literal(title)}, steps: ${literal(steps.map((s) => s.label))} },`,
    '  dir: runbookDir(import.meta.url),',
    '  params: {},',
    '  decisions: [],',
    '  // Manual steps need an acknowledgement; a rehearsal gives every one.',
    `  rehearsal: { params: {}, acks: ${literal(steps.map((s) => stepIdOf(s.label)))} },`,
    '  steps: () => {',
  ];
  // In the document's order: each step waits for the one before it.
  const vars = steps.map((_, i) => `step${i + 1}`);
  steps.forEach((s, i) => {
    lines.push(
      `    const ${vars[i]} = manual(${literal(stepIdOf(s.label))}, {`,
      `      covers: ${literal(s.label)},`,
      `      title: ${literal(`Step ${s.label}: ${titleOf(s)}`)},`,
      ...(i > 0 ? [`      after: [${vars[i - 1]}],`] : []),
      `      instructions: ${literal(s.text)},`,
      '    });',
    );
  });
  lines.push(`    return [${vars.join(', ')}];`, '  },', '});', '');
  return lines.join('\n');
}

function readme(req: ScaffoldRequest, title: string, steps: ProcedureStep[]): string {
  const cell = (t: string) => stripMarkdown(t).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `# ${req.id}: ${title}`,
    '',
    `Scaffolded by \`runbook new\` from \`${basename(req.source.file)}\` (a copy is [${PROCEDURE_COPY}](${PROCEDURE_COPY})).`,
    'Every numbered step is a manual step; automate them one at a time.',
    '',
    '```sh',
    `runbook run ./${req.id}                      # the guided checklist at a terminal`,
    `runbook run ./${req.id} --sandbox --non-interactive ${steps.map((s) => `--ack ${stepIdOf(s.label)}`).join(' ')}`,
    `runbook check ./${req.id}                    # every source step covered or decided`,
    '```',
    '',
    '## Source steps',
    '',
    '| Source step | Runbook step | Decision |',
    '|---|---|---|',
    ...steps.map((s) => `| ${cell(s.label)} | \`${stepIdOf(s.label)}\` |  |`),
    '',
  ].join('\n');
}

function testTs(req: ScaffoldRequest): string {
  return [
    `/** The rehearsal of ${req.id} in a fresh sandbox: \`npx tsx --test ${req.id}/${req.id}.test.ts\`. */`,
    "import assert from 'node:assert/strict';",
    "import { test } from 'node:test';",
    "import { rehearse } from 'runbook/testing';",
    "import runbook from './index.js';",
    '',
    "test('the checklist runs end to end in the sandbox', async () => {",
    '  const result = await rehearse(runbook);',
    "  assert.equal(result.report.status, 'succeeded', result.message);",
    "  assert.ok(result.report.steps.every((s) => s.status === 'changed'), 'every manual step is acknowledged');",
    '});',
    '',
  ].join('\n');
}

export function scaffold(req: ScaffoldRequest): Scaffold {
  const parsed = parseProcedure(req.source.text, { file: req.source.file });
  if (parsed.steps.length === 0) throw new Error(`${req.source.file} has no numbered steps (1. or 1) list items, or numbered headings) to make a runbook of.`);
  const ids = new Map<string, string>();
  for (const s of parsed.steps) {
    const id = stepIdOf(s.label);
    const earlier = ids.get(id);
    if (earlier) throw new Error(`Steps ${earlier} and ${s.label} of ${req.source.file} would both be step ${id}.`);
    ids.set(id, s.label);
  }
  const title = req.title ?? (parsed.title ? stripMarkdown(parsed.title) : req.id);
  return {
    title,
    steps: parsed.steps,
    files: {
      'index.ts': indexTs(req, title, parsed.steps),
      'README.md': readme(req, title, parsed.steps),
      [`${req.id}.test.ts`]: testTs(req),
      [PROCEDURE_COPY]: req.source.text,
      // ES modules, so that index.ts may use import.meta and top-level await.
      'package.json': `${JSON.stringify({ name: req.id, private: true, type: 'module' }, null, 2)}\n`,
    },
  };
}
