// RFC 6376 §3.2: tag=value lists (DKIM-Signature, key records, ARC fields), scanned with positions.

export interface Tag {
  name: string;
  value: string;
  /** Offset of the tag name in the input. */
  start: number;
}

export type TagList =
  | { ok: true; tags: Tag[]; map: Map<string, string> }
  | { ok: false; error: string; position: number; tags: Tag[] };

/** No DKIM header or key record is anywhere near this long. */
const MAX_LENGTH = 100_000;

function isFws(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

/**
 * Scan a tag-list. Tag names are case-sensitive (RFC 6376 §3.2); values keep inner whitespace (callers strip it
 * where the tag's grammar allows FWS, such as b= and p=). Duplicate tags are an error.
 */
export function parseTagList(text: string): TagList {
  const tags: Tag[] = [];
  const map = new Map<string, string>();
  if (text.length > MAX_LENGTH)
    return { ok: false, error: 'The tag list is far too long.', position: 0, tags };
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isFws(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    const start = i;
    while (i < text.length && /[A-Za-z0-9_]/.test(text[i]!)) i++;
    const name = text.slice(start, i);
    while (i < text.length && isFws(text.charCodeAt(i))) i++;
    if (name === '' || !/^[A-Za-z]/.test(name)) {
      return {
        ok: false,
        error: `Expected a tag name at “${text.slice(start, start + 20)}”.`,
        position: start,
        tags,
      };
    }
    if (text[i] !== '=') return { ok: false, error: `The tag “${name}” has no “=”.`, position: i, tags };
    i++;
    const semi = text.indexOf(';', i);
    const end = semi === -1 ? text.length : semi;
    let a = i;
    let b = end;
    while (a < b && isFws(text.charCodeAt(a))) a++;
    while (b > a && isFws(text.charCodeAt(b - 1))) b--;
    const value = text.slice(a, b);
    if (map.has(name)) return { ok: false, error: `The tag “${name}” appears twice.`, position: start, tags };
    tags.push({ name, value, start });
    map.set(name, value);
    i = end + 1;
  }
  return { ok: true, tags, map };
}

/** Remove folding whitespace from a value whose grammar allows it (b=, bh=, p=). */
export function stripFws(value: string): string {
  return value.replace(/[ \t\r\n]+/g, '');
}
