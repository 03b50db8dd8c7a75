// Octets and "binary strings" (one UTF-16 code unit per octet, so RFC 6376 hashes stay byte-exact): conversions
// for messages and for small slices of them such as header fields.

/** Characters per String.fromCharCode call: far below any engine's argument limit. */
const CHARS_PER_CALL = 0x2000;

/**
 * The octets of a message: a string is UTF-8 encoded (RFC 6532 allows UTF-8 header fields); bytes are not copied,
 * but a subclass such as Node's Buffer is seen through a plain Uint8Array (its subarray() is much slower).
 */
export function toBytes(message: string | Uint8Array): Uint8Array {
  if (typeof message === 'string') return new TextEncoder().encode(message);
  return message.constructor === Uint8Array
    ? message
    : new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
}

/** A binary string of `bytes[start, end)`; meant for header-sized slices, not whole messages. */
export function bytesToBinary(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const parts: string[] = [];
  for (let i = start; i < end; i += CHARS_PER_CALL)
    parts.push(
      String.fromCharCode.apply(
        null,
        bytes.subarray(i, Math.min(end, i + CHARS_PER_CALL)) as unknown as number[],
      ),
    );
  return parts.join('');
}

/** The octets of a binary string (each code unit's low 8 bits). */
export function binaryToBytes(binary: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i) & 0xff;
  return out;
}
