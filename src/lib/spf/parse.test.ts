import { describe, expect, it } from 'vitest';
import { formatIp } from '../net/ip';
import { lintSpfRecord } from './lint';
import { parseSpf, spfErrors } from './parse';
import type { Mechanism } from './types';

function errorsOf(text: string) {
  return spfErrors(parseSpf(text));
}

describe('parseSpf', () => {
  it('reads mechanisms, qualifiers, dual CIDR and modifiers with positions', () => {
    const r = parseSpf(
      'v=spf1 ip4:192.0.2.0/24 -a:mail.example.com/28//64 ~mx include:_spf.example.net redirect=example.org exp=why.%{d}',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [ip4, a, mx, include] = r.record.mechanisms as [Mechanism, Mechanism, Mechanism, Mechanism];
    expect(ip4).toMatchObject({ name: 'ip4', qualifier: '+', cidr4: 24, start: 7, end: 23 });
    expect(formatIp(ip4.network!)).toBe('192.0.2.0');
    expect(a).toMatchObject({
      name: 'a',
      qualifier: '-',
      domainSpec: 'mail.example.com',
      cidr4: 28,
      cidr6: 64,
    });
    expect(mx).toMatchObject({ name: 'mx', qualifier: '~', domainSpec: null });
    expect(include).toMatchObject({ name: 'include', domainSpec: '_spf.example.net' });
    expect(r.record.redirect?.value).toBe('example.org');
    expect(r.record.exp?.value).toBe('why.%{d}');
  });

  it('is case-insensitive for the version, mechanism names and modifier names', () => {
    expect(parseSpf('V=SPF1 IP4:192.0.2.1 MX REDIRECT=example.org').ok).toBe(true);
  });

  it('accepts several spaces between terms and trailing spaces', () => {
    expect(parseSpf('v=spf1  a   -all  ').ok).toBe(true);
  });

  it('explains an address glued to the all mechanism', () => {
    const [e] = errorsOf('v=spf1 ip4:192.0.2.1~all');
    expect(e).toMatchObject({ code: 'bad-network', start: 7, end: 24, fix: 'Put a space before “~all”.' });
    expect(e!.message).toContain('“192.0.2.1~all” is not a valid IPv4 address');
  });

  it('points at a tab or line break between terms', () => {
    const [e] = errorsOf('v=spf1 a\t-all');
    expect(e).toMatchObject({ code: 'bad-character', start: 8 });
    expect(e!.message).toContain('a tab');
  });

  it('finds every error, not just the first', () => {
    const errors = errorsOf('v=spf1 foo ip4:999.1.1.1 a/33 include -all exp=');
    expect(errors.map((e) => e.code)).toEqual([
      'unknown-mechanism',
      'bad-network',
      'bad-cidr',
      'missing-domain',
      'empty-domain',
    ]);
  });

  it.each([
    // Invalid CIDR lengths and leading zeros.
    ['v=spf1 ip4:192.0.2.0/33', 'bad-cidr'],
    ['v=spf1 ip4:192.0.2.0/024', 'bad-cidr'],
    ['v=spf1 ip6:2001:db8::/129', 'bad-cidr'],
    ['v=spf1 a/24/64', 'bad-cidr'],
    ['v=spf1 ip4:01.2.3.4', 'bad-network'],
    // Duplicate redirect/exp, qualified modifiers and bad modifier names.
    ['v=spf1 redirect=a.example redirect=b.example', 'duplicate-redirect'],
    ['v=spf1 -redirect=a.example', 'qualified-modifier'],
    ['v=spf1 1up=foo', 'bad-modifier'],
    ['v=spf1 =all', 'empty-modifier'],
  ])('rejects %s first with %s', (record, code) => {
    expect(errorsOf(record)[0]?.code).toBe(code);
  });

  it('rejects domains that cannot end a domain-spec', () => {
    expect(errorsOf('v=spf1 a:museum')[0]?.message).toContain('needs at least one dot');
    expect(errorsOf('v=spf1 a:192.0.2.1')[0]?.message).toContain('all digits');
    expect(errorsOf('v=spf1 include:example.-com')[0]?.code).toBe('bad-domain');
    expect(parseSpf('v=spf1 a:%{d}').ok).toBe(true);
    expect(parseSpf('v=spf1 a:foo.xn--zckzah').ok).toBe(true);
  });

  it('treats redirect: and exp: as misspelt modifiers', () => {
    const [e] = errorsOf('v=spf1 redirect:example.org');
    expect(e?.fix).toBe('redirect is a modifier: write redirect=domain.');
  });

  it('validates macros: letters, exp-only letters, zero digits, bare %', () => {
    expect(errorsOf('v=spf1 exists:%{x}.example.com')[0]?.message).toContain('unknown macro letter');
    expect(errorsOf('v=spf1 exists:%{c}.example.com')[0]?.message).toContain('only in explanation');
    expect(errorsOf('v=spf1 exists:%{d0}.example.com')[0]?.message).toContain('must not be zero');
    expect(errorsOf('v=spf1 exists:50%.example.com')[0]?.message).toContain('is not a macro');
    expect(parseSpf('v=spf1 exists:%{ir}.%{l1r-}.%{d2}._spf.example.com').ok).toBe(true);
  });

  it('keeps unknown modifiers with an info note', () => {
    const r = parseSpf('v=spf1 -all moo=cow');
    expect(r.ok).toBe(true);
    expect(r.issues.map((i) => i.code)).toEqual(['unknown-modifier']);
  });

  it('refuses non-SPF text, a leading space and non-ASCII', () => {
    expect(errorsOf('v=spf10 -all')[0]?.code).toBe('no-version');
    expect(errorsOf(' v=spf1 -all')[0]?.message).toContain('starts with a space');
    expect(errorsOf('v=spf1 a:bücher.example -all')[0]?.code).toBe('non-ascii');
    expect(errorsOf('x'.repeat(70_000))[0]?.code).toBe('too-long');
  });
});

describe('lintSpfRecord', () => {
  const lint = (text: string) => {
    const r = parseSpf(text);
    if (!r.ok) throw new Error('parse failed');
    return lintSpfRecord(r.record).map((i) => i.code);
  };
  it('grades the all qualifier', () => {
    expect(lint('v=spf1 +all')).toContain('plus-all');
    expect(lint('v=spf1 all')).toContain('plus-all');
    expect(lint('v=spf1 ?all')).toContain('neutral-all');
    expect(lint('v=spf1 ~all')).toContain('softfail-all');
    expect(lint('v=spf1 -all')).toEqual([]);
    expect(lint('v=spf1 a')).toContain('no-all');
    expect(lint('v=spf1 redirect=_spf.example.com')).toEqual([]);
  });
  it('reports host bits and huge networks', () => {
    expect(lint('v=spf1 ip4:192.0.2.1/24 -all')).toContain('host-bits');
    expect(lint('v=spf1 ip4:0.0.0.0/1 -all')).toContain('huge-network');
  });
  it('warns about records over 450 bytes', () => {
    expect(
      lint(`v=spf1 ${Array.from({ length: 30 }, (_, i) => `ip4:192.0.2.${i}`).join(' ')} -all`),
    ).toContain('record-size');
  });
});
