// RFC 6376 §3.4.1 / §3.4.2 header canonicalization on "binary strings" (one char per octet, so hashing is
// byte-exact); bodies are canonicalized on bytes in body.ts.

export interface HeaderField {
  name: string;
  /** The name lower-cased, for matching h= (RFC 6376 §5.4: names compare case-insensitively). */
  lname: string;
  /** The field exactly as in the message, folding included, ending in CRLF. */
  raw: string;
}

/** Split a header section (a binary string, any line ends) into fields; folded lines join the field above. */
export function splitHeader(head: string): HeaderField[] {
  const fields: HeaderField[] = [];
  let current = '';
  for (const line of head.replace(/\r\n|\r|\n/g, '\r\n').split('\r\n')) {
    if (line === '') continue;
    // RFC 5322 §2.2.3: a line starting with WSP continues the field above.
    if ((line[0] === ' ' || line[0] === '\t') && current !== '') current += `${line}\r\n`;
    else {
      if (current !== '') fields.push(fieldOf(current));
      current = `${line}\r\n`;
    }
  }
  if (current !== '') fields.push(fieldOf(current));
  return fields;
}

function fieldOf(raw: string): HeaderField {
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

/**
 * RFC 6376 §5.4.2: the fields named in h=, each instance taken from the bottom up; a name listed more often than
 * it occurs contributes nothing (over-signing). `named` gives a name's fields in message order; `skip` is the
 * signature field itself.
 */
export function selectHeaders(
  named: (lname: string) => readonly HeaderField[],
  names: readonly string[],
  skip?: object,
): string[] {
  const used = new Map<string, number>();
  const out: string[] = [];
  for (const name of names) {
    const lname = name.trim().toLowerCase();
    const instances = named(lname).filter((f) => f !== skip);
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
