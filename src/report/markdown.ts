/**
 * The Markdown change record: what a reviewer or an auditor reads after a
 * run. It answers who, where, when, what changed, what was already in place,
 * what was verified and what is left, in that order. Built on the JSON view
 * so its counts and status always match the machine-readable report.
 */
import type { RunState } from '../engine/state/state.js';
import { countCalls, toJsonReport, type JsonCallReport, type JsonReport, type JsonStepReport } from './json.js';
import { code, fence, formatDuration, inlineValue, plural, prose, table, truncate } from './md.js';

const PLANNED_INPUT_MAX = 400;

export function toMarkdownReport(state: RunState): string {
  const r = toJsonReport(state);
  const sections = [
    header(r),
    keyOutputs(r),
    parameters(r),
    changed(r),
    inPlace(r),
    verifications(r),
    needsOperator(r),
    failures(r),
    drift(r),
    skipped(r),
    notRun(r),
    plannedCalls(r),
    callCounts(r),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

function stepName(s: JsonStepReport): string {
  return `${code(s.id)}: ${prose(s.title)}`;
}

function header(r: JsonReport): string {
  const t = r.target;
  const who = t.callerArn ? code(t.callerArn) : 'unknown caller';
  const account = t.account ? ` (account ${code(t.account)})` : '';
  const where = t.sandbox
    ? `sandbox (simulated account${t.region ? `, region ${code(t.region)}` : ''}); nothing was sent to AWS`
    : [
        t.region ? `region ${code(t.region)}` : 'default region',
        t.profile ? `profile ${code(t.profile)}` : 'default credentials',
        ...(t.endpointUrl ? [`endpoint ${code(t.endpointUrl)}`] : []),
      ].join(', ');
  const when = r.finishedAt
    ? `${r.startedAt} to ${r.finishedAt} (${formatDuration(r.durationMs)})`
    : `started ${r.startedAt}, not finished`;
  const mode = r.mode === 'dry-run' ? 'dry-run: writes were planned and refused, nothing was changed' : 'apply';
  const lines = [
    `# Change record: ${prose(r.runbook.title)} (${code(r.runbook.id)}), run ${code(r.runId)}`,
    '',
    `- **Who:** ${who}${account}`,
    `- **Where:** ${where}`,
    `- **When:** ${when}`,
    `- **Mode:** ${mode}`,
    `- **Outcome:** ${outcome(r)}`,
  ];
  if (r.acks.length > 0) lines.push(`- **Acknowledged manual steps:** ${r.acks.map(code).join(', ')}`);
  return lines.join('\n');
}

/** One sentence a reader can paste into a ticket. */
function outcome(r: JsonReport): string {
  const n = r.summary.steps;
  const changedSoFar = `${plural(n.changed, 'step')} changed the account`;
  switch (r.status) {
    case 'succeeded':
      return r.mode === 'dry-run'
        ? `Dry-run completed: ${plural(n.planned, 'step')} would change the account, ${n.ok} already in place, ${n.skipped} skipped; no write was sent.`
        : `Succeeded: ${changedSoFar}, ${n.ok} ${n.ok === 1 ? 'was' : 'were'} already in place, ${n.skipped} skipped.`;
    case 'failed': {
      const step = r.steps.find((s) => s.status === 'failed');
      const where = r.error?.stepId ?? step?.id;
      const err = r.error ?? step?.error;
      const why = err ? errorText(err) : (step?.reason ?? 'no error was recorded');
      return `Failed${where ? ` at step ${code(where)}` : ''}: ${prose(endSentence(why))} Before that, ${changedSoFar}.`;
    }
    case 'needs-operator': {
      const waiting = r.steps.filter((s) => s.status === 'manual-pending').map((s) => code(s.id));
      return `Waiting for an operator: ${waiting.join(', ') || 'a manual step'} needs a manual action and an acknowledgement; so far ${changedSoFar}.`;
    }
    case 'interrupted': {
      const done = n.ok + n.changed + n.skipped + n.planned;
      return `Interrupted before finishing: ${done} of ${plural(n.total, 'step')} done, ${changedSoFar}.`;
    }
  }
}

function endSentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** The runbook's key outputs first: what a reader of the change record looks for. */
function keyOutputs(r: JsonReport): string {
  if (r.outputs.length === 0) return '';
  return `## Outputs\n\n${table(['Output', 'Value', 'Step'], r.outputs.map((o) => [prose(o.label), code(inlineValue(o.value)), code(o.step)]))}`;
}

function parameters(r: JsonReport): string {
  const entries = Object.entries(r.params);
  if (entries.length === 0) return '## Parameters\n\nNone.';
  return `## Parameters\n\n${table(['Parameter', 'Value'], entries.map(([k, v]) => [code(k), code(inlineValue(v))]))}`;
}

function outputsTable(outputs: Record<string, unknown>): string {
  return table(['Output', 'Value'], Object.entries(outputs).map(([k, v]) => [code(k), code(inlineValue(v))]));
}

function changed(r: JsonReport): string {
  if (r.mode === 'dry-run') return '## What changed\n\nNothing: this was a dry-run (see Planned calls).';
  const steps = r.steps.filter((s) => s.status === 'changed');
  if (steps.length === 0) return '## What changed\n\nNothing was changed.';
  const blocks = steps.map((s) => {
    const lines = [`### ${stepName(s)}`, '', `Kind ${code(s.kind)}${covers(s)}, took ${formatDuration(s.durationMs)}.`];
    if (s.reason) lines.push('', `Why: ${prose(s.reason)}`);
    if (Object.keys(s.outputs).length > 0) lines.push('', outputsTable(s.outputs));
    return lines.join('\n');
  });
  return `## What changed\n\n${blocks.join('\n\n')}`;
}

function covers(s: JsonStepReport): string {
  return s.covers.length > 0 ? `, covers source steps ${s.covers.join(', ')}` : '';
}

function inPlace(r: JsonReport): string {
  const steps = r.steps.filter((s) => s.status === 'ok');
  if (steps.length === 0) return '';
  const items = steps.map((s) =>
    [`- ${stepName(s)}`, ...Object.entries(s.outputs).map(([k, v]) => `  - ${code(k)}: ${code(inlineValue(v))}`)].join('\n'),
  );
  return `## Already in place\n\n${items.join('\n')}`;
}

function verifications(r: JsonReport): string {
  const steps = r.steps.filter((s) => s.evidence.length > 0 || s.hosts?.length);
  if (steps.length === 0) return '';
  const blocks = steps.map((s) => [`### ${stepName(s)} (${s.status})`, ...hostTable(s), ...s.evidence.map((e) => fence(e))].join('\n\n'));
  return `## Verifications\n\n${blocks.join('\n\n')}`;
}

/** A step on a fleet: one row per instance. */
function hostTable(s: JsonStepReport): string[] {
  if (!s.hosts?.length) return [];
  return [table(['Instance', 'Outcome', 'Detail'], s.hosts.map((h) => [code(h.instanceId), h.status, h.detail ? prose(truncate(h.detail, 120)) : '']))];
}

function needsOperator(r: JsonReport): string {
  return bulletSection('Needs operator', r.steps.filter((s) => s.status === 'manual-pending'), (s) => s.reason ?? 'waiting for an acknowledgement');
}

/** A bare "Error" says nothing, and a message that starts with the name needs it no twice: then the message alone. */
const nameAddsNothing = (e: { name: string; message: string }) => e.name === 'Error' || e.message.startsWith(e.name);

function errorText(e: { name: string; message: string }): string {
  return nameAddsNothing(e) ? e.message : `${e.name}: ${e.message}`;
}

/** The error's message, led by its name only when the name says something (never "Error: Error calling..."). */
function errorLine(e: { name: string; message: string }): string {
  return nameAddsNothing(e) ? prose(e.message) : `**${prose(e.name)}:** ${prose(e.message)}`;
}

function failures(r: JsonReport): string {
  const blocks = r.steps
    .filter((s) => s.status === 'failed')
    .map((s) => {
      const lines = [`### ${stepName(s)}`, ''];
      lines.push(s.error ? errorLine(s.error) : 'No error was recorded.');
      if (s.reason && s.reason !== s.error?.message) lines.push('', `Reason: ${prose(s.reason)}`);
      if (s.evidence.length > 0) lines.push('', 'Evidence is under Verifications.');
      return lines.join('\n');
    });
  // A run-level error outside any failed step (caller identity, parameters) still belongs here.
  const e = r.error;
  if (e && !r.steps.some((s) => s.status === 'failed' && s.id === e.stepId)) {
    blocks.push(`### Run${e.stepId ? ` (step ${code(e.stepId)})` : ''}\n\n${errorLine(e)}`);
  }
  return blocks.length > 0 ? `## Failures\n\n${blocks.join('\n\n')}` : '';
}

function drift(r: JsonReport): string {
  return bulletSection('Drift found on resume', r.steps.filter((s) => s.drift !== null), (s) => s.drift ?? '');
}

function skipped(r: JsonReport): string {
  return bulletSection('Skipped', r.steps.filter((s) => s.status === 'skipped'), (s) => s.reason ?? 'no reason recorded');
}

function notRun(r: JsonReport): string {
  return bulletSection('Not run', r.steps.filter((s) => s.status === 'pending'), (s) => s.reason ?? '');
}

function bulletSection(title: string, steps: JsonStepReport[], detail: (s: JsonStepReport) => string): string {
  if (steps.length === 0) return '';
  const items = steps.map((s) => {
    const d = detail(s);
    return `- ${stepName(s)}${d ? `: ${prose(d)}` : ''}`;
  });
  return `## ${title}\n\n${items.join('\n')}`;
}

function plannedCalls(r: JsonReport): string {
  if (r.mode !== 'dry-run') return '';
  const steps = r.steps.filter((s) => s.plan !== null && s.plan.length > 0);
  if (steps.length === 0) return '## Planned calls\n\nNone: every step was already in place or skipped.';
  const blocks = steps.map((s) => {
    const calls = (s.plan ?? []).map((p) => {
      const input = code(truncate(JSON.stringify(p.input), PLANNED_INPUT_MAX));
      return `- ${code(`${p.service}:${p.operation}`)} ${input}${p.note ? ` (${prose(p.note)})` : ''}`;
    });
    return `### ${stepName(s)}\n\n${calls.join('\n')}`;
  });
  return `## Planned calls\n\n${blocks.join('\n\n')}`;
}

function callCounts(r: JsonReport): string {
  const row = (name: string, calls: JsonCallReport[] | null) => {
    const c = calls ? countCalls(calls) : r.summary;
    return [name, c.mutatingCallsSent, c.mutatingCallsRefused, c.readCalls, c.probes, c.retries, c.errors, c.calls].map(String);
  };
  const rows: string[][] = [];
  if (r.runCalls.length > 0) rows.push(row('(run)', r.runCalls));
  for (const s of r.steps) if (s.calls.length > 0) rows.push(row(code(s.id), s.calls));
  rows.push(row('**Total**', null));
  const head = ['Calls', 'Writes sent', 'Writes refused', 'Reads', 'Probes', 'Retries', 'Errors', 'All'];
  return `## Call counts\n\n${table(head, rows)}`;
}
