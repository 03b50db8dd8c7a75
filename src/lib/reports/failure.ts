// DMARC failure reports: RFC 9991 and RFC 6591 (ARF, RFC 5965 message/feedback-report) with the reported
// message's headers, plus the plain-text reports some receivers send instead, read as far as they go.

import {
  decodeEncodedWords,
  decodeMessageBytes,
  parseAddressList,
  parseMailDate,
  splitHeaders,
  type HeaderField,
} from '../headers';
import { entityBody, entityHeaderText, fieldValue, walkEntities, type MimeEntity } from '../mime/entity';
import { formatIp, parseIp } from '../net/ip';
import { MAX_ORIGINAL_HEADERS_CHARS } from './limits';
import type { FailureReport, ReportSource } from './types';

const ORIGINAL_TYPES = new Set([
  'message/rfc822',
  'text/rfc822-headers',
  'message/rfc822-headers',
  'message/global',
]);

/** FNV-1a, for an identifier when the report message has no Message-ID. */
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

function epoch(text: string | null): number | null {
  const d = text === null ? null : parseMailDate(text);
  return d === null ? null : Math.floor(d.epoch / 1000);
}

/** RFC 6591 §3.1 Source-IP: the address, sometimes followed by a comment or name. */
function sourceAddress(text: string | null): string | null {
  const token =
    text
      ?.trim()
      .split(/[\s(]/)[0]
      ?.replace(/^\[|\]$/g, '') ?? '';
  if (token === '') return null;
  const ip = parseIp(token.replace(/^ipv6:/i, ''));
  return ip === null ? token : formatIp(ip);
}

function originalSummary(headers: string | null): FailureReport['original'] {
  const fields = headers === null ? [] : splitHeaders(headers).fields;
  const get = (name: string) => fields.find((f) => f.lname === name)?.value ?? null;
  // RFC 2047 §5: display names and subjects carry encoded-words ("=?utf-8?B?…?="); shown decoded.
  const decoded = (name: string) => {
    const value = get(name);
    return value === null ? null : decodeEncodedWords(value).text;
  };
  return {
    from: decoded('from'),
    subject: decoded('subject'),
    date: epoch(get('date')),
    messageId: get('message-id'),
  };
}

function clip(text: string | null): string | null {
  return text === null ? null : text.slice(0, MAX_ORIGINAL_HEADERS_CHARS);
}

/** The reported message's header section from a message/rfc822 or text/rfc822-headers part. */
function originalHeaders(part: MimeEntity | undefined): string | null {
  if (part === undefined) return null;
  const inner = part.parts[0];
  if (inner !== undefined) return clip(entityHeaderText(inner));
  return clip(decodeMessageBytes(entityBody(part)).text.replace(/\r?\n\r?\n[\s\S]*$/, ''));
}

/** The reporter: RFC 6591 Reporting-MTA ("dns; host"), else the report message's From domain. */
function reporter(fields: HeaderField[], root: MimeEntity): string | null {
  const mta = fields.find((f) => f.lname === 'reporting-mta')?.value;
  if (mta) return mta.replace(/^\s*dns\s*;\s*/i, '').trim() || null;
  const from = parseAddressList(fieldValue(root, 'from') ?? '')[0]?.address ?? '';
  const at = from.lastIndexOf('@');
  return at >= 0 ? from.slice(at + 1).toLowerCase() : null;
}

function reportId(root: MimeEntity, text: string, index: number): string {
  const id = fieldValue(root, 'message-id')?.trim().replace(/^<|>$/g, '') || `sha-${fingerprint(text)}`;
  return index === 0 ? id : `${id}#${index + 1}`;
}

function fromArf(
  root: MimeEntity,
  part: MimeEntity,
  original: MimeEntity | undefined,
  index: number,
  source: ReportSource,
): FailureReport {
  const text = decodeMessageBytes(entityBody(part)).text;
  const fields = splitHeaders(text).fields;
  const get = (name: string) => fields.find((f) => f.lname === name)?.value ?? null;
  const headers = originalHeaders(original);
  const warnings: string[] = [];
  if (!get('feedback-type')) warnings.push('The feedback report has no Feedback-Type field.');
  // RFC 9991 §3: Identity-Alignment is required in DMARC failure reports.
  if (get('auth-failure')?.toLowerCase() === 'dmarc' && !get('identity-alignment'))
    warnings.push('The report has no Identity-Alignment field, which RFC 9991 requires.');
  if (headers === null) warnings.push('The report does not include the reported message’s headers.');
  return {
    kind: 'dmarc-failure',
    orgName: reporter(fields, root),
    reportId: reportId(root, text, index),
    feedbackType: (get('feedback-type') ?? 'unknown').toLowerCase(),
    authFailure: get('auth-failure')?.toLowerCase() ?? null,
    sourceIp: sourceAddress(get('source-ip')),
    reportedDomain: get('reported-domain')?.toLowerCase() ?? null,
    arrivalDate: epoch(get('arrival-date') ?? get('received-date')),
    originalHeaders: headers,
    format: 'arf',
    identityAlignment: get('identity-alignment')?.toLowerCase() ?? null,
    deliveryResult: get('delivery-result')?.toLowerCase() ?? null,
    dkimDomain: get('dkim-domain')?.toLowerCase() ?? null,
    dkimSelector: get('dkim-selector'),
    dkimIdentity: get('dkim-identity'),
    spfDns: get('spf-dns'),
    originalMailFrom: get('original-mail-from'),
    originalRcptTo: get('original-rcpt-to'),
    authenticationResults: get('authentication-results'),
    userAgent: get('user-agent'),
    original: originalSummary(headers),
    fields: fields.map((f) => ({ name: f.name, value: f.value })),
    warnings,
    source,
  };
}

/** Labels of the plain-text reports ("A message claiming to be from you has failed …"), by field. */
const TEXT_LABELS: Record<string, string> = {
  'sender domain': 'Reported-Domain',
  'sender ip address': 'Source-IP',
  'received date': 'Arrival-Date',
  'spf alignment': 'SPF-Alignment',
  'dkim alignment': 'DKIM-Alignment',
  'dmarc results': 'DMARC-Results',
};
const COPY_MARKER = /^-{2,}\s*This is a copy of the headers.*$/im;

function fromText(
  root: MimeEntity,
  part: MimeEntity,
  original: MimeEntity | undefined,
  source: ReportSource,
): FailureReport | null {
  const text = decodeMessageBytes(entityBody(part)).text;
  const marker = COPY_MARKER.exec(text);
  const summary = marker ? text.slice(0, marker.index) : text;
  const fields: Array<{ name: string; value: string }> = [];
  for (const line of summary.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z][A-Za-z ]{2,30}):\s*(.+?)\s*$/.exec(line);
    const name = m ? TEXT_LABELS[m[1]!.toLowerCase()] : undefined;
    if (m && name) fields.push({ name, value: m[2]! });
  }
  const get = (name: string) => fields.find((f) => f.name === name)?.value ?? null;
  if (get('Reported-Domain') === null && get('Source-IP') === null) return null;
  const headers = marker
    ? clip(text.slice(marker.index + marker[0].length).trim())
    : originalHeaders(original);
  const spf = get('SPF-Alignment')?.toLowerCase() === 'yes';
  const dkim = get('DKIM-Alignment')?.toLowerCase() === 'yes';
  return {
    kind: 'dmarc-failure',
    orgName: reporter([], root),
    reportId: reportId(root, text, 0),
    feedbackType: 'auth-failure',
    authFailure: 'dmarc',
    sourceIp: sourceAddress(get('Source-IP')),
    reportedDomain: get('Reported-Domain')?.toLowerCase() ?? null,
    arrivalDate: epoch(get('Arrival-Date')),
    originalHeaders: headers || null,
    format: 'text',
    identityAlignment: spf && dkim ? 'spf,dkim' : spf ? 'spf' : dkim ? 'dkim' : 'none',
    deliveryResult: null,
    dkimDomain: null,
    dkimSelector: null,
    dkimIdentity: null,
    spfDns: null,
    originalMailFrom: null,
    originalRcptTo: null,
    authenticationResults: null,
    userAgent: null,
    original: originalSummary(headers || null),
    fields,
    warnings: [
      'This is a plain-text failure report, not the standard format (RFC 6591); it was read as far as it goes.',
    ],
    source,
  };
}

/**
 * The failure reports in a message: one per message/feedback-report part (its original is a sibling part), or,
 * when there is none, a plain-text report recognised by its labelled lines.
 */
export function readFailureReports(root: MimeEntity, source: ReportSource): FailureReport[] {
  const reports: FailureReport[] = [];
  let textCandidate: { part: MimeEntity; original: MimeEntity | undefined } | null = null;
  for (const entity of walkEntities(root)) {
    if (entity.parts.length === 0 || !entity.contentType.value.startsWith('multipart/')) continue;
    const original = entity.parts.find((p) => ORIGINAL_TYPES.has(p.contentType.value));
    for (const part of entity.parts) {
      if (part.contentType.value === 'message/feedback-report')
        reports.push(fromArf(root, part, original, reports.length, source));
      else if (textCandidate === null && part.contentType.value === 'text/plain' && part.filename === null)
        textCandidate = { part, original };
    }
  }
  if (reports.length > 0) return reports;
  if (root.contentType.value === 'text/plain') textCandidate = { part: root, original: undefined };
  const text =
    textCandidate === null ? null : fromText(root, textCandidate.part, textCandidate.original, source);
  return text === null ? [] : [text];
}
