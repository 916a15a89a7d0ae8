/**
 * What a step will change, as a person reads it before saying yes: each call
 * with the values that matter (ports and sources, instance type and image,
 * the file written, the script and its host, sizes), one line each, long or
 * noisy values summarized. The same text goes into the dry-run summary.
 */
import type { PlannedCall } from '../core/calls.js';

const MAX_VALUE = 90;
// Spelled out elsewhere (tags are listed once), or too long to read at a prompt.
const QUIET_KEYS = new Set(['TagSpecifications', 'Tags', 'ClientToken', 'ClientRequestToken', 'CallerReference', 'CreationToken', 'UserData', 'body', 'DryRun']);

function short(text: string): string {
  const one = text.replace(/\s*\n\s*/g, ' ');
  return one.length > MAX_VALUE ? `${one.slice(0, MAX_VALUE - 3)}...` : one;
}

/** A value in a line: scalars as they are, small structures inline, large ones counted. */
function inline(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return short(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.length <= 6 ? short(value.map(inline).join(', ')) : `${value.length} items`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return short(entries.map(([k, v]) => `${k}=${inline(v)}`).join(' '));
}

export function describeCall(call: PlannedCall): string[] {
  const lines = [`${call.service}:${call.operation}${call.note ? ` (${call.note})` : ''}`];
  for (const [key, value] of Object.entries(call.input)) {
    if (value === undefined || value === null || QUIET_KEYS.has(key)) continue;
    lines.push(`    ${key}: ${inline(value)}`);
  }
  return lines;
}

export function describeCalls(calls: readonly PlannedCall[]): string {
  return calls.flatMap(describeCall).map((l) => `  ${l}`).join('\n');
}
