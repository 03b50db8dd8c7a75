import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceBody } from '../../../tests/support/dkim-canonical';
import { binaryToBytes, bytesToBinary } from '../encoding/bytes';
import { BodyCanonicalizer, type BodyCanonicalization, type CanonicalOutput } from './body';

/** The canonical body as the canonicalizer describes it: the input where unchanged, its changes, the final CRLF. */
function canonical(
  body: string,
  mode: BodyCanonicalization,
  slice = Number.MAX_SAFE_INTEGER,
  offset = 0,
): string {
  let out = '';
  const output: CanonicalOutput = {
    write: (bytes, run, from, insert) => {
      out += bytesToBinary(bytes, run, from) + ['', ' ', '\r\n'][insert];
    },
  };
  // At any offset in its buffer: the scanner reads aligned 32-bit words.
  const bytes = new Uint8Array(offset + body.length).subarray(offset);
  bytes.set(binaryToBytes(body));
  const c = new BodyCanonicalizer(bytes, mode, output);
  while (!c.finished) c.step(slice);
  if (!c.edited) {
    const end = c.contentEnd;
    if (end === 0) return mode === 'relaxed' ? '' : '\r\n';
    return `${body.slice(0, end)}\r\n`;
  }
  c.finish();
  return out;
}

const bodyText = fc
  .array(fc.constantFrom(' ', '\t', '\r', '\n', '\r\n', 'a', 'b', '\u00e9', '\u0000', '  ', ' \r\n'), {
    maxLength: 80,
  })
  .map((parts) => parts.join(''));

describe('BodyCanonicalizer', () => {
  for (const mode of ['simple', 'relaxed'] as const) {
    it(`${mode}: matches the string definition on any body, in any slicing`, () => {
      fc.assert(
        fc.property(bodyText, fc.integer({ min: 1, max: 9 }), fc.nat(3), (body, slice, offset) => {
          expect(canonical(body, mode, slice, offset)).toBe(referenceBody(body, mode));
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('RFC 6376 §3.4.5 examples', () => {
    const body = ' C \r\nD \t E\r\n\r\n\r\n';
    expect(canonical(body, 'relaxed')).toBe(' C\r\nD E\r\n');
    expect(canonical(body, 'simple')).toBe(' C \r\nD \t E\r\n');
  });

  it('an empty body is CRLF (simple) or nothing (relaxed)', () => {
    expect(canonical('', 'simple')).toBe('\r\n');
    expect(canonical('\r\n\r\n', 'simple')).toBe('\r\n');
    expect(canonical('', 'relaxed')).toBe('');
    expect(canonical(' \t\r\n \r\n', 'relaxed')).toBe('');
  });

  it('tells the output nothing when canonicalization changes nothing before the trailing empty lines', () => {
    for (const mode of ['simple', 'relaxed'] as const) {
      const c = new BodyCanonicalizer(binaryToBytes('Hello there\r\nsecond line\r\n\r\n'), mode, {
        write: () => expect.unreachable(),
      });
      while (!c.finished) c.step(4);
      expect([c.edited, c.contentEnd]).toEqual([false, 24]);
    }
  });

  it('reads bodies with bare LF line ends', () => {
    const body = 'x\n'.repeat(5000);
    expect(canonical(body, 'relaxed', 777)).toBe('x\r\n'.repeat(5000));
    expect(canonical(body, 'simple')).toBe('x\r\n'.repeat(5000));
  });
});
