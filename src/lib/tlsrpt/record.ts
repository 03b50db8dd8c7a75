// RFC 8460 §3: the TLS-RPT TXT record at _smtp._tls.<domain>.

import { makeIssue, type RecordParse } from '../findings/issue';
import { isExtensionNameChar, readVersionedRecord, tagObject } from '../syntax/policy-record';

export interface TlsRptUri {
  uri: string;
  scheme: 'mailto' | 'https';
}

export interface TlsRptRecord {
  rua: TlsRptUri[];
  /** Extension fields (none are defined yet), as a null-prototype object. */
  extensions: Record<string, string>;
}

export const TLSRPT_ISSUE_CODES = [
  'too-long',
  'no-version',
  'empty-field',
  'bad-field',
  'duplicate-field',
  'bad-rua',
  'no-rua',
  'unknown-field',
] as const;
export type TlsRptIssueCode = (typeof TLSRPT_ISSUE_CODES)[number];

/** `tags`: every field as published (a null-prototype object), also when the record is invalid. */
export type TlsRptParse = RecordParse<TlsRptRecord, TlsRptIssueCode, { tags: Record<string, string> }>;

/** No TLS-RPT record comes near this (a few report URIs); longer text is refused unread. */
const MAX_RECORD_LENGTH = 8192;

/**
 * RFC 8460 §3 "v=TLSRPTv1" records. Senders discard records that do not begin with "v=TLSRPTv1;"; near misses
 * (another case, spaces around "=") are recognized here too, so a check can say what is wrong with them.
 */
export function isTlsRptRecord(text: string): boolean {
  return /^v\s*=\s*TLSRPTv1/i.test(text);
}

/** RFC 8460 §3: tlsrpt-rua = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri), each mailto: or https:. */
export function parseTlsRptRua(value: string): { uris: TlsRptUri[]; invalid: string[] } {
  const uris: TlsRptUri[] = [];
  const invalid: string[] = [];
  for (const raw of value.split(',').map((u) => u.trim())) {
    const scheme = /^(mailto|https):/i.exec(raw)?.[1]?.toLowerCase();
    if (scheme === 'mailto' && /^mailto:[^@\s]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/i.test(raw))
      uris.push({ uri: raw, scheme: 'mailto' });
    else if (scheme === 'https' && /^https:\/\/[A-Za-z0-9.-]+(?::\d+)?(\/\S*)?$/i.test(raw))
      uris.push({ uri: raw, scheme: 'https' });
    else invalid.push(raw);
  }
  return { uris, invalid };
}

export function parseTlsRptRecord(text: string): TlsRptParse {
  const read = readVersionedRecord<TlsRptIssueCode>(text, {
    name: 'TLS-RPT',
    // RFC 8460 §3: tlsrpt-version = %s"v=TLSRPTv1" and must come first.
    version: 'v=TLSRPTv1',
    maxLength: MAX_RECORD_LENGTH,
    tooLong: 'too-long',
    noVersion: 'no-version',
    empty: 'empty-field',
    syntax: 'bad-field',
    repeated: 'duplicate-field',
    noun: 'field',
    scan: { nameChar: isExtensionNameChar },
  });
  const tags = tagObject(read.ok ? read.map : new Map());
  if (!read.ok) return { ok: false, issues: read.issues, tags };
  const issues = read.issues;
  let rua: TlsRptUri[] | null = null;
  const extensions = new Map<string, string>();
  for (const { tag, repeated } of read.fields) {
    if (!tag || repeated) continue;
    const at = { tag: tag.name, start: tag.start, end: tag.valueEnd };
    if (tag.name === 'rua') {
      const parsed = parseTlsRptRua(tag.value);
      rua = parsed.uris;
      for (const raw of parsed.invalid)
        issues.push(makeIssue('error', 'bad-rua', `rua “${raw}” must be a mailto: or https: URI.`, at));
    } else {
      extensions.set(tag.name, tag.value);
      issues.push(makeIssue('warning', 'unknown-field', `Unknown field “${tag.name}” is ignored.`, at));
    }
  }
  if (rua === null)
    issues.push(makeIssue('error', 'no-rua', 'The record has no rua= field, so reports have nowhere to go.'));
  if (rua === null || issues.some((i) => i.severity === 'error')) return { ok: false, issues, tags };
  return { ok: true, record: { rua, extensions: tagObject(extensions) }, issues, tags };
}
