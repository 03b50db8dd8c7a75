// DKIM-Signature fields matched to the receiver's results, and linear work on many signatures.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthResResult } from '../authres';
import { analyzeHeaders } from './analyze';
import { matchResults } from './signatures';

const dkim = (d: string | null, b?: string, result = 'pass'): AuthResResult => ({
  method: 'dkim',
  result,
  properties: [
    ...(d === null ? [] : [{ ptype: 'header', property: 'd', value: d }]),
    ...(b === undefined ? [] : [{ ptype: 'header', property: 'b', value: b }]),
  ],
});

describe('matchResults', () => {
  it('takes the first result of the same d= whose header.b is absent or a prefix of b=', () => {
    const results = [
      dkim('a.example', 'XYZ'),
      dkim('b.example'),
      dkim('a.example', 'ABC'),
      dkim('a.example', 'AB'),
    ];
    expect(
      matchResults(results, [
        { domain: 'a.example', b: 'ABCDEF' },
        { domain: 'a.example', b: 'ABxx' },
        { domain: 'a.example', b: 'Q' },
        { domain: 'b.example', b: 'anything' },
        { domain: 'c.example', b: 'ABC' },
      ]),
    ).toEqual([2, 3, -1, 1, -1]);
  });

  it('lets a result without header.b match any signature of its domain, and an equal b= match itself', () => {
    expect(
      matchResults([dkim('a.example', 'AB'), dkim('a.example')], [{ domain: 'a.example', b: 'AB' }]),
    ).toEqual([0]);
    expect(
      matchResults([dkim('a.example', 'ZZ'), dkim('a.example')], [{ domain: 'a.example', b: 'AB' }]),
    ).toEqual([1]);
    expect(matchResults([dkim(null)], [{ domain: null, b: '' }])).toEqual([0]);
  });
});

/** n DKIM-Signature fields of one domain, n other fields and a receiver result per signature (header.b given). */
function manySignatures(n: number): string {
  const b = (i: number) => `sig${String(i).padStart(6, '0')}`;
  const results = Array.from({ length: n }, (_, i) => `dkim=pass header.d=example.com header.b=${b(i)}`);
  return [
    `Authentication-Results: mx.example.net; ${results.join('; ')}`,
    'Received: from a.example.com by mx.example.net; Mon, 1 Jan 2024 00:00:00 +0000',
    'From: a@example.com',
    ...Array.from({ length: n }, (_, i) => `X-Field-${i}: ${i}`),
    ...Array.from(
      { length: n },
      (_, i) => `DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s; h=from:subject; bh=AA; b=${b(i)}AAAA`,
    ),
  ].join('\r\n');
}

describe('analyzeHeaders on many DKIM-Signature fields', () => {
  afterEach(() => vi.restoreAllMocks());

  it('matches every signature to its own result', () => {
    const a = analyzeHeaders(manySignatures(50), { now: new Date(0) });
    expect(a.signatures).toHaveLength(50);
    expect(a.signatures.every((s) => s.result === 'pass')).toBe(true);
  });

  // Work is counted, not timed: Map insertions (field-name counts) and prefix tests (result matching) are where
  // signatures × fields used to go. Doubling the input must about double them, never quadruple them.
  it('does work linear in the number of fields and signatures', () => {
    const work = (n: number) => {
      const text = manySignatures(n);
      const sets = vi.spyOn(Map.prototype, 'set');
      const prefixes = vi.spyOn(String.prototype, 'startsWith');
      analyzeHeaders(text, { now: new Date(0) });
      const count = sets.mock.calls.length + prefixes.mock.calls.length;
      vi.restoreAllMocks();
      return count;
    };
    const small = work(200);
    const large = work(800);
    expect(small).toBeGreaterThan(200);
    expect(large / small).toBeLessThan(4.5);
  });
});
