// RFC 6376 §3.4 canonicalization, on "binary strings" (one char per octet) so hashing is byte-exact.

/** A message split into raw header fields (with their folding) and the body, line ends normalised to CRLF. */
export interface RawMessage {
  /** Each field exactly as in the message, including its final CRLF. */
  fields: Array<{ name: string; lname: string; raw: string }>;
  body: string;
}

/** Bytes of a string or Uint8Array as a binary string; text is UTF-8 encoded first (RFC 6532 headers). */
export function toBinary(message: string | Uint8Array): string {
  const bytes = typeof message === 'string' ? new TextEncoder().encode(message) : message;
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
}

export function binaryToBytes(binary: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i) & 0xff;
  return out;
}

/** Split a message; bare LF and bare CR are treated as CRLF (as the contract asks). */
export function splitMessage(binary: string): RawMessage {
  const text = binary.replace(/\r\n|\r|\n/g, '\r\n');
  const sep = text.indexOf('\r\n\r\n');
  const head = sep === -1 ? text : text.slice(0, sep + 2);
  const body = sep === -1 ? '' : text.slice(sep + 4);
  const fields: RawMessage['fields'] = [];
  let current = '';
  for (const line of head.split('\r\n')) {
    if (line === '') continue;
    if ((line[0] === ' ' || line[0] === '\t') && current !== '') current += `${line}\r\n`;
    else {
      if (current !== '') fields.push(fieldOf(current));
      current = `${line}\r\n`;
    }
  }
  if (current !== '') fields.push(fieldOf(current));
  return { fields, body };
}

function fieldOf(raw: string): RawMessage['fields'][number] {
  const colon = raw.indexOf(':');
  const name = (colon === -1 ? raw : raw.slice(0, colon)).trim();
  return { name, lname: name.toLowerCase(), raw };
}

/** RFC 6376 §3.4.2: relaxed header canonicalization (lower-case name, unfold, collapse WSP, trim). */
export function relaxedHeader(raw: string): string {
  const colon = raw.indexOf(':');
  const name = raw.slice(0, colon).trim().toLowerCase();
  const value = raw
    .slice(colon + 1)
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${name}:${value}\r\n`;
}

export function canonicalHeader(raw: string, mode: string): string {
  return mode === 'relaxed' ? relaxedHeader(raw) : raw;
}

/** RFC 6376 §3.4.3 simple body: drop trailing empty lines; an empty body becomes one CRLF. */
function simpleBody(body: string): string {
  let b = body;
  while (b.endsWith('\r\n\r\n')) b = b.slice(0, -2);
  if (b === '' || b === '\r\n') return '\r\n';
  return b.endsWith('\r\n') ? b : `${b}\r\n`;
}

/** RFC 6376 §3.4.4 relaxed body: WSP at line ends removed, WSP runs to one SP, trailing empty lines dropped. */
function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
}

export function canonicalBody(body: string, mode: string, length: number | null): string {
  const c = mode === 'relaxed' ? relaxedBody(body) : simpleBody(body);
  return length === null ? c : c.slice(0, length);
}

/**
 * RFC 6376 §5.4.2: the fields named in h=, each instance taken from the bottom up; a name listed more often than
 * it occurs contributes nothing (over-signing).
 */
export function selectHeaders(
  fields: RawMessage['fields'],
  names: readonly string[],
  skip?: RawMessage['fields'][number],
): string[] {
  const used = new Map<string, number>();
  const out: string[] = [];
  for (const name of names) {
    const lname = name.trim().toLowerCase();
    const instances = fields.filter((f) => f.lname === lname && f !== skip);
    const n = used.get(lname) ?? 0;
    const field = instances[instances.length - 1 - n];
    used.set(lname, n + 1);
    if (field) out.push(field.raw);
  }
  return out;
}

/** The signature field itself with the b= value removed (RFC 6376 §3.7), without its final CRLF after canonicalization. */
export function signatureFieldForHash(raw: string, mode: string): string {
  const blanked = raw.replace(/((?:^|;)[ \t\r\n]*b[ \t\r\n]*=)[^;]*/, '$1');
  return canonicalHeader(blanked, mode).replace(/\r\n$/, '');
}
