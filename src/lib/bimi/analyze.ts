// The BIMI part of the domain check: the assertion record and DMARC eligibility. The logo and certificate are
// linked, not fetched (their hosts rarely allow a browser to read them).

import { pslOrganizationalDomain } from '../domain/org-domain';
import type { DmarcPolicy } from '../dmarc/parse';
import { fetchTaggedRecord } from '../dns/tagged-record';
import type { Resolver } from '../dns/types';
import type { Finding, RecordArea } from '../findings';
import { readRecord, recordCodes } from '../findings/record-area';
import { isBimiRecord, parseBimiRecord, type BimiRecord } from './record';

const AREA_CODES = recordCodes('bimi');
export const BIMI_FINDING_CODES = [
  ...Object.values(AREA_CODES),
  'bimi-note',
  'bimi-inherited',
  'bimi-declined',
  'bimi-ineligible',
  'bimi-eligibility-unknown',
  'bimi-no-vmc',
  'bimi-links',
  'bimi-ok',
] as const;
export type BimiFindingCode = (typeof BIMI_FINDING_CODES)[number];

/** A declined record (empty l= and a=) is found, with `parsed.declined`. */
export interface BimiAnalysis extends RecordArea<BimiRecord, BimiFindingCode> {
  /** Where the record was found (the domain, or its organizational domain). */
  location: string | null;
  eligible: boolean | null;
}

export async function analyzeBimi(
  domain: string,
  resolver: Resolver,
  /**
   * The DMARC policy, null when there is none, 'unknown' when DMARC could not be checked (or a promise of it, so the
   * BIMI lookups need not wait for DMARC).
   */
  dmarcPolicy: DmarcPolicy | null | 'unknown' | Promise<DmarcPolicy | null | 'unknown'>,
  options: { signal?: AbortSignal; selector?: string } = {},
): Promise<BimiAnalysis> {
  const selector = options.selector ?? 'default';
  const org = pslOrganizationalDomain(domain);
  const names = [domain, ...(org !== domain ? [org] : [])];
  const lookups = await Promise.all(
    names.map((d) => fetchTaggedRecord(resolver, `${selector}._bimi.${d}`, isBimiRecord, options.signal)),
  );
  // The organizational domain's record applies only when the domain has none; a failed lookup decides first.
  const idx = lookups.findIndex((l) => l.kind !== 'none');
  const read = readRecord(lookups[Math.max(idx, 0)]!, parseBimiRecord, {
    name: 'BIMI',
    domain,
    codes: AREA_CODES,
    multipleDetail: 'Receivers show no logo when the selector has several records.',
  });
  const location = read.status === 'error' || read.status === 'none' ? null : names[idx]!;
  const base = {
    domain,
    status: read.status,
    record: read.record,
    parsed: read.parsed,
    location,
    eligible: null,
  };
  // A record behind a byte-order mark: its own finding says what to fix, not "publish one".
  if (read.status === 'none' && read.behindBom) return { ...base, findings: read.findings };
  if (read.status === 'none') {
    return {
      ...base,
      findings: [
        ...read.findings,
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
  const record = read.parsed;
  if (!record) return { ...base, findings: read.findings };
  const findings: Finding<BimiFindingCode>[] = [
    ...read.findings,
    ...read.issues.map((w) => ({
      severity: 'warning' as const,
      code: 'bimi-note' as const,
      title: w.message,
      detail: w.message,
      domain,
    })),
  ];
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
  // DMARC's own lookups failed: whether the logo is shown is not known, and saying "not eligible" would be a guess.
  if (dmarc === 'unknown')
    return {
      ...base,
      findings: [
        ...findings,
        {
          severity: 'unknown',
          code: 'bimi-eligibility-unknown',
          title: 'Could not tell whether the logo will be shown',
          detail:
            'BIMI needs DMARC p=quarantine or p=reject, and the DMARC record could not be checked (see DMARC). This is a DNS failure, not a missing record.',
          domain,
          cause: 'DMARC could not be checked',
        },
      ],
    };
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
  // The record only names the logo (and certificate): until they are read, nothing proves a logo will show, so
  // the area is "could not check", as MTA-STS is before its policy file is read.
  const named = record.authority ? 'logo and certificate' : 'logo';
  findings.push({
    severity: 'unknown',
    code: 'bimi-links',
    title: `The ${named} ${record.authority ? 'were' : 'was'} not fetched or verified here`,
    detail: `This check read the DNS record only. Their hosts rarely let a browser read them, so check the SVG (SVG Tiny PS, square, with a title)${record.authority ? ' and the certificate (valid, for this domain)' : ''} with your BIMI provider, or open the links.`,
    items: [record.logo, record.authority].filter((x): x is string => x !== null),
    domain,
    cause: `${named} not fetched`,
  });
  if (eligible && record.authority)
    findings.unshift({
      severity: 'ok',
      code: 'bimi-ok',
      title: 'BIMI record valid, with a certificate named',
      detail:
        'The record is valid and DMARC is enforced; the logo and the certificate themselves are not verified here.',
      domain,
    });
  return { ...base, eligible, findings };
}
