// DNSSEC as a browser can see it: a DS record at the parent and the resolver's AD (authentic data) flag.

import { pslOrganizationalDomain } from '../domain/org-domain';
import { lookup } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import { answerCapFinding, dnsFailureFinding, type AreaAnalysis } from '../findings';

export const DNSSEC_FINDING_CODES = [
  'dnssec-error',
  'dnssec-answer-capped',
  'dnssec-ok',
  'dnssec-not-validated',
  'dnssec-unsigned',
] as const;
export type DnssecFindingCode = (typeof DNSSEC_FINDING_CODES)[number];

/** Whether the zone is signed (a DS at the parent) and the resolver validated its answers (the AD flag). */
export type DnssecValidation = 'validated' | 'not-validated' | 'unsigned';

/** status: found (a DS record at the parent), none (no DS: unsigned), error (the DS lookup failed). */
export interface DnssecAnalysis extends AreaAnalysis<DnssecFindingCode> {
  zone: string;
  /** Null when the lookups failed. */
  validation: DnssecValidation | null;
  ds: string[];
}

export async function analyzeDnssec(
  domain: string,
  resolver: Resolver,
  options: { signal?: AbortSignal } = {},
): Promise<DnssecAnalysis> {
  const zone = pslOrganizationalDomain(domain);
  // RFC 4035 §3.2.3: a validating resolver sets AD on answers it proved authentic.
  const [ds, soa] = await Promise.all([
    lookup(resolver, zone, 'DS', options.signal),
    lookup(resolver, domain, 'SOA', options.signal),
  ]);
  const base = { domain, zone, ds: ds.kind === 'records' ? ds.records.map((r) => r.data) : [] };
  // Only the DS answer says whether the zone is signed: when it fails, nothing is known (a validating resolver
  // answers SERVFAIL for a zone whose signatures are broken, which is the opposite of "not signed").
  if (ds.kind === 'error') {
    return {
      ...base,
      status: 'error',
      validation: null,
      findings: [
        dnsFailureFinding(
          'dnssec-error',
          'Could not check DNSSEC',
          {
            message: `The DS query for ${zone} failed: ${ds.message.replace(/[.\s]*$/, '')}${ds.reason === 'servfail' ? ' (a SERVFAIL here can also mean the zone’s DNSSEC signatures are broken)' : ''}`,
            cause: ds.cause,
            lasting: ds.lasting,
            atResolver: ds.atResolver,
          },
          domain,
        ),
      ],
    };
  }
  const capped =
    ds.kind === 'records' && ds.capped !== undefined
      ? [answerCapFinding('dnssec-answer-capped' as const, ds, ds.capped, domain)]
      : [];
  const validated = soa.ad || ds.ad;
  if (ds.kind === 'records' && validated) {
    return {
      ...base,
      status: 'found',
      validation: 'validated',
      findings: [
        ...capped,
        {
          severity: 'ok',
          code: 'dnssec-ok',
          title: 'DNSSEC signed and validated',
          detail: `${zone} has a DS record at its parent and the resolver validated the answers (AD flag set).`,
          spec: 'RFC 4033',
          domain,
        },
      ],
    };
  }
  if (ds.kind === 'records') {
    return {
      ...base,
      status: 'found',
      validation: 'not-validated',
      findings: [
        ...capped,
        {
          severity: 'warning',
          code: 'dnssec-not-validated',
          title: 'DNSSEC is set up but answers were not validated',
          detail: `${zone} has a DS record, but the resolver did not mark the answers as authentic. The signatures may be missing for some names.`,
          fix: 'Check the zone with a DNSSEC debugger (e.g. dnsviz.net).',
          spec: 'RFC 4035 §3.2.3',
          domain,
        },
      ],
    };
  }
  return {
    ...base,
    status: 'none',
    validation: 'unsigned',
    findings: [
      {
        severity: 'info',
        code: 'dnssec-unsigned',
        title: 'DNSSEC is not enabled',
        detail: `${zone} has no DS record, so its answers (including MX and TLSA) can be forged on the path. DANE needs DNSSEC.`,
        fix: 'Enable DNSSEC at your DNS host and publish the DS record at your registrar.',
        spec: 'RFC 4033',
        domain,
      },
    ],
  };
}
