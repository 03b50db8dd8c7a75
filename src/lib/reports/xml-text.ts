// XML 1.0 §4.6 and §4.1 character data: the five predefined entities and numeric character references, nothing
// else (no DTD is ever read). UTF-8 by default, or the single-byte encoding the XML declaration names.

import * as limits from './limits';

const { MAX_XML_VALUE_CHARS } = limits;

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML 1.0 §2.2 Char: tab, LF, CR, and the Unicode scalar values from U+0020 (no surrogates, no U+FFFE/FFFF). */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Values longer than this are not shared (they are free text, not names or results). */
const TOKEN_MAX = 96;
/** Distinct shared values kept per document. */
const MAX_TOKENS = 50_000;

/** The first `byte` in [from, end), or -1 (never searching past `end`, which would make decoding quadratic). */
function find(bytes: Uint8Array, byte: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (bytes[i] === byte) return i;
  return -1;
}

export class XmlText {
  readonly #bytes: Uint8Array;
  readonly #strict: TextDecoder;
  readonly #lenient: TextDecoder;
  /** Set when something had to be replaced or kept as written. */
  invalidBytes = false;
  unknownEntities = new Set<string>();
  truncated = false;
  readonly #tokens = new Map<number, string>();
  readonly #scratch = new Uint8Array(TOKEN_MAX);

  constructor(bytes: Uint8Array, encoding: string | null) {
    this.#bytes = bytes;
    let label = 'utf-8';
    if (encoding !== null && encoding !== 'utf-8' && encoding !== 'utf8') {
      try {
        new TextDecoder(encoding);
        label = encoding;
      } catch {
        label = 'utf-8';
      }
    }
    this.#strict = new TextDecoder(label, { fatal: true });
    this.#lenient = new TextDecoder(label);
  }

  #decode(start: number, end: number): string {
    const bytes = this.#bytes;
    let ascii = true;
    for (let i = start; i < end; i++)
      if (bytes[i]! >= 0x80) {
        ascii = false;
        break;
      }
    if (ascii) {
      let s = '';
      if (end - start > 256) return this.#lenient.decode(bytes.subarray(start, end));
      for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
      return s;
    }
    try {
      return this.#strict.decode(bytes.subarray(start, end));
    } catch {
      this.invalidBytes = true;
      return this.#lenient.decode(bytes.subarray(start, end));
    }
  }

  /** The text of bytes [start, end) with references replaced; leading and trailing whitespace kept. */
  text(start: number, end: number): string {
    const bytes = this.#bytes;
    if (end - start > MAX_XML_VALUE_CHARS * 4) {
      end = start + MAX_XML_VALUE_CHARS * 4;
      this.truncated = true;
    }
    let amp = find(bytes, 0x26, start, end);
    if (amp === -1) return this.#decode(start, end);
    let out = '';
    let from = start;
    while (amp !== -1) {
      out += this.#decode(from, amp);
      // The longest reference is "&#x10FFFF;" (10 bytes): look no further for its ";".
      const semi = find(bytes, 0x3b, amp + 1, Math.min(end, amp + 12));
      const ref = semi === -1 ? null : this.#decode(amp + 1, semi);
      const value = ref === null ? null : this.#reference(ref);
      if (value === null) {
        // A bare "&" or an unknown entity: kept as written (a lenient reader; XML 1.0 §4.1 calls it an error).
        if (ref !== null && !ref.startsWith('#')) this.unknownEntities.add(ref);
        out += '&';
        from = amp + 1;
      } else {
        out += value;
        from = semi + 1;
      }
      amp = find(bytes, 0x26, from, end);
    }
    return out + this.#decode(from, end);
  }

  /** XML 1.0 §4.1 CharRef ('&#' [0-9]+ ';' | '&#x' [0-9a-fA-F]+ ';') or a predefined EntityRef. */
  #reference(ref: string): string | null {
    if (ref.charCodeAt(0) !== 0x23) return Object.hasOwn(PREDEFINED, ref) ? PREDEFINED[ref]! : null;
    const hex = ref[1] === 'x';
    const digits = ref.slice(hex ? 2 : 1);
    if (!(hex ? /^[0-9a-fA-F]{1,6}$/ : /^[0-9]{1,7}$/).test(digits)) return null;
    const code = parseInt(digits, hex ? 16 : 10);
    if (!isXmlChar(code)) {
      this.invalidBytes = true;
      return '\ufffd';
    }
    return String.fromCodePoint(code);
  }

  /**
   * A short value (trimmed, optionally lower-cased) as a shared string: domains, results and selectors repeat
   * across records, so each distinct one is built once and looked up by a hash of its bytes after that.
   * `share: false` for values that rarely repeat (addresses), which would only crowd the table.
   */
  token(start: number, end: number, lower: boolean, share = true): string {
    const bytes = this.#bytes;
    while (start < end && bytes[start]! <= 0x20) start++;
    while (end > start && bytes[end - 1]! <= 0x20) end--;
    const n = end - start;
    if (n === 0) return '';
    let h = lower ? 0x2f1d3a1b : 0x811c9dc5;
    for (let i = start; i < end && n <= TOKEN_MAX; i++) {
      const c = bytes[i]!;
      if (c >= 0x80 || c === 0x26) {
        h = 0;
        break;
      }
      h = Math.imul(h ^ (lower && c >= 0x41 && c <= 0x5a ? c | 0x20 : c), 0x01000193);
    }
    if (n > TOKEN_MAX || h === 0) {
      const text = this.text(start, end);
      return lower ? text.toLowerCase() : text;
    }
    const known = share ? this.#tokens.get(h) : undefined;
    const scratch = this.#scratch;
    for (let i = 0; i < n; i++) {
      const c = bytes[start + i]!;
      scratch[i] = lower && c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
    }
    if (known !== undefined && known.length === n) {
      let same = true;
      for (let i = 0; i < n; i++)
        if (known.charCodeAt(i) !== scratch[i]) {
          same = false;
          break;
        }
      if (same) return known;
    }
    const made = String.fromCharCode.apply(null, scratch.subarray(0, n) as unknown as number[]);
    if (share && known === undefined && this.#tokens.size < MAX_TOKENS) this.#tokens.set(h, made);
    return made;
  }

  /** A non-negative integer written in decimal digits (surrounding whitespace allowed), or NaN. */
  integer(start: number, end: number): number {
    const bytes = this.#bytes;
    while (start < end && bytes[start]! <= 0x20) start++;
    while (end > start && bytes[end - 1]! <= 0x20) end--;
    if (end === start || end - start > 15) return NaN;
    let n = 0;
    for (let i = start; i < end; i++) {
      const d = bytes[i]! - 0x30;
      if (d < 0 || d > 9) return NaN;
      n = n * 10 + d;
    }
    return n;
  }

  /** A value with surrounding whitespace trimmed (XML schema token semantics for the report's fields). */
  value(start: number, end: number): string {
    const bytes = this.#bytes;
    while (start < end && bytes[start]! <= 0x20) start++;
    while (end > start && bytes[end - 1]! <= 0x20) end--;
    return start === end ? '' : this.text(start, end);
  }
}
