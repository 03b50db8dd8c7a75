// RFC 5322 §2.1 a message read once for DKIM (RFC 6376) and ARC (RFC 8617): header fields as binary strings, the
// body as a view of the bytes, and each canonical body hash (RFC 6376 §3.7) computed once and shared.

import { bytesToBinary, toBytes } from '../encoding/bytes';
import type { BodyCanonicalization } from './body';
import { hashBody, type BodyHashOptions } from './body-hash';
import { splitHeader, type HeaderField } from './canonicalize';

const CR = 0x0d;
const LF = 0x0a;

/** A message split once into header fields and body; verifyDkim and verifyArc accept it in place of the message. */
export class PreparedMessage {
  /** Header fields, top first, line ends as CRLF. */
  readonly fields: readonly HeaderField[];
  /** The body as it arrived (line ends not normalised): a view of the message bytes. */
  readonly body: Uint8Array;
  readonly #byName = new Map<string, HeaderField[]>();
  readonly #hashes = new Map<string, Promise<string>>();

  constructor(fields: readonly HeaderField[], body: Uint8Array) {
    this.fields = fields;
    this.body = body;
    for (const field of fields) {
      const list = this.#byName.get(field.lname);
      if (list) list.push(field);
      else this.#byName.set(field.lname, [field]);
    }
  }

  /** The fields with this lower-cased name, top first. */
  named(lname: string): readonly HeaderField[] {
    return this.#byName.get(lname) ?? [];
  }

  /**
   * RFC 6376 §3.7: base64 SHA-256 of the canonical body, cut to `length` octets (l=) when given. Computed once per
   * canonicalization and length; anything but `relaxed` is `simple` (RFC 6376 §3.5 default).
   */
  async bodyHash(mode: string, length: number | null, options: BodyHashOptions = {}): Promise<string> {
    const canon: BodyCanonicalization = mode === 'relaxed' ? 'relaxed' : 'simple';
    const key = `${canon}:${length ?? ''}`;
    for (;;) {
      options.signal?.throwIfAborted();
      let pending = this.#hashes.get(key);
      const mine = pending === undefined;
      if (pending === undefined) {
        const started = hashBody(this.body, canon, length, options);
        pending = started;
        this.#hashes.set(key, started);
        started.catch(() => {
          if (this.#hashes.get(key) === started) this.#hashes.delete(key);
        });
      }
      try {
        return await pending;
      } catch (error) {
        // Another caller's run was cancelled: run again under this caller's own signal.
        if (mine || options.signal?.aborted) throw error;
      }
    }
  }
}

/** Read a message once: the header section up to the first empty line, and the rest as the body. */
export function prepareMessage(message: string | Uint8Array | PreparedMessage): PreparedMessage {
  if (message instanceof PreparedMessage) return message;
  const bytes = toBytes(message);
  const { headerEnd, bodyStart } = findBody(bytes);
  return new PreparedMessage(splitHeader(bytesToBinary(bytes, 0, headerEnd)), bytes.subarray(bodyStart));
}

/**
 * RFC 5322 §2.1: the header section ends at the first empty line, i.e. two line ends in a row (CRLF, bare CR or
 * bare LF each count as one). Without one the whole message is header.
 */
function findBody(b: Uint8Array): { headerEnd: number; bodyStart: number } {
  let previousEnd = -1;
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    if (c !== CR && c !== LF) {
      i++;
      continue;
    }
    const end = c === CR && b[i + 1] === LF ? i + 2 : i + 1;
    if (previousEnd === i) return { headerEnd: i, bodyStart: end };
    previousEnd = end;
    i = end;
  }
  return { headerEnd: b.length, bodyStart: b.length };
}
