// RFC 2045 §6 Content-Transfer-Encoding of a body: base64 (§6.8) and quoted-printable (§6.7), decoded
// leniently as mail readers do (characters outside the alphabet skipped, a bad "=" kept as written).

const B64 = new Int8Array(256).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  .split('')
  .forEach((c, i) => (B64[c.charCodeAt(0)] = i));
// RFC 4648 §5 URL-safe letters, which some generators write.
B64[0x2d] = 62;
B64[0x5f] = 63;

/** RFC 2045 §6.8: characters outside the alphabet are ignored; "=" ends a quantum. */
export function decodeBase64Body(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil((bytes.length * 3) / 4));
  let length = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    const v = B64[c]!;
    if (v < 0) {
      if (c === 0x3d) {
        buffer = 0;
        bits = 0;
      }
      continue;
    }
    buffer = ((buffer << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = (buffer >> bits) & 0xff;
    }
  }
  return out.subarray(0, length);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** RFC 2045 §6.7: "=XX" is a byte, "=" at a line end is a soft line break. */
export function decodeQuotedPrintable(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c !== 0x3d) {
      out[length++] = c;
      continue;
    }
    const a = bytes[i + 1];
    if (a === 0x0a) {
      i += 1;
      continue;
    }
    if (a === 0x0d && bytes[i + 2] === 0x0a) {
      i += 2;
      continue;
    }
    const hi = a === undefined ? -1 : hexValue(a);
    const lo = bytes[i + 2] === undefined ? -1 : hexValue(bytes[i + 2]!);
    if (hi >= 0 && lo >= 0) {
      out[length++] = (hi << 4) | lo;
      i += 2;
    } else out[length++] = c;
  }
  return out.subarray(0, length);
}

/** The body's bytes after its transfer encoding (7bit, 8bit and binary are identity). */
export function decodeTransfer(bytes: Uint8Array, encoding: string): Uint8Array {
  const e = encoding.trim().toLowerCase();
  if (e === 'base64') return decodeBase64Body(bytes);
  if (e === 'quoted-printable') return decodeQuotedPrintable(bytes);
  return bytes;
}
