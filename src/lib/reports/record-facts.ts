// What one aggregate record says about DMARC: RFC 9989 §4.7 (a message passes when SPF or DKIM passes aligned)
// as the reporter evaluated it (policy_evaluated, RFC 9990 §3.2), recomputed from auth_results when left out.

import { pslOrganizationalDomain } from '../domain/org-domain';
import type { AggregatePolicy, AggregateRecord } from './types';

/** How the messages of a record fared, for charts: a disposition wins over the DMARC result. */
export type RecordOutcome = 'pass' | 'fail' | 'quarantine' | 'reject';

export interface RecordFacts {
  dmarcPass: boolean;
  alignedDkim: boolean;
  alignedSpf: boolean;
  outcome: RecordOutcome;
}

/** Organizational domains, remembered: a run asks for the same few domains millions of times. */
export class OrgDomains {
  readonly #known = new Map<string, string>();

  of(domain: string): string {
    let org = this.#known.get(domain);
    if (org === undefined) {
      org = domain === '' ? '' : pslOrganizationalDomain(domain);
      if (this.#known.size < 100_000) this.#known.set(domain, org);
    }
    return org;
  }

  /** RFC 9989 §4.4: relaxed alignment is the same organizational domain, strict the same name. */
  aligned(a: string, b: string, mode: string | null): boolean {
    if (a === '' || b === '') return false;
    if (a === b) return true;
    return mode !== 's' && this.of(a) === this.of(b);
  }
}

/** RFC 7208 §2.6 / RFC 9990: results that mean "authenticated" (case already folded by the reader). */
export const isPass = (result: string) => result === 'pass';

export function recordFacts(record: AggregateRecord, policy: AggregatePolicy, orgs: OrgDomains): RecordFacts {
  const from = record.headerFrom || policy.domain;
  const alignedDkim =
    record.dkim !== ''
      ? isPass(record.dkim)
      : record.authDkim.some((d) => isPass(d.result) && orgs.aligned(d.domain, from, policy.adkim));
  const alignedSpf =
    record.spf !== ''
      ? isPass(record.spf)
      : record.authSpf.some(
          (s) => isPass(s.result) && s.scope !== 'helo' && orgs.aligned(s.domain, from, policy.aspf),
        );
  const dmarcPass = alignedDkim || alignedSpf;
  const d = record.disposition;
  const outcome: RecordOutcome =
    d === 'reject' ? 'reject' : d === 'quarantine' ? 'quarantine' : dmarcPass ? 'pass' : 'fail';
  return { dmarcPass, alignedDkim, alignedSpf, outcome };
}
