// RFC 6376 §3.7 body hash: SHA-256 of the canonical body (cut to l= octets), computed in slices that can report
// progress and be cancelled. A body canonicalization leaves unchanged is hashed where it lies in one WebCrypto
// digest; a changed one is copied and digested (small bodies) or streamed through an incremental SHA-256 (large ones).

import { sha256 } from '@noble/hashes/sha2.js';
import { encodeBase64 } from '../encoding/base64';
import { createStreamingSha256, type StreamingSha256 } from '../hash/sha256-stream';
import { BodyCanonicalizer, type BodyCanonicalization, type CanonicalOutput } from './body';

/** Body bytes canonicalized between two checks for cancellation: a few milliseconds of work. */
export const BODY_SLICE_BYTES = 1 << 20;
/**
 * A body canonicalization changes is copied and hashed natively up to this size (fast, and small); a larger one is
 * streamed through an incremental SHA-256 so that no body-sized copy is made (WebCrypto would copy it once more,
 * and in Chromium allocating and copying 25 MB costs about as much as hashing it).
 */
export const COPY_MAX_BYTES = 1 << 20;

export interface BodyHashProgress {
  canonicalization: BodyCanonicalization;
  /** `canonicalize` runs in slices (hashing along when the body changes); `digest` is one step at the end. */
  stage: 'canonicalize' | 'digest';
  /** Body bytes canonicalized so far, and the body's length. */
  done: number;
  total: number;
}

export interface BodyHashOptions {
  subtle?: SubtleCrypto;
  /** Cancels the work between slices; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called after each slice of body work. With a signal or this callback, slices yield to the event loop. */
  onProgress?: (progress: BodyHashProgress) => void;
}

const CRLF = Uint8Array.of(0x0d, 0x0a);

/**
 * Where a changed canonical body goes, cut after `limit` octets: a buffer hashed natively in one shot at the end,
 * or, for a large body, the input chunk of an incremental SHA-256, hashed whenever it fills (memory stays flat).
 */
class CanonicalSink implements CanonicalOutput {
  readonly #hash: StreamingSha256 | null;
  #buffer: Uint8Array;
  #fill: number;
  #left: number;

  constructor(bodyLength: number, limit: number, hash: StreamingSha256 | null) {
    this.#hash = hash;
    this.#buffer = hash ? hash.input : new Uint8Array(Math.min(bodyLength, limit) + 16);
    this.#fill = hash ? hash.filled : 0;
    this.#left = limit;
  }

  write(body: Uint8Array, run: number, from: number, insert: 0 | 1 | 2): void {
    if (from > run) this.#append(body, run, Math.min(from, run + this.#left));
    if (insert === 1) this.#append(SPACE, 0, Math.min(1, this.#left));
    else if (insert === 2) this.#append(CRLF, 0, Math.min(2, this.#left));
  }

  digest(subtle: SubtleCrypto | undefined): Promise<Uint8Array> {
    const hash = this.#hash;
    if (hash === null) return sha256Digest(this.#buffer.subarray(0, this.#fill), subtle);
    hash.absorb(this.#fill - hash.filled);
    return Promise.resolve(hash.digest());
  }

  #append(src: Uint8Array, start: number, end: number): void {
    const length = end - start;
    if (length <= 0) return;
    this.#left -= length;
    let buffer = this.#buffer;
    if (this.#fill + length > buffer.length) {
      const hash = this.#hash;
      if (hash === null) {
        // Only bare line ends (one octet written as two) make a copied body outgrow its buffer.
        const grown = new Uint8Array(Math.max(this.#fill + length, Math.floor(buffer.length * 1.5)));
        grown.set(buffer.subarray(0, this.#fill));
        buffer = this.#buffer = grown;
      } else {
        hash.absorb(this.#fill - hash.filled);
        // A run longer than the room left is handed over whole.
        if (hash.filled + length > buffer.length) {
          hash.update(src.subarray(start, end));
          this.#fill = hash.filled;
          return;
        }
        this.#fill = hash.filled;
      }
    }
    let f = this.#fill;
    // Short runs are copied by hand: a subarray() per change would be garbage by the hundred thousand.
    if (length > 64) {
      buffer.set(src.subarray(start, end), f);
      f += length;
    } else for (let k = start; k < end; k++) buffer[f++] = src[k]!;
    this.#fill = f;
  }
}

const SPACE = Uint8Array.of(0x20);

function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** RFC 6376 §3.7: base64 SHA-256 of the canonical body, cut to `length` octets (l=, RFC 6376 §3.4.5) if given. */
export async function hashBody(
  body: Uint8Array,
  canon: BodyCanonicalization,
  length: number | null,
  options: BodyHashOptions = {},
): Promise<string> {
  const { signal, onProgress } = options;
  const cooperative = signal !== undefined || onProgress !== undefined;
  const total = body.length;
  const stream = body.length > COPY_MAX_BYTES ? await createStreamingSha256() : null;
  const output = new CanonicalSink(body.length, length ?? Number.MAX_SAFE_INTEGER, stream);
  const canonicalizer = new BodyCanonicalizer(body, canon, output);
  while (!canonicalizer.finished) {
    canonicalizer.step(BODY_SLICE_BYTES);
    if (!cooperative) continue;
    onProgress?.({ canonicalization: canon, stage: 'canonicalize', done: canonicalizer.scanned, total });
    await yieldToEventLoop();
    signal?.throwIfAborted();
  }
  onProgress?.({ canonicalization: canon, stage: 'digest', done: total, total });
  let digest: Uint8Array;
  if (canonicalizer.edited) {
    canonicalizer.finish();
    digest = await output.digest(options.subtle);
  } else {
    digest = await sha256Digest(unchanged(body, canon, canonicalizer.contentEnd, length), options.subtle);
  }
  signal?.throwIfAborted();
  return encodeBase64(digest);
}

/** The canonical body of a body canonicalization did not change: its content, then CRLF; a view where possible. */
function unchanged(
  body: Uint8Array,
  canon: BodyCanonicalization,
  end: number,
  limit: number | null,
): Uint8Array {
  let data: Uint8Array;
  if (end === 0) data = canon === 'relaxed' ? new Uint8Array(0) : CRLF;
  else if (end + 2 <= body.length && body[end] === 0x0d && body[end + 1] === 0x0a)
    data = body.subarray(0, end + 2);
  else {
    data = new Uint8Array(end + 2);
    data.set(body.subarray(0, end));
    data.set(CRLF, end);
  }
  return limit !== null && limit < data.length ? data.subarray(0, limit) : data;
}

/** SHA-256 in one shot: WebCrypto where there is one (native speed), else @noble/hashes. */
async function sha256Digest(data: Uint8Array, subtle = globalThis.crypto?.subtle): Promise<Uint8Array> {
  if (!subtle) return sha256(data);
  // WebCrypto refuses views of a SharedArrayBuffer.
  const view = data.buffer instanceof ArrayBuffer ? (data as Uint8Array<ArrayBuffer>) : data.slice();
  return new Uint8Array(await subtle.digest('SHA-256', view));
}
