import { describe, expect, it } from 'vitest';
import { compareSpfRecheck } from './spf-recheck';

describe('compareSpfRecheck', () => {
  // RFC 7208 §2.6.6: temperror is a DNS failure, not a result; only two results can differ.
  it.each([
    ['pass', 'pass', 'same'],
    ['Pass', 'pass', 'same'],
    ['softfail', 'pass', 'changed'],
    ['pass', 'permerror', 'changed'],
    ['hardfail', 'fail', 'same'],
    ['pass', 'temperror', 'unchecked'],
    [null, 'temperror', 'unchecked'],
    ['temperror', 'pass', 'unknown-then'],
    ['error', 'fail', 'unknown-then'],
    [null, 'pass', 'not-said'],
    ['bestguesspass', 'pass', 'changed'],
  ] as const)('receiver said %s, today %s: %s', (said, today, expected) => {
    expect(compareSpfRecheck(said, today)).toBe(expected);
  });
});
