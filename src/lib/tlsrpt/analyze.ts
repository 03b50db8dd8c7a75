// The TLS-RPT part of the domain check (RFC 8460).

import { lookup, txtRecords } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import { dnsFailureFinding, type Finding } from '../findings';
import { parseTlsRptRecord } from './record';

export interface TlsRptAnalysis {
  domain: string;
  status: 'found' | 'none' | 'multiple' | 'invalid' | 'error';
  record: string | null;
  rua: string[];
  findings: Finding[];
}

export async function analyzeTlsRpt(
  domain: string,
  resolver: Resolver,
  /** transportSecurity: MTA-STS or DANE is in use (TLS-RPT then matters more); may be a promise. */
  options: { signal?: AbortSignal; transportSecurity?: boolean | Promise<boolean> } = {},
): Promise<TlsRptAnalysis> {
  const result = await lookup(resolver, `_smtp._tls.${domain}`, 'TXT', options.signal);
  const base = { domain, record: null, rua: [] as string[] };
  if (result.kind === 'error') {
    return {
      ...base,
      status: 'error',
      findings: [dnsFailureFinding('tlsrpt-dns-error', 'Could not check TLS-RPT', result.message, domain)],
    };
  }
  const records = txtRecords(result)
    .map((t) => t.text)
    .filter((t) => /^v=TLSRPTv1/i.test(t));
  if (records.length === 0) {
    const transportSecurity = await options.transportSecurity;
    return {
      ...base,
      status: 'none',
      findings: [
        {
          severity: transportSecurity ? 'warning' : 'info',
          code: 'no-tlsrpt',
          title: 'No TLS-RPT record',
          detail: transportSecurity
            ? 'MTA-STS or DANE is in use but nobody receives reports when senders fail to connect securely.'
            : 'Senders cannot report TLS failures to you.',
          fix: `Publish “v=TLSRPTv1; rua=mailto:tls-reports@${domain}” at _smtp._tls.${domain}.`,
          spec: 'RFC 8460 §3',
          domain,
        },
      ],
    };
  }
  if (records.length > 1) {
    return {
      ...base,
      status: 'multiple',
      findings: [
        {
          severity: 'error',
          code: 'tlsrpt-multiple',
          title: 'More than one TLS-RPT record',
          detail: 'Senders ignore all of them.',
          fix: 'Keep exactly one.',
          spec: 'RFC 8460 §3',
          domain,
          items: records,
        },
      ],
    };
  }
  const parsed = parseTlsRptRecord(records[0]!);
  if (!parsed.ok) {
    return {
      ...base,
      record: records[0]!,
      status: 'invalid',
      findings: parsed.errors.map((e) => ({
        severity: 'error' as const,
        code: 'tlsrpt-invalid',
        title: 'The TLS-RPT record is invalid',
        detail: e,
        spec: 'RFC 8460 §3',
        domain,
      })),
    };
  }
  const findings: Finding[] = [
    {
      severity: 'ok',
      code: 'tlsrpt-ok',
      title: 'TLS-RPT reports requested',
      detail: `Senders send daily TLS reports to ${parsed.record.rua.map((r) => r.uri).join(', ')}.`,
      spec: 'RFC 8460',
      domain,
    },
  ];
  for (const w of parsed.warnings)
    findings.push({ severity: 'info', code: 'tlsrpt-extension', title: w, detail: w, domain });
  return {
    ...base,
    record: records[0]!,
    rua: parsed.record.rua.map((r) => r.uri),
    status: 'found',
    findings,
  };
}
