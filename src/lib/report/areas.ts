// One summary line per area of the domain report.

import type { BimiAnalysis } from '../bimi/analyze';
import type { DkimAnalysis } from '../dkim/discover';
import type { DmarcAnalysis } from '../dmarc/analyze';
import type { DnssecAnalysis } from '../dnssec/analyze';
import { statusFromFindings } from '../findings';
import type { MtaStsAnalysis } from '../mtasts/analyze';
import type { MxAnalysis } from '../mx/analyze';
import type { TlsRptAnalysis } from '../tlsrpt/analyze';
import type { AreaSummary } from './types';

/** The worst finding's title, as a sentence without its final full stop (callers add one). */
function firstProblem(findings: readonly { severity: string; title: string }[]): string | null {
  const f =
    findings.find((x) => x.severity === 'error') ??
    findings.find((x) => x.severity === 'unknown') ??
    findings.find((x) => x.severity === 'warning');
  return f ? f.title.replace(/\.$/, '') : null;
}

export function summarizeDmarc(d: DmarcAnalysis): AreaSummary {
  const status = statusFromFindings(d.findings);
  let headline: string;
  if (d.discovery.rfc9989.source === 'error') headline = 'Could not be checked: the DNS lookup failed.';
  else if (!d.policy) headline = `${firstProblem(d.findings) ?? 'No usable record'}.`;
  else {
    const where =
      d.discovery.rfc9989.source === 'author' ? '' : ` (inherited from ${d.discovery.rfc9989.domain})`;
    headline = `Policy ${d.effectivePolicy}${where}, ${d.policy.rua.length > 0 ? `reports to ${d.policy.rua.length} address${d.policy.rua.length === 1 ? '' : 'es'}` : 'no reports'}.`;
    const problem = firstProblem(d.findings);
    if (status === 'fail' && problem) headline = `${problem}.`;
  }
  return { id: 'dmarc', title: 'DMARC', status, headline };
}

export function summarizeDkim(d: DkimAnalysis): AreaSummary {
  const found = d.selectors.filter((s) => s.status === 'found');
  let status = statusFromFindings(d.findings);
  let headline: string;
  if (found.length > 0) {
    headline = `${found.length} key${found.length === 1 ? '' : 's'} found (${found.map((s) => s.selector).join(', ')}) among ${d.tried} selectors tried.`;
    const problem = firstProblem(d.findings);
    if (status === 'fail' && problem) headline = `${problem}.`;
  } else if (d.domainkeyNode === 'exists') {
    status = status === 'fail' ? 'fail' : 'info';
    headline = `No key at the ${d.tried} common selectors; keys exist under other selectors. Name yours under Options.`;
  } else if (d.domainkeyNode === 'error' || d.selectors.some((s) => s.status === 'error')) {
    headline = 'Could not be checked: the DNS lookup failed.';
  } else headline = 'No DKIM keys published for this domain.';
  return { id: 'dkim', title: 'DKIM', status, headline };
}

export function summarizeMx(m: MxAnalysis): AreaSummary {
  const status = statusFromFindings(m.findings);
  const headline =
    m.status === 'error'
      ? 'Could not be checked: the DNS lookup failed.'
      : m.status === 'null-mx'
        ? 'Null MX: the domain receives no mail.'
        : m.status === 'implicit'
          ? 'No MX records; mail falls back to the domain’s address.'
          : m.status === 'none'
            ? 'No MX records and no address: the domain cannot receive mail.'
            : status === 'fail'
              ? `${firstProblem(m.findings)}.`
              : `${m.hosts.length} host${m.hosts.length === 1 ? '' : 's'}${m.providers.length > 0 ? ` (${m.providers.join(', ')})` : ''}.`;
  return {
    id: 'mx',
    title: 'MX',
    status: m.status === 'null-mx' && status === 'pass' ? 'info' : status,
    headline,
  };
}

export function summarizeMtaSts(m: MtaStsAnalysis): AreaSummary {
  const status = statusFromFindings(m.findings);
  const headline =
    m.txtStatus === 'found'
      ? `Record found (id ${m.id}); policy at mta-sts.${m.domain}.`
      : m.txtStatus === 'none'
        ? 'Not set up.'
        : m.txtStatus === 'error'
          ? 'Could not be checked: the DNS lookup failed.'
          : `${firstProblem(m.findings)}.`;
  return { id: 'mta-sts', title: 'MTA-STS', status: m.txtStatus === 'none' ? 'info' : status, headline };
}

export function summarizeTlsRpt(t: TlsRptAnalysis): AreaSummary {
  const status = statusFromFindings(t.findings);
  const headline =
    t.status === 'found'
      ? `Reports to ${t.rua.join(', ')}.`
      : t.status === 'none'
        ? 'Not set up.'
        : t.status === 'error'
          ? 'Could not be checked: the DNS lookup failed.'
          : `${firstProblem(t.findings)}.`;
  return {
    id: 'tls-rpt',
    title: 'TLS-RPT',
    status: t.status === 'none' && status === 'pass' ? 'info' : status,
    headline,
  };
}

export function summarizeBimi(b: BimiAnalysis): AreaSummary {
  const status = statusFromFindings(b.findings);
  const headline =
    b.status === 'found'
      ? b.eligible
        ? `Logo published${b.parsed?.authority ? ' with a certificate' : ''}.`
        : 'Record found, but DMARC is not enforced, so no logo is shown.'
      : b.status === 'none'
        ? 'Not set up.'
        : b.status === 'declined'
          ? 'Declined (empty record).'
          : b.status === 'error'
            ? 'Could not be checked: the DNS lookup failed.'
            : `${firstProblem(b.findings)}.`;
  return {
    id: 'bimi',
    title: 'BIMI',
    status: b.status === 'none' || b.status === 'declined' ? 'info' : status,
    headline,
  };
}

export function summarizeDnssec(d: DnssecAnalysis): AreaSummary {
  const status =
    d.status === 'validated'
      ? 'pass'
      : d.status === 'unsigned'
        ? 'info'
        : d.status === 'error'
          ? 'unknown'
          : 'warn';
  const headline =
    d.status === 'validated'
      ? 'Signed and validated.'
      : d.status === 'unsigned'
        ? 'Not signed.'
        : d.status === 'error'
          ? 'Could not be checked.'
          : 'Signed, but answers were not validated.';
  return { id: 'dnssec', title: 'DNSSEC', status, headline };
}
