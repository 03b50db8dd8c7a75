import { describe, expect, it } from 'vitest';
import { scanXml, type XmlHandler } from './xml-scanner';
import { XmlText } from './xml-text';

/** Events as strings: "<a", "/a", "t:text", "c:cdata". */
function events(xml: string): { events: string[]; result: ReturnType<typeof scanXml> } {
  const bytes = new TextEncoder().encode(xml);
  const text = new XmlText(bytes, null);
  const out: string[] = [];
  const handler: XmlHandler = {
    halt: null,
    open: (name) => out.push(`<${name}`),
    close: (name) => out.push(`/${name}`),
    text: (s, e) => out.push(`t:${text.text(s, e)}`),
    cdata: (s, e) => out.push(`c:${new TextDecoder().decode(bytes.subarray(s, e))}`),
  };
  return { events: out, result: scanXml(bytes, handler) };
}

describe('scanXml', () => {
  it('reads elements, text, CDATA, comments, PIs, self-closing tags and quoted ">" in attributes', () => {
    const { events: e, result } = events(
      '<?xml version="1.0" encoding="UTF-8"?><!-- c --><f:feedback xmlns:f="x" a=">"><a>1<!-- x -->2</a><b/><c><![CDATA[<raw>&amp;]]></c></f:feedback>',
    );
    expect(e).toEqual([
      '<feedback',
      '<a',
      't:1',
      't:2',
      '/a',
      '<b',
      '/b',
      '<c',
      'c:<raw>&amp;',
      '/c',
      '/feedback',
    ]);
    expect(result).toMatchObject({ ok: true, encoding: 'utf-8', unclosed: [] });
  });

  it('replaces the five predefined entities and character references, keeps unknown ones as written', () => {
    const { events: e } = events('<a>&lt;&gt;&amp;&quot;&apos; &#65;&#x42; &#0; &nbsp; AT&T</a>');
    expect(e[1]).toBe('t:<>&"\' AB \ufffd &nbsp; AT&T');
  });

  it('refuses DOCTYPE and ENTITY declarations', () => {
    expect(events('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>').result).toMatchObject({
      ok: false,
      code: 'doctype',
    });
    expect(events('<a><!ENTITY x "y"></a>').result).toMatchObject({ ok: false, code: 'doctype' });
  });

  it('recovers from a bare "<" in text and from unclosed or stray end tags, with warnings', () => {
    const { events: e, result } = events('<r><a>x<y.z</a><b><c>1</b></d></r>');
    expect(e).toEqual(['<r', '<a', 't:x<y.z', '/a', '<b', '<c', 't:1', '/c', '/b', '/r']);
    expect(result.ok && result.warnings).toHaveLength(3);
  });

  it('reports truncation inside markup, and elements left open at the end', () => {
    expect(events('<a><b').result).toMatchObject({ ok: false, code: 'malformed' });
    expect(events('<a><!-- never closed').result).toMatchObject({ ok: false, code: 'malformed' });
    expect(events('<a><b>x').result).toMatchObject({ ok: true, unclosed: ['a', 'b'] });
  });

  it('caps element depth', () => {
    expect(events('<a>'.repeat(100)).result).toMatchObject({ ok: false, code: 'limit' });
  });

  it('decodes UTF-8 values, and replaces invalid bytes noting it', () => {
    const bytes = Uint8Array.from([
      ...new TextEncoder().encode('<a>caf\u00e9 '),
      0xff,
      ...new TextEncoder().encode('</a>'),
    ]);
    const text = new XmlText(bytes, null);
    expect(text.value(3, bytes.length - 4)).toBe('café \ufffd');
    expect(text.invalidBytes).toBe(true);
    const latin = new XmlText(Uint8Array.from([0x63, 0x61, 0x66, 0xe9]), 'iso-8859-1');
    expect(latin.text(0, 4)).toBe('café');
  });
});
