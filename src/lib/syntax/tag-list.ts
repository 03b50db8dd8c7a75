// RFC 6376 §3.2 tag=value lists, the grammar DKIM, ARC, DMARC (RFC 9989 §4.7), MTA-STS (RFC 8461 §3.1), TLS-RPT
// (RFC 8460 §3) and BIMI records share: one scanner with positions, tags kept in a Map (never a plain object, so
// names such as "constructor" or "__proto__" are just names).

export interface Tag {
  /** The name as written, or lower-cased when the options ask for it. */
  name: string;
  value: string;
  /** Offset of the tag name in the input. */
  start: number;
  /** Offsets of the trimmed value in the input: [valueStart, valueEnd). */
  valueStart: number;
  valueEnd: number;
}

export type TagList =
  | { ok: true; tags: Tag[]; map: Map<string, string> }
  | { ok: false; error: string; position: number; tags: Tag[] };

export interface TagScanOptions {
  /** Compare and store names lower-cased (DMARC, BIMI); DKIM and ARC names are case-sensitive (RFC 6376 §3.2). */
  lowerCaseNames?: boolean;
  /**
   * What a repeated tag does: `error` stops the scan (RFC 6376 §3.2: "MUST NOT" repeat), `keep-first` records it
   * in `repeated` and keeps the first value.
   */
  duplicates?: 'error' | 'keep-first';
  /** Characters a name may start with (default: letters). */
  nameStart?: (c: number) => boolean;
  /** Characters allowed in a name after its first (default: letters, digits, `_`). */
  nameChar?: (c: number) => boolean;
}

export interface TagScan {
  ok: boolean;
  tags: Tag[];
  map: Map<string, string>;
  /** Tags that repeated an earlier name (with `duplicates: 'keep-first'`). */
  repeated: Tag[];
  error: { message: string; position: number } | null;
}

/** No record or signature field is anywhere near this long; longer input is refused before scanning. */
export const MAX_TAG_LIST_LENGTH = 100_000;

function isFws(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

/**
 * The text from `from` up to the next `;` (or the end): its span [start, end) without the white space around it,
 * and where that `;` is (-1 when the text ends first).
 */
export function spanToSemicolon(text: string, from: number): { start: number; end: number; semi: number } {
  const semi = text.indexOf(';', from);
  let start = from;
  let end = semi === -1 ? text.length : semi;
  while (start < end && isFws(text.charCodeAt(start))) start++;
  while (end > start && isFws(text.charCodeAt(end - 1))) end--;
  return { start, end, semi };
}

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** RFC 6376 §3.2: tag-name = ALPHA *ALNUMPUNC, ALNUMPUNC = ALPHA / DIGIT / "_". */
export function isTagNameChar(c: number): boolean {
  return isAlpha(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

function quote(text: string, at: number): string {
  const shown = text.slice(at, at + 20);
  return shown === '' ? 'the end' : `“${shown}”`;
}

/**
 * Scan `name = value ; …` with positions. Values keep inner whitespace (callers strip it where the tag's grammar
 * allows FWS, such as b= and p=); a trailing `;` is allowed. Linear in the input.
 */
export function scanTags(text: string, options: TagScanOptions = {}): TagScan {
  const tags: Tag[] = [];
  const repeated: Tag[] = [];
  const map = new Map<string, string>();
  const nameStart = options.nameStart ?? isAlpha;
  const nameChar = options.nameChar ?? isTagNameChar;
  const fail = (message: string, position: number): TagScan => ({
    ok: false,
    tags,
    map,
    repeated,
    error: { message, position: Math.max(0, Math.min(position, text.length)) },
  });
  if (text.length > MAX_TAG_LIST_LENGTH)
    return fail(`The list is ${text.length} characters long; at most ${MAX_TAG_LIST_LENGTH} are read.`, 0);
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isFws(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    const start = i;
    if (!nameStart(text.charCodeAt(i))) return fail(`Expected a tag name at ${quote(text, start)}.`, start);
    i++;
    while (i < text.length && nameChar(text.charCodeAt(i))) i++;
    const written = text.slice(start, i);
    const name = options.lowerCaseNames ? written.toLowerCase() : written;
    while (i < text.length && isFws(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 0x3d) return fail(`The tag “${written}” has no “=”.`, i);
    i++;
    const { start: a, end: b, semi } = spanToSemicolon(text, i);
    const end = semi === -1 ? text.length : semi;
    const tag: Tag = { name, value: text.slice(a, b), start, valueStart: a, valueEnd: b };
    if (map.has(name)) {
      if (options.duplicates !== 'keep-first') return fail(`The tag “${written}” appears twice.`, start);
      repeated.push(tag);
    } else {
      tags.push(tag);
      map.set(name, tag.value);
    }
    i = end + 1;
  }
  return { ok: true, tags, map, repeated, error: null };
}

/** RFC 6376 §3.2 as DKIM and ARC read it: case-sensitive names, a repeated tag is an error. */
export function parseTagList(text: string): TagList {
  const scan = scanTags(text);
  if (scan.error)
    return { ok: false, error: scan.error.message, position: scan.error.position, tags: scan.tags };
  return { ok: true, tags: scan.tags, map: scan.map };
}

/** Remove folding whitespace from a value whose grammar allows it (b=, bh=, p=). */
export function stripFws(value: string): string {
  return value.replace(/[ \t\r\n]+/g, '');
}
