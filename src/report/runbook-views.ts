/**
 * `runbook show`: a runbook as text, Markdown (the README's tables), JSON or a
 * Mermaid graph, from its definition alone (no parameters, no AWS).
 */
import { dependenciesOf, type AnyStep } from '../engine/model/step.js';
import { type RunbookDefinition } from '../engine/model/runbook.js';
import { describeParams, instantiateSteps, orderSteps } from '../engine/plan/planner.js';
import { sourceMap } from '../engine/model/source-map.js';
import { cell } from './md.js';
import type { ShowFormat } from './show-formats.js';

export { SHOW_FORMATS, type ShowFormat } from './show-formats.js';

const showDefault = (v: unknown) => (v === undefined ? '' : `\`${JSON.stringify(v)}\``);

function stepsOf(def: RunbookDefinition): AnyStep[] {
  return orderSteps(instantiateSteps(def));
}

export function mermaidGraph(def: RunbookDefinition): string {
  const steps = stepsOf(def);
  const lines = ['graph TD'];
  for (const s of steps) lines.push(`  ${s.id.replace(/-/g, '_')}["${s.id}<br/>${s.title.replace(/"/g, "'")}"]`);
  for (const s of steps) for (const d of dependenciesOf(s)) lines.push(`  ${d.replace(/-/g, '_')} --> ${s.id.replace(/-/g, '_')}`);
  return lines.join('\n');
}

/** The source-step table; the runbook's README contains exactly this. */
export function sourceMapMarkdown(def: RunbookDefinition): string {
  const rows = sourceMap(def, stepsOf(def));
  return [
    '| Source step | Runbook step | Decision |',
    '|---|---|---|',
    ...rows.map((r) => `| ${cell(r.sourceStep)} | ${r.steps.map((s) => `\`${s}\``).join(', ') || '(none)'} | ${cell(r.decisions.join(' '))} |`),
  ].join('\n');
}

export function runbookMarkdown(def: RunbookDefinition): string {
  return [`# ${def.id}: ${def.title}`, '', `Source: \`${def.source.file}\`, "${def.source.procedure}".`, '', def.summary, '', readmeReference(def)].join('\n');
}

/** The generated half of a runbook's README, from "## Parameters" to the end: `npm run readmes` writes it, a test keeps it true. */
export function readmeReference(def: RunbookDefinition): string {
  const steps = stepsOf(def);
  const params = describeParams(def.params);
  return [
    '## Parameters',
    '',
    '| Name | Expected | Default | Description |',
    '|---|---|---|---|',
    ...params.map((p) => `| \`${p.name}\` | ${cell(p.expected)} | ${p.default !== undefined ? showDefault(p.default) : p.requiredWhen ? `(required when ${p.requiredWhen})` : p.optional ? '(optional)' : '(required)'} | ${cell(p.description)}${p.secret ? ' (secret)' : ''} |`),
    '',
    '## Steps',
    '',
    '| Step | What | Kind | Covers | Runs when | After |',
    '|---|---|---|---|---|---|',
    ...steps.map((s) => `| \`${s.id}\` | ${cell(s.title)} | ${s.kind} | ${s.covers.join(', ')} | ${cell(s.when?.describe ?? 'always')} | ${dependenciesOf(s).join(', ')} |`),
    '',
    '## Source steps',
    '',
    sourceMapMarkdown(def),
    '',
    '## Step graph',
    '',
    '```mermaid',
    mermaidGraph(def),
    '```',
    '',
  ].join('\n');
}

export function runbookJson(def: RunbookDefinition): unknown {
  const steps = stepsOf(def);
  return {
    id: def.id,
    title: def.title,
    summary: def.summary,
    source: { file: def.source.file, procedure: def.source.procedure },
    params: describeParams(def.params),
    steps: steps.map((s) => ({ id: s.id, title: s.title, kind: s.kind, covers: s.covers, mutating: s.mutating, manual: s.manual, when: s.when?.describe, after: dependenciesOf(s) })),
    sourceMap: sourceMap(def, steps),
  };
}

export function runbookText(def: RunbookDefinition): string {
  const steps = stepsOf(def);
  const lines = [`${def.id}: ${def.title}`, `  source: ${def.source.file}, "${def.source.procedure}"`, '', 'Parameters:'];
  for (const p of describeParams(def.params))
    lines.push(`  ${p.name.padEnd(24)} ${p.expected}${p.default !== undefined ? ` (default ${JSON.stringify(p.default)})` : p.optional ? ' (optional)' : ' (required)'}`, `  ${''.padEnd(24)} ${p.description}`);
  lines.push('', 'Steps:');
  for (const s of steps) {
    const deps = dependenciesOf(s);
    lines.push(`  ${s.id.padEnd(24)} ${s.title}  [${s.kind}; source ${s.covers.join(', ')}${s.when ? `; when ${s.when.describe}` : ''}${deps.length ? `; after ${deps.join(', ')}` : ''}]`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderRunbook(def: RunbookDefinition, format: ShowFormat): string {
  switch (format) {
    case 'markdown':
      return runbookMarkdown(def);
    case 'json':
      return `${JSON.stringify(runbookJson(def), null, 2)}\n`;
    case 'mermaid':
      return `${mermaidGraph(def)}\n`;
    default:
      return runbookText(def);
  }
}
