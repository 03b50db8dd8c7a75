// Base64 (RFC 4648 §4) and the DER public-key reader (X.690) on arbitrary and hostile input: never throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expectNeverThrows,
  expectReturnsOnHostile,
  HOSTILE_BYTES,
  HOSTILE_TIMEOUT,
} from '../../../tests/support/hostile-inputs';
import { decodeBase64, decodeBase64Url } from './base64';
import { describePublicKey, root } from './der';

describe('decodeBase64 on hostile input', { timeout: HOSTILE_TIMEOUT }, () => {
  it('never throws (2,000 cases) and returns on every hostile input', () => {
    expectNeverThrows((s) => decodeBase64(s), ['QUJD', '=', '==', ' ', '\r\n', '+/', '-_', 'MIIB']);
    expectReturnsOnHostile((s) => decodeBase64(s), {
      prefixes: ['MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A', '=='],
    });
  });
});

describe('decodeBase64Url on hostile input (share links)', { timeout: HOSTILE_TIMEOUT }, () => {
  it('never throws (2,000 cases) and returns on every hostile input', () => {
    expectNeverThrows((s) => decodeBase64Url(s), ['QUJD', '=', '-_', '+/', 'eJzL', ' ']);
    expectReturnsOnHostile((s) => decodeBase64Url(s), { prefixes: ['eJzLSM3JyQcABiwCFQ', '-'] });
  });
});

describe('DER reader on hostile bytes', { timeout: HOSTILE_TIMEOUT }, () => {
  it('never throws on arbitrary bytes (2,000 cases)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        root(bytes);
        expect(typeof describePublicKey(bytes)).toBe('object');
      }),
      { numRuns: 2_000 },
    );
  });

  it('returns on every hostile byte input', () => {
    for (const { name, bytes } of HOSTILE_BYTES) expect(() => describePublicKey(bytes), name).not.toThrow();
  });
});
