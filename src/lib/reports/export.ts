// Export of aggregate records (the filtered rows) as CSV (RFC 4180) and JSON, in chunks so a million rows never
// become one string. Report text is attacker-controlled: CSV cells that a spreadsheet would run as a formula are
// prefixed with an apostrophe (OWASP "CSV injection").

import type { RecordRef } from './filter';
import type { SourceEnrichment } from './sources';

export const CSV_COLUMNS = [
  'reporter',
  'report_id',
  'begin',
  'end',
  'policy_domain',
  'policy_p',
  'source_ip',
  'ptr',
  'count',
  'disposition',
  'dmarc',
  'dkim_aligned',
  'spf_aligned',
  'header_from',
  'envelope_from',
  'envelope_to',
  'dkim_results',
  'spf_results',
  'reasons',
  'file',
] as const;

export interface ExportRow {
  reporter: string;
  reportId: string;
  begin: string;
  end: string;
  policyDomain: string;
  policyP: string | null;
  sourceIp: string;
  ptr: string | null;
  count: number;
  disposition: string;
  dmarc: 'pass' | 'fail';
  dkimAligned: boolean;
  spfAligned: boolean;
  headerFrom: string;
  envelopeFrom: string | null;
  envelopeTo: string | null;
  dkim: Array<{ domain: string; selector: string | null; result: string }>;
  spf: Array<{ domain: string; scope: string | null; result: string }>;
  reasons: Array<{ type: string; comment: string | null }>;
  file: string;
}

const iso = (seconds: number) => (seconds > 0 ? new Date(seconds * 1000).toISOString() : '');

export function exportRow(ref: RecordRef, enrichment?: ReadonlyMap<string, SourceEnrichment>): ExportRow {
  const { report, record, facts } = ref;
  const ptr = enrichment?.get(record.sourceIp)?.ptr;
  return {
    reporter: report.orgName,
    reportId: report.reportId,
    begin: iso(report.begin),
    end: iso(report.end),
    policyDomain: report.policy.domain,
    policyP: report.policy.p,
    sourceIp: record.sourceIp,
    ptr: ptr?.confirmed ?? ptr?.names[0] ?? null,
    count: record.count,
    disposition: record.disposition,
    dmarc: facts.dmarcPass ? 'pass' : 'fail',
    dkimAligned: facts.alignedDkim,
    spfAligned: facts.alignedSpf,
    headerFrom: record.headerFrom,
    envelopeFrom: record.envelopeFrom,
    envelopeTo: record.envelopeTo,
    dkim: record.authDkim.map(({ domain, selector, result }) => ({ domain, selector, result })),
    spf: record.authSpf.map(({ domain, scope, result }) => ({ domain, scope, result })),
    reasons: record.reasons,
    file:
      report.source.member === null ? report.source.file : `${report.source.file} › ${report.source.member}`,
  };
}

/** RFC 4180 §2: quote cells with commas, quotes or line breaks; neutralise formula triggers (= + - @ tab CR). */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLine(r: ExportRow): string {
  const dkim = r.dkim.map((d) => `${d.domain}${d.selector ? ` s=${d.selector}` : ''} ${d.result}`).join('; ');
  const spf = r.spf.map((s) => `${s.domain}${s.scope ? ` ${s.scope}` : ''} ${s.result}`).join('; ');
  const reasons = r.reasons.map((x) => (x.comment ? `${x.type}: ${x.comment}` : x.type)).join('; ');
  // prettier-ignore
  return [
    r.reporter, r.reportId, r.begin, r.end, r.policyDomain, r.policyP, r.sourceIp, r.ptr, r.count, r.disposition,
    r.dmarc, r.dkimAligned, r.spfAligned, r.headerFrom, r.envelopeFrom, r.envelopeTo, dkim, spf, reasons, r.file,
  ]
    .map(csvCell)
    .join(',');
}

/** CSV text in chunks of `rowsPerChunk` rows, the header first; CRLF line ends (RFC 4180 §2). */
export function* csvChunks(
  refs: Iterable<RecordRef>,
  enrichment?: ReadonlyMap<string, SourceEnrichment>,
  rowsPerChunk = 5000,
): Generator<string> {
  let lines = [CSV_COLUMNS.join(',')];
  for (const ref of refs) {
    lines.push(csvLine(exportRow(ref, enrichment)));
    if (lines.length >= rowsPerChunk) {
      yield `${lines.join('\r\n')}\r\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\r\n')}\r\n`;
}

/** A JSON array of rows, in chunks (concatenated, they are one valid document). */
export function* jsonChunks(
  refs: Iterable<RecordRef>,
  enrichment?: ReadonlyMap<string, SourceEnrichment>,
  rowsPerChunk = 5000,
): Generator<string> {
  let first = true;
  let parts: string[] = [];
  yield '[';
  for (const ref of refs) {
    parts.push(`${first ? '\n' : ',\n'}${JSON.stringify(exportRow(ref, enrichment))}`);
    first = false;
    if (parts.length >= rowsPerChunk) {
      yield parts.join('');
      parts = [];
    }
  }
  yield `${parts.join('')}\n]\n`;
}

export function toCsv(refs: Iterable<RecordRef>, enrichment?: ReadonlyMap<string, SourceEnrichment>): string {
  return [...csvChunks(refs, enrichment)].join('');
}

export function toJson(
  refs: Iterable<RecordRef>,
  enrichment?: ReadonlyMap<string, SourceEnrichment>,
): string {
  return [...jsonChunks(refs, enrichment)].join('');
}
