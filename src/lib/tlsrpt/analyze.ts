// The TLS-RPT part of the domain check (RFC 8460).

import { fetchTaggedRecord } from '../dns/tagged-record';
import type { Resolver } from '../dns/types';
import type { Finding, RecordArea } from '../findings';
import { readRecord, recordCodes } from '../findings/record-area';
import { isTlsRptRecord, parseTlsRptRecord, type TlsRptRecord } from './record';

const AREA_CODES = recordCodes('tlsrpt');
export const TLSRPT_FINDING_CODES = [...Object.values(AREA_CODES), 'tlsrpt-ok', 'tlsrpt-extension'] as const;
export type TlsRptFindingCode = (typeof TLSRPT_FINDING_CODES)[number];

/** `parsed.rua`: where reports go. */
export type TlsRptAnalysis = RecordArea<TlsRptRecord, TlsRptFindingCode>;

export async function analyzeTlsRpt(
  domain: string,
  resolver: Resolver,
  /** transportSecurity: MTA-STS or DANE is in use (TLS-RPT then matters more); may be a promise. */
  options: { signal?: AbortSignal; transportSecurity?: boolean | Promise<boolean> } = {},
): Promise<TlsRptAnalysis> {
  const lookup = await fetchTaggedRecord(resolver, `_smtp._tls.${domain}`, isTlsRptRecord, options.signal);
  const read = readRecord(lookup, parseTlsRptRecord, {
    name: 'TLS-RPT',
    domain,
    codes: AREA_CODES,
    multipleDetail: 'Senders ignore all of them.',
    spec: 'RFC 8460 §3',
  });
  const findings: Finding<TlsRptFindingCode>[] = [...read.findings];
  // A record behind a byte-order mark: its own finding says what to fix, not "publish one".
  if (read.status === 'none' && !read.behindBom) {
    const transportSecurity = await options.transportSecurity;
    findings.push({
      severity: transportSecurity ? 'warning' : 'info',
      code: 'no-tlsrpt',
      title: 'No TLS-RPT record',
      detail: transportSecurity
        ? 'MTA-STS or DANE is in use but nobody receives reports when senders fail to connect securely.'
        : 'Senders cannot report TLS failures to you.',
      fix: `Publish “v=TLSRPTv1; rua=mailto:tls-reports@${domain}” at _smtp._tls.${domain}.`,
      spec: 'RFC 8460 §3',
      domain,
    });
  }
  if (read.parsed) {
    findings.push({
      severity: 'ok',
      code: 'tlsrpt-ok',
      title: 'TLS-RPT reports requested',
      detail: `Senders send daily TLS reports to ${read.parsed.rua.map((r) => r.uri).join(', ')}.`,
      spec: 'RFC 8460',
      domain,
    });
    for (const w of read.issues)
      findings.push({
        severity: 'info',
        code: 'tlsrpt-extension',
        title: w.message,
        detail: w.message,
        domain,
      });
  }
  return { domain, status: read.status, record: read.record, parsed: read.parsed, findings };
}
