import { sha256 } from '@noble/hashes/sha2.js';
import { afterEach, describe, expect, it, vi } from 'vitest';

const data = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 31) & 255);

async function hashInPieces(): Promise<Uint8Array> {
  const { createStreamingSha256 } = await import('./sha256-stream');
  const h = await createStreamingSha256();
  // Half through update(), half written into the input chunk, as the DKIM body sink does.
  h.update(data.subarray(0, 70_001));
  for (let at = 70_001; at < data.length;) {
    const take = Math.min(5_000, data.length - at, h.input.length - h.filled);
    h.input.set(data.subarray(at, at + take), h.filled);
    h.absorb(take);
    at += take;
  }
  return h.digest();
}

describe('createStreamingSha256', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('hashes in WebAssembly where it can run', async () => {
    expect(await hashInPieces()).toEqual(sha256(data));
  });

  it('falls back to @noble/hashes where WebAssembly cannot compile (a CSP without wasm-unsafe-eval)', async () => {
    const { CompileError } = WebAssembly;
    const compile = vi.fn(() => Promise.reject(new CompileError('Refused to compile')));
    vi.stubGlobal('WebAssembly', { compile });
    expect(await hashInPieces()).toEqual(sha256(data));
    expect(compile).toHaveBeenCalledTimes(1);
  });
});
