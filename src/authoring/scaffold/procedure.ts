/**
 * Finds the numbered steps of a procedure kept as a wiki page (Markdown or
 * plain text), for `runbook new --source`. Pure: text in, steps out.
 *
 * The structure comes from marked's CommonMark lexer (lists, nesting, code
 * blocks); this module only widens 2-space nesting before lexing, and labels
 * what the lexer finds the way readers quote it.
 */
import { Marked, type Token, type Tokens } from 'marked';

export interface ProcedureStep {
  /** The number readers quote: `3`, `2.1`, `21b` for the second step numbered 21. */
  label: string;
  /** First line of the step's own text, Markdown kept, at most 120 characters. */
  title: string;
  /** The step's own text, without its numbered child steps. */
  text: string;
  /** 0 for a top-level step. */
  depth: number;
  /** The parent step's label. */
  parent?: string;
  /** 1-based line where the step starts. */
  line: number;
}

export interface ParsedProcedure {
  title?: string;
  steps: ProcedureStep[];
}

const TITLE_MAX = 120;

// Numbered headings. "1.5 GB limits" is no step 1, hence the (?!\d).
const NUMBER_HEADING = /^(\d{1,9})(?:\s*[.):](?!\d)|\s+[-–—])\s*(.*)$/; // 1. Install, 3) Verify, 4 - Deploy
const DOTTED_HEADING = /^(\d{1,9}(?:\.\d{1,9})+)(?:[.):]?\s+|[.):]?$)(.*)$/; // 2.1 Configure
const STEP_HEADING = /^step\s+(\d{1,9}(?:\.\d{1,9})*)(?!\w|\.\d)\s*[.):–—-]?\s*(.*)$/i; // Step 2: Configure
// The number an item was written with; CommonMark keeps only the list's start.
const ITEM_NUMBER = /^\s*(\d{1,9})[.)]/;
// YAML front matter (GitLab wiki, static-site pages) would otherwise lex as a heading.
const FRONT_MATTER = /^---\n(?=[\w-]+\s*:)[\s\S]*?\n(?:---|\.\.\.)(?=\n|$)/;

interface Scope {
  step: ProcedureStep;
  /** Lines of numbered child lists, left out of this step's text. */
  childLines: Set<number>;
}

export function parseProcedure(text: string, options: { file?: string } = {}): ParsedProcedure {
  const source = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(FRONT_MATTER, (block) => block.replace(/[^\n]/g, '')); // blank, so line numbers hold
  const lines = source.split('\n');
  let tokens: Token[];
  try {
    tokens = new Marked().lexer(widenNesting(lines).join('\n'));
  } catch (err) {
    throw new Error(`${options.file ?? 'the procedure'} could not be read as Markdown: ${err instanceof Error ? err.message : String(err)}`);
  }
  const steps: ProcedureStep[] = [];
  const label = uniqueLabels();
  let title: string | undefined;

  const addList = (list: Tokens.List, firstLine: number, scope: Scope | undefined): void => {
    if (scope) for (const l of span(firstLine, list.raw)) scope.childLines.add(l);
    const literal = list.items.map((item) => {
      const written = ITEM_NUMBER.exec(item.raw)?.[1];
      return written === undefined ? undefined : Number(written);
    });
    const start = typeof list.start === 'number' ? list.start : 1;
    // All items written with one number ("1." each time) is Markdown auto-numbering;
    // anything else is what the author typed and what readers quote.
    const autoNumbered = literal.every((n) => n === literal[0]);
    let line = firstLine;
    list.items.forEach((item, index) => {
      const n = autoNumbered ? start + index : (literal[index] ?? start + index);
      const step = newStep(scope ? `${scope.step.label}.${n}` : String(n), line, scope);
      const own: Scope = { step, childLines: new Set() };
      walk(item.tokens, line, own);
      // item.text is the item without its marker, dedented, line for line with item.raw.
      finish(step, item.text.split('\n').map((t, i) => [line + i, t]), own.childLines);
      line += newlines(item.raw);
    });
  };

  const newStep = (base: string, line: number, scope: Scope | undefined): ProcedureStep => {
    const step: ProcedureStep = { label: label(base), title: '', text: '', depth: scope ? scope.step.depth + 1 : 0, line };
    if (scope) step.parent = scope.step.label;
    steps.push(step);
    return step;
  };

  // Numbered lists at any depth: inside other items and inside bullet lists.
  // Code blocks and block quotes are not looked into.
  const walk = (blocks: Token[], firstLine: number, scope: Scope | undefined): void => {
    let line = firstLine;
    for (const token of blocks) {
      if (token.type === 'list') {
        const list = token as Tokens.List;
        if (list.ordered) addList(list, line, scope);
        else {
          let itemLine = line;
          for (const item of list.items) {
            walk(item.tokens, itemLine, scope);
            itemLine += newlines(item.raw);
          }
        }
      }
      line += newlines(token.raw);
    }
  };

  // Top level: a numbered heading opens a section, which the lists in it nest
  // under and whose lines are its text, until a heading of its level or higher.
  interface Section { level: number; number: string; scope: Scope; lines: [number, string][] }
  const open: Section[] = [];
  const sections: Section[] = [];
  let owner: Section | undefined;
  let from = 1; // first line not yet given to a section
  const giveLines = (until: number): void => {
    for (; from < until; from++) owner?.lines.push([from, lines[from - 1] ?? '']);
  };
  let line = 1;
  for (const token of tokens) {
    if (token.type === 'heading') {
      const heading = token as Tokens.Heading;
      giveLines(line);
      while ((open.at(-1)?.level ?? 0) >= heading.depth) open.pop();
      const numbered = headingNumber(heading.text);
      if (numbered) {
        // Heading numbers are taken as written ("### 3) Verify" under "## Step 2"
        // is step 3); only a dotted "2.1" nests, under the open "## 2." heading.
        const around = open.at(-1);
        const nested = around !== undefined && numbered.number.startsWith(`${around.number}.`);
        const base = nested ? around.scope.step.label + numbered.number.slice(around.number.length) : numbered.number;
        const step = newStep(base, line, nested ? around.scope : undefined);
        const section: Section = { level: heading.depth, number: numbered.number, scope: { step, childLines: new Set() }, lines: [[line, numbered.title || heading.text]] };
        open.push(section);
        sections.push(section);
        from = line + span(line, heading.raw).length;
      } else if (title === undefined && heading.depth <= 2) {
        title = heading.text.trim();
      }
      // An unnumbered heading's own lines stay with the section around it.
      owner = open.at(-1);
    } else {
      walk([token], line, owner?.scope);
    }
    line += newlines(token.raw);
  }
  giveLines(lines.length + 1);
  for (const section of sections) finish(section.scope.step, section.lines, section.scope.childLines);

  return title === undefined ? { steps } : { title, steps };
}

