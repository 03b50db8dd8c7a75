// Hostile and random input: the parser never throws, whatever it is given.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectReturnsOnHostile, HOSTILE_TIMEOUT } from '../../../tests/support/hostile-inputs';
import { parseMacroString, splitSender } from './macro';
import { parseSpf } from './parse';

const TERMS = [
  'a',
  'mx',
  'ptr',
  '-all',
  '~all',
  '?all',
  'include:_spf.example.com',
  'ip4:192.0.2.0/24',
  'ip6:2001:db8::/32',
  'exists:%{i}._spf.%{d}',
  'redirect=example.org',
  'exp=explain.%{d2}',
  'a:mail.example.com/24//64',
];
const MUTATIONS = [
  '',
  ' ',
  '\t',
  '\r\n',
  '\u0000',
  '%',
  '%{',
  '}',
  ':',
  '/',
  '//',
  '=',
  '.',
  '-',
  'é',
  '\uFFFF',
  '9999',
  'v=spf1',
];

const record = fc.array(fc.constantFrom(...TERMS), { maxLength: 20 }).map((t) => ['v=spf1', ...t].join(' '));
const mutated = fc
  .tuple(
    record,
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...MUTATIONS), fc.nat({ max: 3 })), { maxLength: 6 }),
  )
  .map(([text, edits]) => {
    let out = text;
    for (const [pos, insert, del] of edits) {
      const at = pos % (out.length + 1);
      out = out.slice(0, at) + insert + out.slice(at + del);
    }
    return out;
  });

describe('SPF parser on hostile input', { timeout: HOSTILE_TIMEOUT }, () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (s) => {
        const r = parseSpf(s);
        expect(typeof r.ok).toBe('boolean');
        parseSpf(`v=spf1 ${s}`);
        parseMacroString(s, 'exp');
      }),
      { numRuns: 5000 },
    );
  });

  it('never throws on mutated valid records, and every error has a position inside the text', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        const r = parseSpf(text);
        for (const e of r.issues) expect(e.start).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 5000 },
    );
  });

  it('returns on the shared hostile list (tests/support/hostile-inputs.ts)', () => {
    expectReturnsOnHostile((s) => parseSpf(s), {
      prefixes: ['v=spf1 ', 'v=spf1 include:', 'v=spf1 ip4:', 'v=spf1 a:%{'],
    });
    expectReturnsOnHostile((s) => parseMacroString(s, 'domain'), { prefixes: ['%{d', 'a.%{ir}.'] });
    expectReturnsOnHostile((s) => parseMacroString(s, 'exp'), { prefixes: ['%{'] });
    expectReturnsOnHostile((s) => splitSender(s), { prefixes: ['a@', '@'] });
  });

  it('handles SPF-specific hostile records', () => {
    const hostile = [
      'v=spf1 ' + 'a '.repeat(20000),
      'v=spf1 ' + '/'.repeat(60000),
      'v=spf1 a:' + '%{d}'.repeat(10000),
      'v=spf1 include:' + 'a.'.repeat(30000) + 'com',
      'v=spf1 a:' + 'x'.repeat(64) + '.example',
      'v=spf1 ' + '\u0000'.repeat(1000),
      'v=spf1 ip4:192.0.2.1\r\nInjected: header',
      'v=spf1 ' + '%{'.repeat(20000),
    ];
    for (const text of hostile) expect(() => parseSpf(text)).not.toThrow();
  });
});
