import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeBase64Url, encodeBase64, encodeBase64Url } from './base64';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('base64 (RFC 4648 §4)', () => {
  // RFC 4648 §10 test vectors.
  const VECTORS: Array<[string, string]> = [
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ];
  it.each(VECTORS)('%j ↔ %s', (plain, encoded) => {
    expect(encodeBase64(bytes(plain))).toBe(encoded);
    expect(decodeBase64(encoded)).toEqual({ ok: true, bytes: bytes(plain) });
  });

  it('tolerates folding whitespace and refuses other characters with their position', () => {
    expect(decodeBase64('Zm9v\r\n YmFy')).toEqual({ ok: true, bytes: bytes('foobar') });
    expect(decodeBase64('Zm9v-mFy')).toMatchObject({ ok: false, position: 4 });
    expect(decodeBase64('Zg==Zg')).toMatchObject({ ok: false, position: 4 });
  });
});

describe('base64url (RFC 4648 §5)', () => {
  it('uses - and _ and leaves out the padding', () => {
    const data = Uint8Array.from([0xfb, 0xff, 0xfe, 0x3e, 0x3f]);
    expect(encodeBase64(data)).toBe('+//+Pj8=');
    expect(encodeBase64Url(data)).toBe('-__-Pj8');
    expect(decodeBase64Url('-__-Pj8')).toEqual({ ok: true, bytes: data });
    expect(decodeBase64Url('-__-Pj8=')).toEqual({ ok: true, bytes: data });
  });

  it('refuses the standard alphabet’s + and /', () => {
    expect(decodeBase64Url('+//+')).toMatchObject({ ok: false, position: 0 });
  });

  it('round-trips any bytes, in both alphabets', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (data) => {
        expect(decodeBase64Url(encodeBase64Url(data))).toEqual({ ok: true, bytes: data });
        expect(decodeBase64(encodeBase64(data))).toEqual({ ok: true, bytes: data });
      }),
    );
  });
});