/**
 * CommonMark nests a list (or a paragraph, or a code fence) in an item only
 * at the item's text column, 3 spaces under "1. ", but wiki authors indent by
 * 2. Move such lines to the item's text column, line for line, so the lexer
 * sees the nesting the author meant. Only ever widens: a line 4 or more
 * columns past its item's text stays an indented code block.
 */
function widenNesting(lines: string[]): string[] {
  const open: { indent: number; content: number; shift: number }[] = [];
  let fence: { marker: string; shift: number } | undefined;
  return lines.map((line) => {
    const lead = /^[ \t]*/.exec(line)?.[0] ?? '';
    const rest = line.slice(lead.length);
    const indent = columns(lead);
    let shift: number;
    if (fence) {
      shift = fence.shift;
      if (rest.startsWith(fence.marker) && rest.trim().replace(/[`~]/g, '') === '') fence = undefined;
    } else {
      if (rest === '') return line;
      // A line 2+ columns deeper than an item's marker belongs to that item
      // (its text or a nested list); a shallower line closes it.
      for (let top = open.at(-1); top && indent < top.indent + 2; top = open.at(-1)) open.pop();
      const owner = open.at(-1);
      shift = owner ? Math.max(owner.shift, owner.content + owner.shift - indent) : 0;
      const marker = /^(\d{1,9}[.)]|[-*+])(?:([ \t]+)|$)/.exec(rest);
      if (marker) {
        const gap = marker[2]?.length ?? 0; // CommonMark: text starts 1-4 spaces after the marker
        open.push({ indent, content: indent + (marker[1] ?? '').length + (gap >= 1 && gap <= 4 ? gap : 1), shift });
      }
      const opening = /^(`{3,}|~{3,})/.exec(rest)?.[1];
      if (opening) fence = { marker: opening, shift };
    }
    return shift > 0 ? ' '.repeat(indent + shift) + rest : line;
  });
}

function columns(lead: string): number {
  let col = 0;
  for (const ch of lead) col = ch === '\t' ? col + 4 - (col % 4) : col + 1;
  return col;
}

/** The number a heading is written with, or undefined when it is no numbered step. */
function headingNumber(text: string): { number: string; title: string } | undefined {
  const heading = text.trim();
  const match = DOTTED_HEADING.exec(heading) ?? NUMBER_HEADING.exec(heading) ?? STEP_HEADING.exec(heading);
  if (!match) return undefined;
  return { number: (match[1] ?? '').split('.').map(Number).join('.'), title: (match[2] ?? '').trim() };
}

/** Sets the step's text from its [line, text] pairs, leaving out `skip` lines, and its title. */
function finish(step: ProcedureStep, numbered: [number, string][], skip: Set<number>): void {
  const kept: string[] = [];
  let skipped = false;
  for (const [line, text] of numbered) {
    if (skip.has(line)) {
      skipped = true;
      continue;
    }
    const blank = text.trim() === '';
    // A child list taken out between two paragraphs leaves two blank lines; keep one.
    if (skipped && blank && (kept.at(-1) ?? '').trim() === '') continue;
    if (!blank) skipped = false;
    kept.push(text);
  }
  step.text = kept.join('\n').trim();
  step.title = shorten((step.text.split('\n')[0] ?? '').trim());
}

function shorten(line: string): string {
  if (line.length <= TITLE_MAX) return line;
  const room = TITLE_MAX - 3; // for the '...'
  const head = line.slice(0, room);
  // Cut before the word that does not fit, unless one word fills the whole room.
  const cut = /\s/.test(line.charAt(room)) ? room : head.search(/\s\S*$/);
  return `${(cut > 0 ? head.slice(0, cut) : head).trimEnd()}...`;
}

/** A label seen before gets a letter: 21, 21b, 21c ... 21z, 21aa. */
function uniqueLabels(): (base: string) => string {
  const seen = new Map<string, number>();
  return (base) => {
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    let suffix = '';
    for (let n = count; n > 0; n = Math.floor((n - 1) / 26)) suffix = String.fromCharCode(97 + ((n - 1) % 26)) + suffix;
    return count === 1 ? base : base + suffix;
  };
}

function newlines(raw: string): number {
  let count = 0;
  for (const ch of raw) if (ch === '\n') count++;
  return count;
}

/** The lines a token's raw text covers, from `firstLine`. */
function span(firstLine: number, raw: string): number[] {
  const count = newlines(raw.replace(/\n$/, '')) + 1;
  return Array.from({ length: count }, (_, i) => firstLine + i);
}
