// The `;`-separated tag lists of DNS policy records: DMARC (RFC 9989 §4.8), MTA-STS (RFC 8461 §3.1), TLS-RPT
// (RFC 8460 §3) and BIMI. Each field is read by the positioned tag=value scanner, so one bad field is reported with
// its position and the fields after it are still read. Tags are kept in a Map and, for callers that publish them,
// in a null-prototype object: "constructor" or "toString" are just names.

import { makeIssue, type Issue, type RecordParse } from '../findings/issue';
import { scanTags, spanToSemicolon, type Tag, type TagScanOptions } from './tag-list';

export interface PolicyField {
  /** The field's span without the spaces around it: [start, end). */
  start: number;
  end: number;
  /** The field's text without the spaces around it. */
  text: string;
  /** The field as name=value, with positions in the whole record; null when it is not one. */
  tag: Tag | null;
  /** Why it is not: `empty` (nothing between two `;`) or `syntax` (the scanner's `message` says what). */
  problem: 'empty' | 'syntax' | null;
  message: string;
  /** The name appeared in an earlier field (the earlier value is the one in `map`). */
  repeated: boolean;
}

export interface PolicyRecordScan {
  /** Every field in order; a trailing `;` does not make an empty last field. */
  fields: PolicyField[];
  /** The first value of each name. */
  map: Map<string, string>;
}

/** Scan `text` field by field; linear in its length (each field is scanned once). */
export function scanPolicyRecord(
  text: string,
  options: Pick<TagScanOptions, 'lowerCaseNames' | 'nameStart' | 'nameChar'> = {},
): PolicyRecordScan {
  const out: PolicyRecordScan = { fields: [], map: new Map() };
  let at = 0;
  for (;;) {
    const { start: a, end: b, semi } = spanToSemicolon(text, at);
    const field: PolicyField = {
      start: a,
      end: b,
      text: text.slice(a, b),
      tag: null,
      problem: null,
      message: '',
      repeated: false,
    };
    if (a === b) {
      // The grammars allow a trailing ";", which leaves an empty last field.
      if (semi !== -1) out.fields.push({ ...field, problem: 'empty' });
    } else {
      const scan = scanTags(field.text, { ...options, duplicates: 'keep-first' });
      const tag = scan.tags[0];
      if (scan.error || !tag) {
        out.fields.push({ ...field, problem: 'syntax', message: scan.error?.message ?? '' });
      } else {
        const placed: Tag = {
          ...tag,
          start: tag.start + a,
          valueStart: tag.valueStart + a,
          valueEnd: tag.valueEnd + a,
        };
        const repeated = out.map.has(placed.name);
        if (!repeated) out.map.set(placed.name, placed.value);
        out.fields.push({ ...field, tag: placed, repeated });
      }
    }
    if (semi === -1) break;
    at = semi + 1;
  }
  return out;
}

/** Tags as a null-prototype object (for records that publish their tags, such as DMARC's `tags`). */
export function tagObject(map: ReadonlyMap<string, string>): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const [name, value] of map) out[name] = value;
  return out;
}

/** ALPHA only: DMARC and BIMI tag names (RFC 9989 §4.8). */
export function isAlphaChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

export interface FieldIssueCodes<Code extends string> {
  /** Nothing between two `;`. */
  empty: Code;
  /** Not name=value. */
  syntax: Code;
  /** A name given twice (the first value counts). */
  repeated: Code;
}

/**
 * The issues of the fields themselves (empty, not name=value, repeated), with their positions, in the words of the
 * record's grammar: DMARC and BIMI have tags, MTA-STS (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3) fields.
 */
export function fieldIssues<Code extends string>(
  fields: readonly PolicyField[],
  codes: FieldIssueCodes<Code>,
  noun: 'tag' | 'field',
): Issue<Code>[] {
  const out: Issue<Code>[] = [];
  for (const f of fields) {
    const at = { start: f.start, end: f.end };
    if (f.problem === 'empty')
      out.push(
        makeIssue('error', codes.empty, `Two “;” in a row: a ${noun} is missing between them.`, {
          ...at,
          fix: 'Remove the extra “;”.',
        }),
      );
    else if (f.problem === 'syntax')
      out.push(
        makeIssue(
          'error',
          codes.syntax,
          `“${f.text.slice(0, 60)}” is not a ${noun === 'tag' ? 'tag=value pair' : 'key=value field'}.`,
          at,
        ),
      );
    else if (f.repeated && f.tag)
      out.push(
        makeIssue('error', codes.repeated, `The ${noun} “${f.tag.name}” appears twice.`, {
          ...at,
          tag: f.tag.name,
          fix: `Keep one ${f.tag.name}=.`,
        }),
      );
  }
  return out;
}

/** RFC 8461 §3.1 sts-ext-name and RFC 8460 §3 tlsrpt-ext-name: (ALPHA / DIGIT) first. */
export function isExtensionNameStart(c: number): boolean {
  return isAlphaChar(c) || (c >= 0x30 && c <= 0x39);
}

/** RFC 8461 §3.1 sts-ext-name and RFC 8460 §3 tlsrpt-ext-name: ALPHA / DIGIT / "_" / "-" / "." after the first. */
export function isExtensionNameChar(c: number): boolean {
  return isExtensionNameStart(c) || c === 0x5f || c === 0x2d || c === 0x2e;
}

/**
 * The issue codes of reading a versioned record (too long, no version first, the fields' own issues, and a name the
 * record does not define), in the words of its grammar: BIMI has tags, MTA-STS (RFC 8461 §3.1) and TLS-RPT
 * (RFC 8460 §3) fields.
 */
