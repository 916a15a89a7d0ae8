import { describe, expect, it } from 'vitest';
import { escapeXmlAttr, escapeXmlText, stripIllegalXmlChars } from '../../src/report/xml.js';

describe('XML escaping', () => {
  it('escapes the five markup characters', () => {
    expect(escapeXmlText(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });

  it('keeps whitespace in attributes as references, which parsers would flatten', () => {
    expect(escapeXmlAttr('a\tb\nc\r\nd')).toBe('a&#9;b&#10;c&#13;&#10;d');
    expect(escapeXmlText('a\tb\nc\r\nd')).toBe('a\tb\nc&#13;\nd');
  });

  it('drops characters XML 1.0 cannot hold, keeps astral ones', () => {
    expect(stripIllegalXmlChars('a\u0000b\u0008c\u001bd\ufffee\uffff\ud800f\udc00g')).toBe('abcdefg');
    expect(stripIllegalXmlChars('ok \u{1F600} \u00e9 \ue000')).toBe('ok \u{1F600} \u00e9 \ue000');
  });
});
