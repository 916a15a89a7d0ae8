/**
 * A tiny, strict XML reader for the tests: enough to prove the JUnit output
 * is well-formed (balanced tags, one root, quoted attributes, only known
 * entities, no raw `<` or `&`, only XML 1.0 characters) and to read it back.
 * Character by character, no regular expressions, so it cannot share a bug
 * with the escaping it checks.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(xml: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at offset ${i}: ${JSON.stringify(xml.slice(Math.max(0, i - 30), i + 30))}`);
  };
  for (const ch of xml) {
    const cp = ch.codePointAt(0) ?? 0;
    const ok = cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
    if (!ok) fail(`illegal character U+${cp.toString(16)}`);
  }
  const isNameChar = (c: string | undefined) => c !== undefined && (isLetter(c) || (c >= '0' && c <= '9') || c === '-' || c === '_' || c === ':' || c === '.');
  const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r';
  const skipSpace = () => {
    while (isSpace(xml[i])) i++;
  };
  const name = () => {
    const start = i;
    while (isNameChar(xml[i])) i++;
    if (i === start) fail('expected a name');
    return xml.slice(start, i);
  };
  // Reads text up to `stop`, decoding entity and character references.
  const chars = (stop: string, inAttr: boolean) => {
    let out = '';
    while (i < xml.length && xml[i] !== stop) {
      const c = xml[i]!;
      if (c === '<') fail('raw < in ' + (inAttr ? 'attribute' : 'text'));
      if (c === '&') {
        const end = xml.indexOf(';', i);
        if (end < 0) fail('unterminated reference');
        const ref = xml.slice(i + 1, end);
        if (ref.startsWith('#')) {
          const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
          if (!Number.isFinite(code)) fail(`bad character reference &${ref};`);
          out += String.fromCodePoint(code);
        } else {
          const v = ENTITIES[ref];
          if (v === undefined) fail(`unknown entity &${ref};`);
          out += v;
        }
        i = end + 1;
      } else {
        out += c;
        i++;
      }
    }
    return out;
  };

  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    i = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    if (xml[i] !== '<') {
      const t = chars('<', false);
      const top = stack[stack.length - 1];
      if (top) top.text += t;
      else if (t.trim() !== '') fail('text outside the root');
      continue;
    }
    i++;
    if (xml[i] === '/') {
      i++;
      const n = name();
      skipSpace();
      if (xml[i] !== '>') fail('expected >');
      i++;
      const top = stack.pop();
      if (!top || top.name !== n) fail(`</${n}> closes <${top?.name ?? 'nothing'}>`);
      continue;
    }
    if (root && stack.length === 0) fail('second root element');
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const hadSpace = isSpace(xml[i]);
      skipSpace();
      if (xml[i] === '/' && xml[i + 1] === '>') {
        i += 2;
        attach(el, false);
        break;
      }
      if (xml[i] === '>') {
        i++;
        attach(el, true);
        break;
      }
      if (!hadSpace) fail('expected a space before an attribute');
      const a = name();
      if (xml[i] !== '=') fail('expected =');
      i++;
      const q = xml[i];
      if (q !== '"' && q !== "'") fail('unquoted attribute');
      i++;
      if (a in el.attrs) fail(`duplicate attribute ${a}`);
      el.attrs[a] = chars(q!, true);
      if (xml[i] !== q) fail('unterminated attribute');
      i++;
    }
  }
  if (stack.length > 0) fail(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (!root) fail('no root element');
  return root!;

  function attach(el: XmlElement, opens: boolean): void {
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
    if (opens) stack.push(el);
  }
}

function isLetter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/** Every element named `name`, depth first. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => findAll(c, name))];
}
