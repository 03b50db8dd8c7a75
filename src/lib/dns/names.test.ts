import { describe, expect, it } from 'vitest';
import { canonicalName, parseDomainInput, toAsciiName, toUnicodeName } from './names';
import { punycodeDecode, punycodeEncode } from './punycode';

describe('punycode (RFC 3492 §7.1 samples)', () => {
  const samples: Array<[string, string]> = [
    ['bücher', 'bcher-kva'],
    ['münchen', 'mnchen-3ya'],
    ['例え', 'r8jz45g'],
    ['他们为什么不说中文', 'ihqwcrb4cv8a8dqg056pqjye'],
    ['правительство', '80aealotwbjpid2k'],
  ];
  it.each(samples)('%s ⇄ %s', (unicode, ascii) => {
    expect(punycodeEncode(unicode)).toBe(ascii);
    expect(punycodeDecode(ascii)).toBe(unicode);
  });
  it('rejects invalid input', () => {
    expect(punycodeDecode('!!!')).toBeNull();
  });
});

describe('toAsciiName', () => {
  it('sends IDN names as punycode, lower-case', () => {
    expect(toAsciiName('Bücher.Example')).toEqual({ ok: true, name: 'xn--bcher-kva.example' });
    expect(toAsciiName('例え.テスト')).toEqual({ ok: true, name: 'xn--r8jz45g.xn--zckzah' });
  });
  it('accepts ideographic full stops as dots', () => {
    expect(toAsciiName('例え。テスト')).toEqual({ ok: true, name: 'xn--r8jz45g.xn--zckzah' });
  });
  it('drops one trailing dot', () => {
    expect(toAsciiName('Example.COM.')).toEqual({ ok: true, name: 'example.com' });
  });
  it('keeps underscores for service labels', () => {
    expect(toAsciiName('_dmarc.example.com')).toEqual({ ok: true, name: '_dmarc.example.com' });
  });
  it('rejects a 64-character label', () => {
    const r = toAsciiName(`${'a'.repeat(64)}.example`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/64 characters.*at most 63/);
  });
  it('accepts a 63-character label', () => {
    expect(toAsciiName(`${'a'.repeat(63)}.example`).ok).toBe(true);
  });
  it('rejects names over 253 characters', () => {
    const name = Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.');
    const r = toAsciiName(name);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/at most 253/);
  });
  it('rejects empty labels', () => {
    expect(toAsciiName('a..b').ok).toBe(false);
    expect(toAsciiName('').ok).toBe(false);
    expect(toAsciiName('.').ok).toBe(false);
  });
  it('rejects spaces and control characters', () => {
    expect(toAsciiName('a b.example').ok).toBe(false);
    expect(toAsciiName('a\u0000b.example').ok).toBe(false);
  });
});

describe('toUnicodeName / canonicalName', () => {
  it('decodes punycode labels for display', () => {
    expect(toUnicodeName('xn--bcher-kva.example')).toBe('bücher.example');
    expect(toUnicodeName('xn--invalid!.example')).toBe('xn--invalid!.example');
  });
  it('compares names without case or trailing dot', () => {
    expect(canonicalName('Mail.Example.COM.')).toBe('mail.example.com');
  });
});

describe('parseDomainInput', () => {
  it('tolerates a URL, an address, spaces', () => {
    expect(parseDomainInput(' https://Example.com/path?q=1 ')).toMatchObject({
      ok: true,
      domain: 'example.com',
    });
    expect(parseDomainInput('postmaster@example.org')).toMatchObject({ ok: true, domain: 'example.org' });
    expect(parseDomainInput('example.net:443')).toMatchObject({ ok: true, domain: 'example.net' });
  });
  it('says when the input looked like a web address: a scheme, a path or a www. label', () => {
    const web = (text: string) => {
      const r = parseDomainInput(text);
      return r.ok ? r.webAddress : null;
    };
    expect(web('https://www.good.example/contact')).toBe(true);
    expect(web('http://good.example')).toBe(true);
    expect(web('good.example/contact')).toBe(true);
    expect(web('www.good.example')).toBe(true);
    // A mail address, a bare name, a trailing slash or dot are not web addresses.
    expect(web('postmaster@good.example')).toBe(false);
    expect(web('mailto:postmaster@good.example')).toBe(false);
    expect(web('good.example/')).toBe(false);
    expect(web('mail.good.example.')).toBe(false);
  });
  it('shows IDN names in Unicode and asks in punycode', () => {
    expect(parseDomainInput('bücher.example')).toEqual({
      ok: true,
      domain: 'xn--bcher-kva.example',
      display: 'bücher.example',
      webAddress: false,
    });
  });
  it('explains what is wrong', () => {
    expect(parseDomainInput('')).toMatchObject({ ok: false, error: expect.stringMatching(/Type a domain/) });
    expect(parseDomainInput('localhost')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no dot/),
    });
    expect(parseDomainInput('192.0.2.1')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/IP address/),
    });
    expect(parseDomainInput('exa mple.com')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/spaces/),
    });
    expect(parseDomainInput('-bad-.com')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/letters, digits/),
    });
    expect(parseDomainInput('x'.repeat(2000))).toMatchObject({ ok: false });
  });
});
