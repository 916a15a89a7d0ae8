/**
 * XML 1.0 escaping for the JUnit report. Step titles, errors and evidence
 * carry arbitrary text (command output with control characters, quotes,
 * angle brackets); one bad byte makes CI reject the whole file.
 */

/** XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Drops characters XML 1.0 cannot hold at all, lone surrogates included (for..of yields them alone). */
export function stripIllegalXmlChars(text: string): string {
  let out = '';
  for (const ch of text) if (isXmlChar(ch.codePointAt(0) ?? 0)) out += ch;
  return out;
}

const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Element content. `\r` is kept as a reference, or parsers would turn `\r\n` into `\n`. */
export function escapeXmlText(text: string): string {
  let out = '';
  for (const ch of stripIllegalXmlChars(text)) out += TEXT_ENTITIES[ch] ?? (ch === '\r' ? '&#13;' : ch);
  return out;
}

/** Attribute values: parsers normalise raw tabs and newlines there to spaces, so those become references. */
export function escapeXmlAttr(text: string): string {
  let out = '';
  for (const ch of stripIllegalXmlChars(text)) {
    if (ch === '\n') out += '&#10;';
    else if (ch === '\r') out += '&#13;';
    else if (ch === '\t') out += '&#9;';
    else out += TEXT_ENTITIES[ch] ?? ch;
  }
  return out;
}
