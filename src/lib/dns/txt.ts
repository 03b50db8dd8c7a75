// TXT RDATA as DoH JSON providers print it: RFC 1035 §5.1 presentation form (quoted, escaped) or raw text.

/** RFC 1035 §3.3: a character-string holds at most 255 octets. */
export const MAX_CHARACTER_STRING_OCTETS = 255;

export interface TxtData {
  /** The character-strings in order, each decoded as UTF-8 on its own (for showing the boundaries). */
  strings: string[];
  /** Octet length of each character-string, when the answer shows the boundaries (quoted form); else null. */
  octets: number[] | null;
  /**
   * RFC 7208 §3.3 / RFC 6376 §3.6.2.2: the strings joined with no separator — their bytes joined first, then decoded
   * as UTF-8, so a character split across two strings stays whole. A leading byte-order mark is kept (as U+FEFF).
   */
  text: string;
  /** The data starts with a UTF-8 byte-order mark: a record that starts with one does not start with its tag. */
  bom: boolean;
  /** True when the provider printed the quoted presentation form (Cloudflare), false for raw text (Google). */
  quoted: boolean;
}

/** ignoreBOM keeps a leading U+FEFF in the text instead of dropping it silently. */
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const BOM = 0xfeff;
const encoder = new TextEncoder();

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Scan presentation-form character-strings: `"a" "b"`, with `\"`, `\\` and `\DDD` escapes. Returns null when
 * the text is not entirely in that form (then it is raw text, as Google prints it).
 */
function scanQuoted(data: string): Uint8Array[] | null {
  const bytes = encoder.encode(data);
  const out: Uint8Array[] = [];
  let i = 0;
  while (i < bytes.length) {
    while (i < bytes.length && isSpace(bytes[i]!)) i++;
    if (i >= bytes.length) break;
    if (bytes[i] !== 0x22) return null; // every string must be quoted
    i++;
    const current: number[] = [];
    let closed = false;
    while (i < bytes.length) {
      const c = bytes[i]!;
      if (c === 0x22) {
        closed = true;
        i++;
        break;
      }
      if (c === 0x5c) {
        const d1 = bytes[i + 1];
        if (d1 === undefined) return null;
        if (d1 >= 0x30 && d1 <= 0x39) {
          const d2 = bytes[i + 2];
          const d3 = bytes[i + 3];
          if (d2 === undefined || d3 === undefined || d2 < 0x30 || d2 > 0x39 || d3 < 0x30 || d3 > 0x39)
            return null;
          const value = (d1 - 0x30) * 100 + (d2 - 0x30) * 10 + (d3 - 0x30);
          if (value > 255) return null;
          current.push(value);
          i += 4;
        } else {
          current.push(d1);
          i += 2;
        }
        continue;
      }
      current.push(c);
      i++;
    }
    if (!closed) return null;
    // The next byte must separate strings (or end the data).
    if (i < bytes.length && !isSpace(bytes[i]!)) return null;
    out.push(Uint8Array.from(current));
  }
  return out.length > 0 ? out : null;
}

/** Decode one TXT record's `data` as either provider prints it. */
export function decodeTxtData(data: string): TxtData {
  if (data.startsWith('"')) {
    const parts = scanQuoted(data);
    if (parts) {
      const octets = parts.map((p) => p.length);
      const joined = new Uint8Array(octets.reduce((sum, n) => sum + n, 0));
      let at = 0;
      for (const p of parts) {
        joined.set(p, at);
        at += p.length;
      }
      const text = decoder.decode(joined);
      const strings = parts.map((p) => decoder.decode(p));
      return { strings, octets, text, quoted: true, bom: text.charCodeAt(0) === BOM };
    }
  }
  return { strings: [data], octets: null, text: data, quoted: false, bom: data.charCodeAt(0) === BOM };
}

/** Print character-strings in RFC 1035 presentation form, splitting text longer than 255 octets. */
export function encodeTxtPresentation(text: string): string {
  return splitTxtOctets(text)
    .map((chunk) => {
      let s = '"';
      for (const b of chunk) {
        if (b === 0x22 || b === 0x5c) s += `\\${String.fromCharCode(b)}`;
        else if (b < 0x20 || b > 0x7e) s += `\\${b.toString().padStart(3, '0')}`;
        else s += String.fromCharCode(b);
      }
      return `${s}"`;
    })
    .join(' ');
}

/** Split text into character-strings of at most 255 octets, never inside a UTF-8 sequence. */
export function splitTxtOctets(text: string, max = MAX_CHARACTER_STRING_OCTETS): Uint8Array[] {
  const bytes = encoder.encode(text);
  const chunks: Uint8Array[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + max, bytes.length);
    // Back off continuation bytes (10xxxxxx) so a multi-byte character stays whole.
    while (end < bytes.length && end > start && (bytes[end]! & 0xc0) === 0x80) end--;
    chunks.push(bytes.slice(start, end));
    start = end;
  }
  if (chunks.length === 0) chunks.push(new Uint8Array(0));
  return chunks;
}

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}
