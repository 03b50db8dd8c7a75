// RFC 2047 encoded-words (=?charset?B|Q?text?=) in header values, decoded for display.

/** Longest encoded-word we decode; RFC 2047 §2 limits them to 75 characters, real mail exceeds that. */
const MAX_WORD = 10_000;
const ENCODED_WORD = /=\?([^?\r\n]{1,64})\?([bBqQ])\?([^?\s]{0,10000})\?=/g;

function normalizeCharset(raw: string): string {
  // RFC 2231 §5 language suffix ("UTF-8*en"), and typos seen in the wild ("UTF 8", "utf_8").
  const name = raw
    .split('*')[0]!
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return name === 'utf8' ? 'utf-8' : name;
}

function decodeQ(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '_') out.push(0x20);
    else if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(c.charCodeAt(0) & 0xff);
  }
  return Uint8Array.from(out);
}

function decodeB(text: string): Uint8Array | null {
  // Trailing "=" padding dropped by a scan: /=+$/ rescans a run of "=" from each start (quadratic).
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--;
  const clean = text.slice(0, end);
  if (!/^[A-Za-z0-9+/]*$/.test(clean)) return null;
  try {
    const binary = atob(clean + '='.repeat((4 - (clean.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

function decodeBytes(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset, { fatal: false }).decode(bytes);
  } catch {
    // Unknown charset label: Windows-1252 shows ASCII right and every byte as something.
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export interface Decoded2047 {
  text: string;
  /** The value contained encoded-words. */
  encoded: boolean;
  charsets: string[];
}

/** Decode every encoded-word; whitespace between adjacent encoded-words is dropped (RFC 2047 §6.2). */
export function decodeEncodedWords(value: string): Decoded2047 {
  if (!value.includes('=?')) return { text: value, encoded: false, charsets: [] };
  const charsets: string[] = [];
  let out = '';
  let last = 0;
  let lastWasWord = false;
  ENCODED_WORD.lastIndex = 0;
  for (let m = ENCODED_WORD.exec(value); m; m = ENCODED_WORD.exec(value)) {
    const between = value.slice(last, m.index);
    if (!(lastWasWord && /^[ \t\r\n]*$/.test(between))) out += between;
    const charset = normalizeCharset(m[1]!);
    const payload = m[3]!.slice(0, MAX_WORD);
    const bytes = m[2]!.toUpperCase() === 'B' ? decodeB(payload) : decodeQ(payload);
    if (bytes === null) {
      out += m[0];
      lastWasWord = false;
    } else {
      out += decodeBytes(bytes, charset);
      charsets.push(charset);
      lastWasWord = true;
    }
    last = m.index + m[0].length;
  }
  out += value.slice(last);
  return { text: out, encoded: charsets.length > 0, charsets };
}
