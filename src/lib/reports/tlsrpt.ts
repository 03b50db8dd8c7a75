// SMTP TLS reports, RFC 8460 §4 (JSON, application/tlsrpt+json): organization, date range, and per policy the
// successful and failed session counts with failure details. Optional fields may be missing, as real ones are.

import { MAX_JSON_BYTES, MAX_TLS_FAILURE_DETAILS, MAX_TLS_POLICIES } from './limits';
import type { ReportSource, TlsFailureDetail, TlsPolicy, TlsReport } from './types';

export type TlsParse =
  | { ok: true; reports: TlsReport[] }
  | { ok: false; code: 'malformed' | 'not-a-report' | 'limit' | 'too-large'; error: string };

/** Characters kept of one string field: RFC 8460 fields are host names, addresses and short texts. */
const MAX_FIELD_CHARS = 2048;
/** Reports in one JSON array (a collector's export). */
const MAX_REPORTS_PER_FILE = 10_000;

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

class Fields {
  readonly warnings = new Set<string>();
  detailCount = 0;

  /** A string field; numbers are accepted as text, anything else is noted and dropped. */
  text(obj: Record<string, Json>, key: string): string | null {
    const v = Object.hasOwn(obj, key) ? obj[key] : undefined;
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return v.slice(0, MAX_FIELD_CHARS).trim();
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    this.warnings.add(`“${key}” is not text; it was ignored.`);
    return null;
  }

  /** RFC 8460 §4.4: session counts are non-negative integers ("123" is read too). */
  count(obj: Record<string, Json>, key: string): number {
    const v = Object.hasOwn(obj, key) ? obj[key] : undefined;
    if (v === undefined || v === null) return 0;
    const n = typeof v === 'string' && /^\d{1,15}$/.test(v.trim()) ? Number(v) : v;
    if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) return n;
    this.warnings.add(`“${key}” is not a session count; 0 was used.`);
    return 0;
  }

  list(obj: Record<string, Json>, key: string): string[] {
    const v = Object.hasOwn(obj, key) ? obj[key] : undefined;
    if (typeof v === 'string') return [v.slice(0, MAX_FIELD_CHARS)];
    if (!Array.isArray(v)) return [];
    return v
      .slice(0, 1000)
      .filter((s): s is string => typeof s === 'string')
      .map((s) => s.slice(0, MAX_FIELD_CHARS));
  }
}

/** RFC 3339 date-time (RFC 8460 §4.4 date-range) as epoch seconds. */
function seconds(text: string | null): number | null {
  if (text === null) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

function readPolicy(entry: Json, f: Fields): TlsPolicy | { skip: string } | { limit: string } {
  if (!isObject(entry)) return { skip: 'A policies entry is not an object; it was skipped.' };
  const policy = isObject(entry.policy) ? entry.policy : {};
  const summary = isObject(entry.summary) ? entry.summary : {};
  if (!isObject(entry.summary)) f.warnings.add('A policy has no summary; its session counts are taken as 0.');
  const details = Array.isArray(entry['failure-details']) ? entry['failure-details'] : [];
  f.detailCount += details.length;
  if (f.detailCount > MAX_TLS_FAILURE_DETAILS)
    return {
      limit: `The report lists more than ${MAX_TLS_FAILURE_DETAILS.toLocaleString('en-US')} failure details, the most one report is read with.`,
    };
  const failures: TlsFailureDetail[] = [];
  for (const d of details) {
    if (!isObject(d)) continue;
    failures.push({
      resultType: (f.text(d, 'result-type') ?? 'unknown').toLowerCase(),
      count: f.count(d, 'failed-session-count'),
      sendingMta: f.text(d, 'sending-mta-ip'),
      receivingMx: f.text(d, 'receiving-mx-hostname'),
      receivingMxHelo: f.text(d, 'receiving-mx-helo'),
      receivingIp: f.text(d, 'receiving-ip'),
      additionalInformation: f.text(d, 'additional-information'),
      failureReasonCode: f.text(d, 'failure-reason-code'),
    });
  }
  const mx = f.list(policy, 'mx-host');
  return {
    type: (f.text(policy, 'policy-type') ?? 'unknown').toLowerCase(),
    domain: (f.text(policy, 'policy-domain') ?? '').toLowerCase(),
    policyStrings: f.list(policy, 'policy-string'),
    // Drafts before RFC 8460 named it mx-host-pattern.
    mxHosts: mx.length > 0 ? mx : f.list(policy, 'mx-host-pattern'),
    success: f.count(summary, 'total-successful-session-count'),
    failure: f.count(summary, 'total-failure-session-count'),
    failures,
  };
}

function readReport(
  doc: Json,
  source: ReportSource,
): TlsReport | { error: string; code: 'not-a-report' | 'limit' } {
  if (!isObject(doc) || !Array.isArray(doc.policies))
    return {
      code: 'not-a-report',
      error: 'This JSON is not an SMTP TLS report (RFC 8460): it has no “policies”.',
    };
  if (doc.policies.length > MAX_TLS_POLICIES)
    return {
      code: 'limit',
      error: `The report lists ${doc.policies.length.toLocaleString('en-US')} policies; at most ${MAX_TLS_POLICIES.toLocaleString('en-US')} are read.`,
    };
  const f = new Fields();
  const range = isObject(doc['date-range']) ? doc['date-range'] : {};
  const begin = seconds(f.text(range, 'start-datetime'));
  const end = seconds(f.text(range, 'end-datetime'));
  const policies: TlsPolicy[] = [];
  for (const entry of doc.policies) {
    const policy = readPolicy(entry, f);
    if ('limit' in policy) return { code: 'limit', error: policy.limit };
    if ('skip' in policy) f.warnings.add(policy.skip);
    else policies.push(policy);
  }
  const orgName = f.text(doc, 'organization-name');
  let reportId = f.text(doc, 'report-id');
  if (!orgName) f.warnings.add('The report names no organization (organization-name).');
  if (begin === null || end === null)
    f.warnings.add('The report’s date-range is missing or not RFC 3339 dates.');
  if (!reportId) {
    reportId = `${orgName ?? ''}!${begin ?? ''}!${end ?? ''}`;
    f.warnings.add('The report has no report-id; one was made from the organization and dates.');
  }
  return {
    kind: 'tls-rpt',
    orgName: orgName || '(unnamed reporter)',
    reportId,
    begin: begin ?? 0,
    end: end ?? 0,
    policies,
    contactInfo: f.text(doc, 'contact-info'),
    warnings: [...f.warnings],
    source,
  };
}

/** Read TLS report(s) from JSON bytes: one report object, or an array of them. */
export function parseTlsReportJson(bytes: Uint8Array, source: ReportSource): TlsParse {
  if (bytes.length > MAX_JSON_BYTES)
    return {
      ok: false,
      code: 'too-large',
      error: `The JSON file is larger than ${MAX_JSON_BYTES / 1048576} MB.`,
    };
  let doc: Json;
  try {
    doc = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'malformed', error: `The JSON is not valid (${detail}).` };
  }
  const docs = Array.isArray(doc) ? doc : [doc];
  if (docs.length > MAX_REPORTS_PER_FILE)
    return { ok: false, code: 'limit', error: `The file holds more than ${MAX_REPORTS_PER_FILE} reports.` };
  const reports: TlsReport[] = [];
  for (const d of docs) {
    const r = readReport(d, source);
    if ('error' in r) return { ok: false, code: r.code, error: r.error };
    reports.push(r);
  }
  if (reports.length === 0) return { ok: false, code: 'not-a-report', error: 'The JSON holds no report.' };
  return { ok: true, reports };
}
