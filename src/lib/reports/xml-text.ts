// XML 1.0 §4.6 and §4.1 character data: the five predefined entities and numeric character references, nothing
// else (no DTD is ever read). UTF-8 by default, or the single-byte encoding the XML declaration names.

import { MAX_XML_VALUE_CHARS } from './limits';

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

  /** A value with surrounding whitespace trimmed (XML schema token semantics for the report's fields). */
  value(start: number, end: number): string {
    const bytes = this.#bytes;
    while (start < end && bytes[start]! <= 0x20) start++;
    while (end > start && bytes[end - 1]! <= 0x20) end--;
    return start === end ? '' : this.text(start, end);
  }
}
