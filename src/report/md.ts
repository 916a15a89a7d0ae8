/**
 * Markdown building blocks for the change record. Values come from AWS and
 * from parameters, so anything may contain pipes, backticks or newlines; these
 * helpers keep such text from breaking a table row, a code span or a fence.
 */

/** A table cell: a raw `|` would start a new cell, a newline would end the row. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** Running text: `<instance-id>` would otherwise be taken for an HTML tag and vanish. */
export function prose(text: string): string {
  return text.replace(/</g, '\\<');
}

/** An inline code span whose delimiter is longer than any backtick run inside it. */
export function code(text: string): string {
  const tick = '`'.repeat(longestRun(text, '`') + 1);
  // A span that starts or ends with a backtick needs a space, which the renderer strips.
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${tick}${pad}${text}${pad}${tick}`;
}

/** A fenced block that no line of the content can close early. */
export function fence(text: string, lang = 'text'): string {
  const tick = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${tick}${lang}\n${text.replace(/\n+$/, '')}\n${tick}`;
}

export function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** One line, as written: strings as they are unless multi-line, anything else as compact JSON. */
export function inlineValue(value: unknown): string {
  if (typeof value === 'string' && !value.includes('\n')) return value;
  return JSON.stringify(value) ?? String(value);
}

/** Long JSON inputs (user data, policies) are cut in the record; the JSON report keeps them whole. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}... (${text.length - max} more characters)`;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return 'unknown';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return h > 0 ? `${h} h ${m} min ${sec} s` : `${m} min ${sec} s`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}
