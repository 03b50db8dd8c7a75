// RFC 9989 §4.4 (DMARC passes on an aligned SPF pass or an aligned DKIM pass): before a DMARC draft asks receivers
// to quarantine or reject, what in the domain's own SPF and DKIM would make its legitimate mail fail.

import type { DkimAnalysis } from '../dkim/discover';
import type { DmarcPolicy } from '../dmarc/types';
import type { Finding } from '../findings/finding';
import type { SpfAnalysis, SpfFindingCode } from '../spf';

export type EnforceCautionCode = 'enforce-spf-fails' | 'enforce-no-dkim';

/** SPF findings that make check_host() return permerror (RFC 7208 §4.6.4, §4.5, §5.2, §6.1). */
const PERMERROR_CODES: ReadonlySet<SpfFindingCode> = new Set<SpfFindingCode>([
  'too-many-lookups',
  'too-many-voids',
  'spf-loop',
  'include-target-missing',
  'redirect-target-missing',
  'spf-invalid-target',
  'spf-multiple',
  'mx-too-many',
]);

/** What receivers do with failing mail under the policy they apply (RFC 9989 §4.7: t=y applies one step less). */
function consequence(policy: Pick<DmarcPolicy, 'p' | 't'>): string | null {
  if (policy.p === 'reject') return policy.t === 'y' ? 'sent to spam' : 'refused';
  if (policy.p === 'quarantine' && policy.t !== 'y') return 'sent to spam';
  return null;
}

/** Whether a policy asks receivers to act on failing mail, so its cautions need the domain's SPF and DKIM. */
export function enforcementApplies(policy: Pick<DmarcPolicy, 'p' | 't'> | null): boolean {
  return policy !== null && consequence(policy) !== null;
}

/**
 * Cautions for the domain owner about a quarantine or reject policy: SPF that permerrors (or is missing) leaves
 * only DKIM to pass DMARC, and no DKIM key leaves only SPF. None under p=none, and none for an area whose DNS
 * failed (the domain check says "could not check" there). Severity warning: the record itself is valid.
 */
export function enforcementCautions(
  domain: string,
  policy: Pick<DmarcPolicy, 'p' | 't'> | null,
  spf: SpfAnalysis,
  dkim: DkimAnalysis,
): Finding<EnforceCautionCode>[] {
  const then = policy ? consequence(policy) : null;
  if (!policy || then === null) return [];
  const out: Finding<EnforceCautionCode>[] = [];
  const spfProblems =
    spf.status === 'none'
      ? [`${domain} publishes no SPF record`]
      : spf.status === 'invalid' || spf.status === 'multiple'
        ? [`the SPF record of ${domain} is not valid`]
        : spf.findings.filter((f) => PERMERROR_CODES.has(f.code)).map((f) => f.title);
  if (spf.status !== 'error' && spfProblems.length > 0)
    out.push({
      severity: 'warning',
      code: 'enforce-spf-fails',
      title: `Your SPF ${spf.status === 'none' ? 'is missing' : 'returns permerror'}: under p=${policy.p}, your own mail that is not DKIM-signed for ${domain} would fail DMARC and be ${then}`,
      detail: `${spfProblems.join('; ')}. DMARC passes on an aligned SPF pass or an aligned DKIM pass; without a working SPF record, only DKIM is left.`,
      fix: `Fix the SPF record of ${domain} first (the domain check lists what is wrong), and check in your DMARC reports that your senders sign with DKIM for ${domain} before enforcing.`,
      spec: 'RFC 9989 §4.4, RFC 7208 §2.6.7',
      domain,
    });
  const noKeys = dkim.status === 'none';
  if (noKeys)
    out.push({
      severity: 'warning',
      code: 'enforce-no-dkim',
      title: `No DKIM key ${dkim.domainkeyNode === 'nxdomain' ? 'is published' : 'was found at the common selectors'} for ${domain}: under p=${policy.p}, your own mail would pass DMARC only through SPF, and forwarded mail would be ${then}`,
      detail:
        dkim.domainkeyNode === 'nxdomain'
          ? `_domainkey.${domain} does not exist, so no selector can hold a key: nothing you send is DKIM-signed for ${domain}. Forwarding changes the sending IP and breaks SPF; only aligned DKIM survives it.`
          : `DNS cannot list selectors, so a key under an uncommon one may exist: a message header shows the selector your mail is signed with. Forwarding changes the sending IP and breaks SPF; only aligned DKIM survives it.`,
      fix: `Turn on DKIM signing for ${domain} at each service that sends for you (the DKIM generator makes a key), and check your DMARC reports before enforcing.`,
      spec: 'RFC 9989 §4.4, RFC 6376',
      domain,
    });
  return out;
}
