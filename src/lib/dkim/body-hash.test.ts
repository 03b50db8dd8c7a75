import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceBody } from '../../../tests/support/dkim-canonical';
import { encodeBase64 } from '../encoding/base64';
import { binaryToBytes } from '../encoding/bytes';
import type { BodyCanonicalization } from './body';
import { COPY_MAX_BYTES, hashBody } from './body-hash';

const hashOf = (s: string) => encodeBase64(sha256(binaryToBytes(s)));

describe('hashBody', () => {
  it('hashes the canonical body, cut to l=, whether the body changes or not', async () => {
    const text = fc
      .array(fc.constantFrom(' ', '\t', '\r', '\n', '\r\n', 'a', 'b', '\u00ff', '  '), { maxLength: 40 })
      .map((p) => p.join(''));
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.constantFrom('simple', 'relaxed') as fc.Arbitrary<BodyCanonicalization>,
        fc.option(fc.nat(50), { nil: null }),
        async (body, mode, limit) => {
          const canonical = referenceBody(body, mode);
          const want = hashOf(limit === null ? canonical : canonical.slice(0, limit));
          expect(await hashBody(binaryToBytes(body), mode, limit)).toBe(want);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('streams a large changed body (with runs longer than a chunk) to the same hash', async () => {
    const line = `${'x'.repeat(70)}  tail \t\r\n`;
    const body = `${line.repeat(Math.ceil((COPY_MAX_BYTES * 1.5) / line.length))}${'y'.repeat(100_000)}\n\n`;
    const bytes = binaryToBytes(body);
    for (const mode of ['simple', 'relaxed'] as const) {
      const canonical = referenceBody(body, mode);
      expect(await hashBody(bytes, mode, null)).toBe(hashOf(canonical));
      expect(await hashBody(bytes, mode, 1_000_003)).toBe(hashOf(canonical.slice(0, 1_000_003)));
    }
  });

  it('hashes an unchanged body where it lies, also without a final CRLF', async () => {
    const body = 'Hello there\r\nsecond line';
    expect(await hashBody(binaryToBytes(body), 'relaxed', null)).toBe(hashOf(`${body}\r\n`));
    expect(await hashBody(binaryToBytes('a\r\n\r\n'), 'simple', null)).toBe(hashOf('a\r\n'));
    expect(await hashBody(new Uint8Array(0), 'simple', null)).toBe(hashOf('\r\n'));
    expect(await hashBody(new Uint8Array(0), 'relaxed', null)).toBe(hashOf(''));
  });
});
