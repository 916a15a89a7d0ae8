/**
 * JUnit XML, so CI shows each runbook step as a test (a step on a fleet, each
 * of its instances): ok and changed pass, failed fails, and steps that did
 * not run (skipped, planned in a dry-run, pending, waiting for an operator)
 * are reported as skipped with the reason.
 */
import type { RunState } from '../engine/state/state.js';
import { toJsonReport, type JsonHostReport, type JsonReport, type JsonStepReport } from './json.js';
import { escapeXmlAttr as attr, escapeXmlText as text } from './xml.js';

export function toJUnitReport(state: RunState): string {
  const r = toJsonReport(state);
  const stepCases = r.steps.flatMap((s) => casesOf(r, s));
  const cases = stepCases.map((c) => c.xml);
  const runError = orphanRunError(r);
  if (runError) cases.push(runError);

  const failures = stepCases.filter((c) => c.failed).length;
  const errors = runError ? 1 : 0;
  const skipped = r.steps.filter((s) => skipMessage(s) !== null).length;
  const time = seconds(r.durationMs ?? r.steps.reduce((sum, s) => sum + (s.durationMs ?? 0), 0));
  const counts = `tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}"`;

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="runbook" ${counts}>`,
    `  <testsuite name="${attr(`runbook ${r.runbook.id}`)}" ${counts} timestamp="${attr(r.startedAt)}">`,
    '    <properties>',
    ...properties(r).map(([k, v]) => `      <property name="${attr(k)}" value="${attr(v)}"/>`),
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function properties(r: JsonReport): [string, string][] {
  const t = r.target;
  const props: [string, string][] = [
    ['runId', r.runId],
    ['runbook', r.runbook.id],
    ['mode', r.mode],
    ['status', r.status],
    ['sandbox', String(t.sandbox)],
  ];
  if (t.region) props.push(['region', t.region]);
  if (t.account) props.push(['account', t.account]);
  if (t.callerArn) props.push(['callerArn', t.callerArn]);
  for (const o of r.outputs) props.push([`output: ${o.label}`, typeof o.value === 'string' ? o.value : JSON.stringify(o.value)]);
  return props;
}

function caseOpen(r: JsonReport, s: JsonStepReport, host?: JsonHostReport, share = 1): string {
  const name = `${s.id}: ${s.title}${host ? ` [${host.instanceId}]` : ''}`;
  return `    <testcase classname="${attr(r.runbook.id)}" name="${attr(name)}" time="${seconds((s.durationMs ?? 0) / share)}"`;
}

/**
 * A step that ran on a fleet is one case per instance (the step's time shared
 * among them), so CI shows which instance failed; other steps are one case.
 */
function casesOf(r: JsonReport, s: JsonStepReport): { xml: string; failed: boolean }[] {
  const ran = s.status === 'ok' || s.status === 'changed' || s.status === 'failed';
  if (!s.hosts?.length || !ran) return [{ xml: testcase(r, s), failed: s.status === 'failed' }];
  const cases = s.hosts.map((h) => {
    const head = caseOpen(r, s, h, s.hosts!.length);
    if (h.status === 'ok' || h.status === 'changed') return { xml: h.detail ? `${head}>\n      <system-out>${text(`${h.status}: ${h.detail}`)}</system-out>\n    </testcase>` : `${head}/>`, failed: false };
    const message = h.status === 'pending' ? `not done: ${h.detail ?? 'its check said no'}` : (h.detail ?? 'failed');
    return { xml: `${head}>\n      <failure message="${attr(message)}" type="${attr(s.error?.name ?? 'HostFailed')}">${text(`${h.instanceId}: ${message}`)}</failure>\n    </testcase>`, failed: true };
  });
  // The step failed for a reason no instance carries (its command was refused): that is a case too.
  if (s.status === 'failed' && !cases.some((c) => c.failed)) cases.push({ xml: testcase(r, s), failed: true });
  return cases;
}

function testcase(r: JsonReport, s: JsonStepReport): string {
  const head = caseOpen(r, s);
  const skip = skipMessage(s);
  if (skip !== null) return `${head}>\n      <skipped message="${attr(skip)}"/>\n    </testcase>`;
  if (s.status === 'failed') {
    const message = s.error?.message ?? s.reason ?? 'Step failed.';
    const type = s.error?.name ?? 'StepFailed';
    return `${head}>\n      <failure message="${attr(message)}" type="${attr(type)}">${text(failureDetail(s))}</failure>\n    </testcase>`;
  }
  // Passed: the evidence still helps whoever opens the test in CI.
  if (s.evidence.length > 0) return `${head}>\n      <system-out>${text(s.evidence.join('\n\n'))}</system-out>\n    </testcase>`;
  return `${head}/>`;
}

/** Null when the step ran (ok, changed, failed); else why it did not. */
function skipMessage(s: JsonStepReport): string | null {
  switch (s.status) {
    case 'skipped':
      return s.reason ?? 'skipped';
    case 'planned':
      return `dry-run, planned${s.plan ? ` (${s.plan.length} call${s.plan.length === 1 ? '' : 's'})` : ''}${s.reason ? `: ${s.reason}` : ''}`;
    case 'pending':
      return `not run${s.reason ? `: ${s.reason}` : ''}`;
    case 'manual-pending':
      return `needs operator: ${s.reason ?? 'waiting for an acknowledgement'}`;
    default:
      return null;
  }
}

function failureDetail(s: JsonStepReport): string {
  const parts: string[] = [];
  if (s.error) parts.push(`${s.error.name}: ${s.error.message}`);
  if (s.reason && s.reason !== s.error?.message) parts.push(`Reason: ${s.reason}`);
  if (s.drift) parts.push(`Drift: ${s.drift}`);
  if (s.evidence.length > 0) parts.push('Evidence:', ...s.evidence);
  return parts.join('\n');
}

/** A run-level error that no failed step carries (caller identity, parameters) becomes its own errored test. */
function orphanRunError(r: JsonReport): string | null {
  const e = r.error;
  if (!e || r.steps.some((s) => s.status === 'failed' && s.id === e.stepId)) return null;
  const name = e.stepId ? `run (step ${e.stepId})` : 'run';
  return [
    `    <testcase classname="${attr(r.runbook.id)}" name="${attr(name)}" time="0.000">`,
    `      <error message="${attr(e.message)}" type="${attr(e.name)}">${text(`${e.name}: ${e.message}`)}</error>`,
    '    </testcase>',
  ].join('\n');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
