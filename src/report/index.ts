/**
 * Reports of one run, rendered from its saved state: JSON for machines (a
 * versioned contract, docs/reports.md), Markdown for people (the change
 * record), JUnit XML for CI.
 */
import type { RunState } from '../engine/state/state.js';
import { toJsonReport } from './json.js';
import { toJUnitReport } from './junit.js';
import { toMarkdownReport } from './markdown.js';
import { redactState } from './redact.js';

export { toJsonReport, REPORT_VERSION, reportStatus } from './json.js';
export type { JsonReport, JsonStepReport, JsonCallReport, JsonReportSummary, ReportStatus, StepCounts } from './json.js';
export { toMarkdownReport } from './markdown.js';
export { toJUnitReport } from './junit.js';

export const REPORT_FORMATS = ['json', 'markdown', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The usual file extension of each format, for `--out` defaults. */
export const REPORT_EXTENSIONS: Record<ReportFormat, string> = { json: '.json', markdown: '.md', junit: '.xml' };

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export interface RenderOptions {
  /**
   * Defence in depth: the engine already keeps secrets out of the state. Applied
   * to every string of the state before rendering (so a secret is caught before
   * JSON or XML escaping changes its spelling) and to the final text.
   */
  redact?: (text: string) => string;
}

export function renderReport(state: RunState, format: ReportFormat, options: RenderOptions = {}): string {
  const { redact } = options;
  const input = redact ? redactState(state, redact) : state;
  const out = render(input, format);
  return redact ? redact(out) : out;
}

function render(state: RunState, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(toJsonReport(state), null, 2)}\n`;
    case 'markdown':
      return toMarkdownReport(state);
    case 'junit':
      return toJUnitReport(state);
  }
}
