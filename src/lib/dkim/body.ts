// RFC 6376 §3.4.3 (simple) and §3.4.4 (relaxed) body canonicalization on bytes: one pass, run in slices, that
// reports only where the canonical body differs from the input. Bare LF and bare CR read as CRLF.

export type BodyCanonicalization = 'simple' | 'relaxed';

/** Where the canonical body goes once it differs from the input. */
export interface CanonicalOutput {
  /** Input `[run, from)` unchanged, then nothing (0), one SP (1) or a CRLF (2). */
  write(body: Uint8Array, run: number, from: number, insert: 0 | 1 | 2): void;
}

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;
/** The high bit of the last byte in memory of a 32-bit word, on this platform's byte order. */
const LAST_BYTE = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1 ? 0x80000000 : 0x80;

/**
 * Scans a body and tells `output` about every change canonicalization makes: a bare line end (written as CRLF)
 * and, in relaxed mode, a tab, a run of WSP or WSP at a line end. The canonical body is the input up to
 * `contentEnd` with those changes, then one CRLF; or, when nothing is left, CRLF (simple) or nothing (relaxed).
 * Words of four bytes that cannot hold a change are skipped at once.
 */
export class BodyCanonicalizer {
  readonly #body: Uint8Array;
  readonly #relaxed: boolean;
  readonly #output: CanonicalOutput;
  /** The body's 4-byte-aligned middle as 32-bit words, starting at body index #aligned. */
  readonly #words: Uint32Array;
  readonly #aligned: number;
  readonly #end: number;
  /** Next input byte to scan. */
  #i = 0;
  /** Start of the input not yet given to the output. */
  #run = 0;
  #edited = false;

