// The BIMI part of the domain check: the assertion record and DMARC eligibility. The logo and certificate are
// linked, not fetched (their hosts rarely allow a browser to read them).

import { pslOrganizationalDomain } from '../domain/org-domain';
import type { DmarcPolicy } from '../dmarc/parse';
import { lookup, txtRecords } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import { dnsFailureFinding, type Finding } from '../findings';
import { parseBimiRecord, type BimiRecord } from './record';

export interface BimiAnalysis {
  domain: string;
  status: 'found' | 'none' | 'declined' | 'invalid' | 'multiple' | 'error';
  /** Where the record was found (the domain, or its organizational domain). */
  location: string | null;
  record: string | null;
  parsed: BimiRecord | null;
  eligible: boolean | null;
  findings: Finding[];
}

export async function analyzeBimi(
  domain: string,
  resolver: Resolver,
  /** The DMARC policy (or a promise of it, so the BIMI lookups need not wait for DMARC). */
  dmarcPolicy: DmarcPolicy | null | Promise<DmarcPolicy | null>,
  options: { signal?: AbortSignal; selector?: string } = {},
): Promise<BimiAnalysis> {
  const selector = options.selector ?? 'default';
  const org = pslOrganizationalDomain(domain);
  const names = [domain, ...(org !== domain ? [org] : [])];
  const results = await Promise.all(
    names.map((d) => lookup(resolver, `${selector}._bimi.${d}`, 'TXT', options.signal)),
  );
  const base = { domain, location: null, record: null, parsed: null, eligible: null };
  const firstError = results.find((r) => r.kind === 'error');
  const idx = results.findIndex((r) => txtRecords(r).some((t) => /^v\s*=\s*BIMI1/i.test(t.text)));
  if (idx === -1) {
    if (firstError && firstError.kind === 'error') {
      return {
        ...base,
        status: 'error',
        findings: [dnsFailureFinding('bimi-dns-error', 'Could not check BIMI', firstError.message, domain)],
      };
    }
    return {
      ...base,
      status: 'none',
      findings: [
        {
          severity: 'info',
          code: 'no-bimi',
          title: 'No BIMI record',
          detail:
            'BIMI shows your logo next to your mail in Gmail, Yahoo and Apple Mail. It needs DMARC at quarantine or reject and, for Gmail and Apple, a Verified Mark Certificate.',
          fix: `Publish “v=BIMI1; l=https://…/logo.svg; a=https://…/vmc.pem” at ${selector}._bimi.${domain}.`,
          spec: 'draft-brand-indicators-for-message-identification',
          domain,
        },
      ],
    };
  }
  const location = names[idx]!;
  const records = txtRecords(results[idx]!)
    .map((t) => t.text)
    .filter((t) => /^v\s*=\s*BIMI1/i.test(t));
  if (records.length > 1) {
    return {
      ...base,
      location,
      status: 'multiple',
      findings: [
        {
          severity: 'error',
          code: 'bimi-multiple',
          title: 'More than one BIMI record',
          detail: 'Receivers show no logo when the selector has several records.',
          fix: 'Keep exactly one.',
          domain,
          items: records,
        },
      ],
    };
  }
  const parsed = parseBimiRecord(records[0]!);
  if (!parsed.ok) {
    return {
      ...base,
      location,
      record: records[0]!,
      status: 'invalid',
      findings: parsed.errors.map((e) => ({
        severity: 'error' as const,
        code: 'bimi-invalid',
        title: 'The BIMI record is invalid',
        detail: e,
        domain,
      })),
    };
  }
  const findings: Finding[] = parsed.warnings.map((w) => ({
    severity: 'warning' as const,
    code: 'bimi-note',
    title: w,
    detail: w,
    domain,
  }));
  const record = parsed.record;
  if (location !== domain)
    findings.push({
      severity: 'info',
      code: 'bimi-inherited',
      title: `BIMI record found at ${location}`,
      detail: `${domain} has no record of its own, so receivers use the organizational domain's.`,
      domain,
    });
  if (record.declined) {
    return {
      ...base,
      location,
      record: records[0]!,
      parsed: record,
      status: 'declined',
      findings: [
        ...findings,
        {
          severity: 'info',
          code: 'bimi-declined',
          title: 'BIMI declined',
          detail: 'The record has empty l= and a=: the domain asks receivers to show no logo.',
          domain,
        },
      ],
    };
  }
  // BIMI requires DMARC enforcement: p=quarantine or reject, not weakened for subdomains.
  const dmarc = await dmarcPolicy;
  const problems: string[] = [];
  if (!dmarc) problems.push('there is no usable DMARC record');
  else {
    if (dmarc.p === 'none') problems.push('DMARC is p=none');
    if (dmarc.sp === 'none' && dmarc.spExplicit) problems.push('DMARC has sp=none');
    if (dmarc.pct !== null && dmarc.pct < 100) problems.push(`DMARC has pct=${dmarc.pct}`);
  }
  const eligible = problems.length === 0;
  if (!eligible) {
    findings.push({
      severity: 'error',
      code: 'bimi-ineligible',
      title: 'The logo will not be shown: DMARC is not enforced',
      detail: `BIMI needs DMARC p=quarantine or p=reject for the whole domain, but ${problems.join(' and ')}.`,
      fix: 'Move DMARC to p=quarantine or p=reject (and remove sp=none, pct<100).',
      domain,
    });
  }
  if (!record.authority) {
    findings.push({
      severity: 'warning',
      code: 'bimi-no-vmc',
      title: 'No certificate (a=)',
      detail:
        'Gmail and Apple Mail only show logos backed by a Verified Mark Certificate (VMC) or Common Mark Certificate (CMC); Yahoo shows some without.',
      fix: 'Obtain a VMC/CMC and add a=https://…/certificate.pem.',
      domain,
    });
  }
  findings.push({
    severity: 'info',
    code: 'bimi-links',
    title: 'Logo and certificate not verified here',
    detail:
      'Their hosts rarely let a browser read them, so check the SVG (SVG Tiny PS, square, with a title) and the certificate (valid, for this domain) with your BIMI provider.',
    items: [record.logo, record.authority].filter((x): x is string => x !== null),
    domain,
  });
  if (eligible && record.authority)
    findings.unshift({
      severity: 'ok',
      code: 'bimi-ok',
      title: 'BIMI record with certificate',
      detail: 'The record is valid and DMARC is enforced.',
      domain,
    });
  return { ...base, location, record: records[0]!, parsed: record, eligible, status: 'found', findings };
}
