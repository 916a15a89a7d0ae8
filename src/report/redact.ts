/**
 * Applies a redactor to every string value in a state, without touching the
 * caller's object. Keys are left alone: they are field and parameter names,
 * and the final-text pass still sees them. Works on the raw values, before any
 * renderer escapes them: `a&b` in XML reads `a&amp;b` and would slip past a
 * redactor that only saw the final text.
 */
import type { RunState } from '../engine/state/state.js';

export function redactState(state: RunState, redact: (text: string) => string): RunState {
  return redactValue(state, redact) as RunState;
}

function redactValue(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, redact));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, redact)]));
  }
  return value;
}
