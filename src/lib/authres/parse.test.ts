// Authentication-Results edge cases beside the conformance suites (tests/conformance/authres-*): error positions,
// built-in property names as method and property names, and the Exchange Online bare domain.
import { describe, expect, it } from 'vitest';
import { parseAuthenticationResults } from '.';

const strict = { relaxed: false, i18n: false };

describe('parseAuthenticationResults', () => {
  it('keeps an error position inside the input for a quoted string ending in a backslash', () => {
    const value = 'x; dkim=pass reason="\\';
    const r = parseAuthenticationResults(value);
    expect(r).toEqual({ ok: false, error: 'A quoted string is never closed.', position: value.indexOf('"') });
    expect(parseAuthenticationResults('"\\')).toMatchObject({ ok: false, position: 0 });
  });

  it('reports an unclosed comment at its opening parenthesis, and a cut-off field at its end', () => {
    expect(parseAuthenticationResults('x; dkim=pass (a \\')).toMatchObject({ ok: false, position: 13 });
    const cut = 'x; dkim=';
    expect(parseAuthenticationResults(cut)).toMatchObject({ ok: false, position: cut.length });
  });

  it('treats built-in object property names as plain names', () => {
    expect(parseAuthenticationResults('x; constructor=pass', strict)).toMatchObject({
      ok: true,
      results: [{ method: 'constructor', result: 'pass' }],
    });
    expect(parseAuthenticationResults('toString/1=pass')).toMatchObject({ ok: false });
    const r = parseAuthenticationResults('x; dkim=pass __proto__=polluted constructor=1 header.toString=a');
    expect(r.ok && r.results[0]?.properties).toEqual([{ ptype: 'header', property: 'tostring', value: 'a' }]);
    const extras = r.ok ? r.results[0]?.extras : undefined;
    expect(extras && Object.getPrototypeOf(extras)).toBe(Object.prototype);
    expect(extras && Object.entries(extras)).toEqual([
      ['__proto__', 'polluted'],
      ['constructor', '1'],
    ]);
  });

  it('skips the bare receiving domain Exchange Online writes between results, warning once', () => {
    const r = parseAuthenticationResults('x; spf=pass; contoso.com; dkim=none; contoso.com');
    expect(r.ok && r.results.map((x) => x.method)).toEqual(['spf', 'dkim']);
    expect(r.ok && r.warnings.filter((w) => w.startsWith('A bare domain'))).toHaveLength(1);
  });
});

describe('property aliases', () => {
  // tests/fixtures/arc/forwardemail/arc-none.txt (dkimpy): "spf=pass smtp.mfrom=jqd@d1.example".
  it('reads smtp.mfrom as smtp.mailfrom and keeps the name as written', () => {
    const r = parseAuthenticationResults('lists.example.org; spf=pass smtp.mfrom=jqd@d1.example');
    expect(r.ok && r.results[0]?.properties).toEqual([
      { ptype: 'smtp', property: 'mailfrom', value: 'jqd@d1.example', written: 'mfrom' },
    ]);
    // Only in the smtp ptype: header.mfrom is no alias.
    const h = parseAuthenticationResults('x; spf=pass header.mfrom=a');
    expect(h.ok && h.results[0]?.properties).toEqual([{ ptype: 'header', property: 'mfrom', value: 'a' }]);
  });
});
