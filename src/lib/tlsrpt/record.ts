// RFC 8460 §3: the TLS-RPT TXT record at _smtp._tls.<domain>.

import { hasErrors, makeIssue } from '../findings/issue';
import { readFieldRecord, readIssueCodes, tagSpan, type TaggedRecordParse } from '../syntax/policy-record';

export interface TlsRptUri {
  uri: string;
  scheme: 'mailto' | 'https';
}

export interface TlsRptRecord {
  rua: TlsRptUri[];
  /** Extension fields (none are defined yet), as a null-prototype object. */
  extensions: Record<string, string>;
}

export const TLSRPT_ISSUE_CODES = [...readIssueCodes('field'), 'bad-rua', 'no-rua'] as const;
export type TlsRptIssueCode = (typeof TLSRPT_ISSUE_CODES)[number];

/** `tags`: every field as published (a null-prototype object), also when the record is invalid. */
export type TlsRptParse = TaggedRecordParse<TlsRptRecord, TlsRptIssueCode>;

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
  let rua: TlsRptUri[] | null = null;
  // RFC 8460 §3: tlsrpt-version = %s"v=TLSRPTv1" and must come first.
  const grammar = { name: 'TLS-RPT', version: 'v=TLSRPTv1', maxLength: MAX_RECORD_LENGTH };
  const read = readFieldRecord<TlsRptIssueCode>(text, grammar, (tag, issues) => {
    if (tag.name !== 'rua') return false;
    const parsed = parseTlsRptRua(tag.value);
    rua = parsed.uris;
    for (const raw of parsed.invalid)
      issues.push(
        makeIssue('error', 'bad-rua', `rua “${raw}” must be a mailto: or https: URI.`, tagSpan(tag)),
      );
    return true;
  });
  if (!read.ok) return read;
  const { issues, tags, extensions } = read;
  if (rua === null)
    issues.push(makeIssue('error', 'no-rua', 'The record has no rua= field, so reports have nowhere to go.'));
  if (rua === null || hasErrors(issues)) return { ok: false, issues, tags };
  return { ok: true, record: { rua, extensions }, issues, tags };
}