export function readIssueCodes<Noun extends 'tag' | 'field'>(noun: Noun) {
  return [
    'too-long',
    'no-version',
    `empty-${noun}`,
    `bad-${noun}`,
    `duplicate-${noun}`,
    `unknown-${noun}`,
  ] as const;
}
export type ReadIssueCode<Noun extends 'tag' | 'field'> = ReturnType<typeof readIssueCodes<Noun>>[number];

/** A record parse that also gives the tags as published (a null-prototype object), valid or not. */
export type TaggedRecordParse<Rec, Code extends string> = RecordParse<
  Rec,
  Code,
  { tags: Record<string, string> }
>;

export interface VersionedRecordGrammar<Noun extends 'tag' | 'field'> {
  /** The protocol as people name it ("MTA-STS"), for the length message. */
  name: string;
  /** The version field as it must be written ("v=STSv1"). */
  version: string;
  /** Whether the first field is that version (default: exactly `version`). */
  isVersion?: (field: PolicyField) => boolean;
  maxLength: number;
  noun: Noun;
  scan?: Pick<TagScanOptions, 'lowerCaseNames' | 'nameStart' | 'nameChar'>;
  /** The names the record defines: any other is warned about and ignored (not given: the caller decides). */
  known?: readonly string[];
}

export type VersionedRecord<Code extends string> =
  /** Unreadable: too long, or the version is not first (`tags` is then empty). */
  | { ok: false; issues: Issue<Code>[]; tags: Record<string, string> }
  /**
   * The fields after the version, the first value of each name, the first field of each name (`named`), and the
   * issues of the fields themselves.
   */
  | {
      ok: true;
      fields: PolicyField[];
      map: Map<string, string>;
      named: Tag[];
      issues: Issue<Code>[];
      tags: Record<string, string>;
    };

/** Where an issue about `tag` points: its name and its span from the name to the end of the value. */
export function tagSpan(tag: Tag): { tag: string; start: number; end: number } {
  return { tag: tag.name, start: tag.start, end: tag.valueEnd };
}

/** A record that starts with its version field: the length cap, the version, and the fields' own issues. */
export function readVersionedRecord<Noun extends 'tag' | 'field'>(
  text: string,
  grammar: VersionedRecordGrammar<Noun>,
): VersionedRecord<ReadIssueCode<Noun>> {
  const [tooLong, noVersion, empty, syntax, repeated, unknown] = readIssueCodes(grammar.noun);
  if (text.length > grammar.maxLength)
    return {
      ok: false,
      issues: [
        makeIssue(
          'error',
          tooLong,
          `The record is ${text.length} characters long; that cannot be ${grammar.name}.`,
        ),
      ],
      tags: tagObject(new Map()),
    };
  const scan = scanPolicyRecord(text, grammar.scan);
  const [version, ...fields] = scan.fields;
  const isVersion = grammar.isVersion ?? ((f: PolicyField) => f.text === grammar.version);
  if (!version || !isVersion(version))
    return {
      ok: false,
      issues: [
        makeIssue('error', noVersion, `The record must start with “${grammar.version}”.`, {
          start: 0,
          end: version?.end ?? 0,
          fix: `Start the record with ${grammar.version};`,
        }),
      ],
      tags: tagObject(new Map()),
    };
  const named = fields.flatMap((f) => (f.tag && !f.repeated ? [f.tag] : []));
  const issues: Issue<ReadIssueCode<Noun>>[] = fieldIssues(fields, { empty, syntax, repeated }, grammar.noun);
  const { known } = grammar;
  if (known)
    for (const tag of named)
      if (!known.includes(tag.name)) issues.push(unknownIssue(unknown, grammar.noun, tag));
  return { ok: true, fields, map: scan.map, named, issues, tags: tagObject(scan.map) };
}

/** A field whose name the record does not define: receivers ignore it. */
function unknownIssue<Code extends string>(code: Code, noun: 'tag' | 'field', tag: Tag): Issue<Code> {
  return makeIssue('warning', code, `Unknown ${noun} “${tag.name}” is ignored.`, tagSpan(tag));
}

export type FieldRecord<Code extends string> =
  | { ok: false; issues: Issue<Code>[]; tags: Record<string, string> }
  /** `extensions`: the fields the record does not define, as a null-prototype object. */
  | { ok: true; issues: Issue<Code>[]; tags: Record<string, string>; extensions: Record<string, string> };

/**
 * MTA-STS (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3) records: the version, then key=value fields. `field` reads each
 * field once (the first of its name) and says whether it took it; a field it leaves is an extension field, kept in
 * `extensions` and warned about.
 */
export function readFieldRecord<Code extends string>(
  text: string,
  grammar: Pick<VersionedRecordGrammar<'field'>, 'name' | 'version' | 'maxLength'>,
  field: (tag: Tag, issues: Issue<Code | ReadIssueCode<'field'>>[]) => boolean,
): FieldRecord<Code | ReadIssueCode<'field'>> {
  const read = readVersionedRecord(text, {
    ...grammar,
    noun: 'field',
    scan: { nameStart: isExtensionNameStart, nameChar: isExtensionNameChar },
  });
  if (!read.ok) return read;
  const issues: Issue<Code | ReadIssueCode<'field'>>[] = read.issues;
  const extensions = new Map<string, string>();
  for (const tag of read.named) {
    if (field(tag, issues)) continue;
    extensions.set(tag.name, tag.value);
    issues.push(unknownIssue('unknown-field', 'field', tag));
  }
  return { ok: true, issues, tags: read.tags, extensions: tagObject(extensions) };
}
