import { describe, expect, it } from 'vitest';
import { parseXml } from './xml-check.js';

// The checker is only worth something if it rejects what a CI parser rejects.
describe('the test XML checker', () => {
  it('reads nested elements, attributes and references', () => {
    const root = parseXml('<?xml version="1.0"?>\n<a x="1 &amp; &#10;2"><b/>t &lt; u</a>\n');
    expect(root.attrs.x).toBe('1 & \n2');
    expect(root.children[0]!.name).toBe('b');
    expect(root.text).toBe('t < u');
  });

  it.each([
    ['unbalanced', '<a><b></a></b>'],
    ['unclosed', '<a><b/>'],
    ['two roots', '<a/><b/>'],
    ['raw ampersand', '<a>x & y</a>'],
    ['unknown entity', '<a>&nbsp;</a>'],
    ['raw < in attribute', '<a x="<"/>'],
    ['unquoted attribute', '<a x=1/>'],
    ['illegal character', '<a>\u0001</a>'],
  ])('rejects %s', (_why, xml) => {
    expect(() => parseXml(xml)).toThrow();
  });
});
