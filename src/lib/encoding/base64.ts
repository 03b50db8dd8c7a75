// RFC 4648 §4 base64 (DNS key records and signatures) and §5 base64url (share links), one codec for both.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** RFC 4648 §5: the URL- and filename-safe alphabet replaces "+" and "/" with "-" and "_". */
const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function valueTable(alphabet: string): Int16Array {
  const values = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
  return values;
}
const VALUES = valueTable(ALPHABET);
const URL_VALUES = valueTable(URL_ALPHABET);

export type Base64Result = { ok: true; bytes: Uint8Array } | { ok: false; error: string; position: number };

function decode(text: string, values: Int16Array, name: string): Base64Result {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let length = 0;
  let buffer = 0;
  let bits = 0;
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) continue;
    if (c === 0x3d) {
      padding++;
      continue;
    }
    const v = c < 128 ? values[c]! : -1;
    if (v < 0 || padding > 0) {
      return {
        ok: false,
        position: i,
        error: v < 0 ? `“${text[i]}” is not a ${name} character.` : `${name} continues after “=” padding.`,
      };
    }
    buffer = ((buffer << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = (buffer >> bits) & 0xff;
    }
  }
  if (padding > 2 || bits >= 6)
    return { ok: false, position: text.length, error: `The ${name} text has the wrong length.` };
  return { ok: true, bytes: out.slice(0, length) };
}

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += alphabet[a >> 2]! + alphabet[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    if (b !== undefined) out += alphabet[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    else if (pad) out += '=';
    if (c !== undefined) out += alphabet[c & 63]!;
    else if (pad) out += '=';
  }
  return out;
}

/** Decode base64, ignoring whitespace (RFC 6376 §3.6.1 allows FWS inside p= and b=). */
export function decodeBase64(text: string): Base64Result {
  return decode(text, VALUES, 'base64');
}

export function encodeBase64(bytes: Uint8Array): string {
  return encode(bytes, ALPHABET, true);
}

/** RFC 4648 §5 base64url; padding is optional (§3.2: it may be left out when the length is known). */
export function decodeBase64Url(text: string): Base64Result {
  return decode(text, URL_VALUES, 'base64url');
}

/** RFC 4648 §5 base64url without padding, safe in a URL fragment. */
export function encodeBase64Url(bytes: Uint8Array): string {
  return encode(bytes, URL_ALPHABET, false);
}