  constructor(body: Uint8Array, mode: BodyCanonicalization, output: CanonicalOutput) {
    this.#body = body;
    this.#relaxed = mode === 'relaxed';
    this.#output = output;
    const skip = (4 - (body.byteOffset & 3)) & 3;
    this.#aligned = Math.min(body.length, skip);
    this.#words =
      body.length > skip
        ? new Uint32Array(body.buffer, body.byteOffset + skip, (body.length - skip) >>> 2)
        : new Uint32Array(0);
    // RFC 6376 §3.4.3 / §3.4.4: empty lines at the end of the body are ignored (in relaxed mode a line of WSP is
    // empty too), so the content ends at the last byte that is neither a line end nor, relaxed, WSP.
    let end = body.length;
    for (; end > 0; end--) {
      const c = body[end - 1]!;
      if (c !== CR && c !== LF && (!this.#relaxed || (c !== SP && c !== TAB))) break;
    }
    this.#end = end;
  }

  /** Where the content ends in the input. */
  get contentEnd(): number {
    return this.#end;
  }

  /** Input bytes scanned so far. */
  get scanned(): number {
    return Math.min(this.#i, this.#end);
  }

  get finished(): boolean {
    return this.#i >= this.#end;
  }

  /** Whether the output was told anything: if not, the canonical body is the input up to contentEnd, then CRLF. */
  get edited(): boolean {
    return this.#edited;
  }

  /** Scan about `count` more input bytes (a WSP run or a CRLF may carry the scan a little further). */
  step(count: number): void {
    const stop = Math.min(this.#end, this.#i + count);
    this.#i = this.#relaxed ? this.#stepRelaxed(stop) : this.#stepSimple(stop);
  }

  /** Finish scanning and give the output the rest of the canonical body, with its final CRLF. */
  finish(): void {
    while (!this.finished) this.step(Number.MAX_SAFE_INTEGER);
    if (this.#end > 0) this.#edit(this.#end, this.#end, 2);
    else if (!this.#relaxed) this.#edit(0, 0, 2);
  }

  #edit(from: number, to: number, insert: 0 | 1 | 2): void {
    this.#edited = true;
    this.#output.write(this.#body, this.#run, from, insert);
    this.#run = to;
  }

  /** The first index from `i` (aligned) whose 32-bit word holds a byte below `below` (at most 0x80), up to `stop`. */
  #skipWords(i: number, stop: number, below: number): number {
    const w = this.#words;
    const a = this.#aligned;
    const end = Math.min(w.length, (stop - a + 3) >>> 2);
    const ones = below * 0x01010101;
    let k = (i - a) >>> 2;
    for (; k < end; k++) {
      const x = w[k]!;
      // Non-zero exactly when some byte of x is below `below` (the "hasless" bit trick, exact for below <= 0x80).
      if (((x - ones) & ~x & 0x80808080) !== 0) break;
    }
    return a + k * 4;
  }

  /**
   * The first index from `i` (aligned), up to `stop`, whose 32-bit word may hold something relaxed canonicalization
   * changes: a byte below SP (TAB, CR, LF), two spaces in a row, or a space as its last byte (the next byte decides).
   */
  #skipRelaxedWords(i: number, stop: number): number {
    const w = this.#words;
    const b = this.#body;
    const a = this.#aligned;
    const end = Math.min(w.length, (stop - a + 3) >>> 2);
    let k = (i - a) >>> 2;
    for (; k < end; k++) {
      const x = w[k]!;
      const y = x ^ 0x20202020;
      // High bit of each byte that is SP (and perhaps of a byte above one: a false alarm only costs a slow look).
      const sp = (y - 0x01010101) & ~y & 0x80808080;
      if ((((x - 0x20202020) & ~x & 0x80808080) | (sp & (sp >>> 8))) !== 0) break;
      // A space as the word's last byte stays only when the next byte is neither WSP nor a line end (past the
      // body, undefined, it is looked at slowly). Text has one such word in four: peeking keeps them fast.
      if ((sp & LAST_BYTE) !== 0 && !(b[a + k * 4 + 4]! > SP)) break;
    }
    return a + k * 4;
  }

  #stepSimple(stop: number): number {
    const b = this.#body;
    const a = this.#aligned;
    let i = this.#i;
    while (i < stop) {
      // RFC 6376 §3.4.3: only line ends can change; words without CR or LF (or any byte below 0x0e) are skipped.
      if (i >= a && ((i - a) & 3) === 0) {
        i = this.#skipWords(i, stop, 0x0e);
        if (i >= stop) break;
      }
      const c = b[i]!;
      if (c === CR) {
        if (b[i + 1] === LF) i += 2;
        else this.#edit(i, ++i, 2);
      } else if (c === LF) {
        // Only a bare LF gets here: a CRLF's LF is stepped over above.
        this.#edit(i, ++i, 2);
      } else i++;
    }
    return i;
  }

  #stepRelaxed(stop: number): number {
    const b = this.#body;
    const a = this.#aligned;
    let i = this.#i;
    while (i < stop) {
      if (i >= a && ((i - a) & 3) === 0) {
        i = this.#skipRelaxedWords(i, stop);
        if (i >= stop) break;
      }
      const c = b[i]!;
      // Within the content the byte after a WSP is never past the body: the content ends in neither WSP nor CRLF.
      if (c > SP) {
        i++;
      } else if (c === SP && b[i + 1]! > SP) {
        // The common case: one space between words stays as it is.
        i += 2;
      } else if (c === CR) {
        if (b[i + 1] === LF) i += 2;
        else this.#edit(i, ++i, 2);
      } else if (c === LF) {
        this.#edit(i, ++i, 2);
      } else if (c === SP || c === TAB) {
        let j = i + 1;
        while (b[j] === SP || b[j] === TAB) j++;
        const next = b[j];
        // RFC 6376 §3.4.4: WSP at the end of a line is removed; any other WSP run becomes one SP.
        if (next === CR || next === LF) this.#edit(i, j, 0);
        else if (j - i > 1 || c === TAB) this.#edit(i, j, 1);
        i = j;
      } else {
        i++;
      }
    }
    return i;
  }
}
