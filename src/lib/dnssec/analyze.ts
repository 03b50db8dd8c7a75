// DNSSEC as a browser can see it: a DS record at the parent and the resolver's AD (authentic data) flag.

import { pslOrganizationalDomain } from '../domain/org-domain';
import { lookup } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import type { Finding } from '../findings';

export interface DnssecAnalysis {
  domain: string;
  zone: string;
  status: 'validated' | 'unsigned' | 'not-validated' | 'error';
  ds: string[];
  findings: Finding[];
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
  if (ds.kind === 'error' && soa.kind === 'error') {
    return {
      ...base,
      status: 'error',
      findings: [
        {
          severity: 'unknown',
          code: 'dnssec-error',
          title: 'Could not check DNSSEC',
          detail: `${ds.message} A SERVFAIL here can also mean the zone's DNSSEC signatures are broken (bogus).`,
          domain,
        },
      ],
    };
  }
  const validated = soa.ad || ds.ad;
  if (ds.kind === 'records' && validated) {
    return {
      ...base,
      status: 'validated',
      findings: [
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
      status: 'not-validated',
      findings: [
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
    status: 'unsigned',
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
