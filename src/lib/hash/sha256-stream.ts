// FIPS 180-4 SHA-256 as a stream a caller can write into: the WebAssembly compression function where it can run,
// else @noble/hashes behind the same shape (a page whose Content-Security-Policy forbids WebAssembly, an old engine).

import { sha256 } from '@noble/hashes/sha2.js';
import { createWasmSha256, SHA256_CHUNK_BYTES } from './sha256-wasm';

/**
 * An incremental SHA-256. Callers either `update()` with bytes, or write into `input` from `filled` on and
 * `absorb()` the count written; `digest()` ends it.
 */
export interface StreamingSha256 {
  /** A chunk of SHA256_CHUNK_BYTES bytes to write input into, from index `filled`. */
  readonly input: Uint8Array;
  /** Bytes of `input` already in use (written earlier, not yet hashed). */
  readonly filled: number;
  absorb(length: number): void;
  update(data: Uint8Array): void;
  digest(): Uint8Array;
}

class NobleSha256 implements StreamingSha256 {
  readonly input = new Uint8Array(SHA256_CHUNK_BYTES);
  readonly filled = 0;
  readonly #hash = sha256.create();

  absorb(length: number): void {
    this.#hash.update(this.input.subarray(0, length));
  }
  update(data: Uint8Array): void {
    this.#hash.update(data);
  }
  digest(): Uint8Array {
    return this.#hash.digest();
  }
}

/** A fresh incremental SHA-256: WebAssembly (about twice @noble/hashes' speed) where it runs here. */
export async function createStreamingSha256(): Promise<StreamingSha256> {
  return (await createWasmSha256()) ?? new NobleSha256();
}
