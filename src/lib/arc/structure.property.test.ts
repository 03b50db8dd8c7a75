// ARC structure (RFC 8617 §5.2) on arbitrary and hostile ARC fields: never throws, whatever the three fields hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectReturnsOnHostile, hostileSoup, HOSTILE_TIMEOUT } from '../../../tests/support/hostile-inputs';
import { analyzeArcStructure } from './structure';

const PIECES = [
  'i=1',
  'i=2',
  'i=51',
  'i=0',
  'cv=none',
  'cv=pass',
  'cv=fail',
  'a=rsa-sha256',
  'd=example.com',
];
const LNAMES = ['arc-seal', 'arc-message-signature', 'arc-authentication-results'] as const;
const value = hostileSoup([...PIECES, ';', ' ', '=', 'mx.example; dkim=pass', 'b=', 'bh=', 'h=from']);

/** The same value in all three ARC fields, as the hostile list fills them. */
const threeFields = (v: string) => analyzeArcStructure(LNAMES.map((lname) => ({ lname, value: v })));

describe('analyzeArcStructure on hostile input', { timeout: HOSTILE_TIMEOUT }, () => {
  it('never throws on any set of ARC fields (2,000 cases)', () => {
    const field = fc.record({ lname: fc.constantFrom(...LNAMES), value });
    fc.assert(
      fc.property(fc.array(field, { maxLength: 12 }), (fields) => {
        expect(['none', 'pass', 'fail']).toContain(analyzeArcStructure(fields).result);
      }),
      { numRuns: 2_000 },
    );
  });

  it('returns on every hostile input in each field', () =>
    expectReturnsOnHostile(threeFields, {
      prefixes: ['i=1; ', 'i=1; cv=none; a=rsa-sha256; b=', 'i=1; mx.example; '],
    }));

  it('returns on 10,000 ARC sets (over the limit of 50)', () => {
    const fields = Array.from({ length: 10_000 }, (_, i) =>
      LNAMES.map((lname) => ({ lname, value: `i=${(i % 999) + 1}; cv=pass` })),
    ).flat();
    expect(analyzeArcStructure(fields).result).toBe('fail');
  });
});
