import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWasmSha256, SHA256_CHUNK_BYTES } from './sha256-wasm';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

async function wasmHash(parts: Uint8Array[]): Promise<string> {
  const h = await createWasmSha256();
  if (h === null) throw new Error('no WebAssembly');
  for (const p of parts) h.update(p);
  return hex(h.digest());
}

describe('WebAssembly SHA-256', () => {
  // FIPS 180-4 examples (NIST CSRC "SHA256.pdf"): "abc" and the 448-bit two-block message.
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ])('hashes the FIPS 180-4 example %j', async (text, expected) => {
    expect(await wasmHash([new TextEncoder().encode(text)])).toBe(expected);
  });

  it('matches @noble/hashes at every length around the block and chunk edges', async () => {
    const data = Uint8Array.from(
      { length: SHA256_CHUNK_BYTES * 2 + 200 },
      (_, i) => (i * 7 + (i >> 8)) & 255,
    );
    for (const n of [
      0,
      1,
      55,
      56,
      63,
      64,
      65,
      119,
      120,
      128,
      SHA256_CHUNK_BYTES - 1,
      SHA256_CHUNK_BYTES,
      SHA256_CHUNK_BYTES + 1,
      data.length,
    ]) {
      const part = data.subarray(0, n);
      expect(await wasmHash([part]), `length ${n}`).toBe(hex(sha256(part)));
    }
  });

  it('gives the same digest however the input is split, by update() or by writing into input', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.nat(200), { maxLength: 20 }),
        async (data, cuts) => {
          const parts: Uint8Array[] = [];
          let at = 0;
          for (const c of cuts) {
            parts.push(data.subarray(at, Math.min(data.length, at + c)));
            at = Math.min(data.length, at + c);
          }
          parts.push(data.subarray(at));
          expect(await wasmHash(parts)).toBe(hex(sha256(data)));
          const h = (await createWasmSha256())!;
          for (const p of parts) {
            h.input.set(p, h.filled);
            h.absorb(p.length);
          }
          expect(hex(h.digest())).toBe(hex(sha256(data)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
