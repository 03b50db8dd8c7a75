// The DKIM area's query limit (dns/query-budget.ts) met while checking selectors the person named: the advice is
// theirs to act on (check fewer selectors at once), not the domain's DNS operator's, in the finding and the grade.

import type { DkimAnalysis } from '../dkim/discover';
import { COMMON_SELECTORS } from '../dkim/selectors';
import { failureCause } from '../dns/lookup';
import { MAX_QUERIES_PER_AREA } from '../dns/query-budget';

const QUERY_LIMIT = failureCause('query-limit');

/**
 * The DKIM analysis with its query-limit finding addressed to the person who named the selectors. Unchanged when
 * none were named (the common list alone, or a zone's CNAME chains, spent the questions: the DNS operator's matter).
 */
export function namedSelectorLimit(dkim: DkimAnalysis): DkimAnalysis {
  const named = dkim.selectors.filter((s) => s.requested).length;
  if (named === 0 || !dkim.findings.some((f) => f.cause === QUERY_LIMIT)) return dkim;
  const common = COMMON_SELECTORS.length;
  // Each selector takes at least one question, and _domainkey.<domain> one more.
  const room = Math.max(1, MAX_QUERIES_PER_AREA - common - 1);
  const advice = `check fewer selectors at once: the ${named} you named, with the ${common} common ones, need more DNS questions than the ${MAX_QUERIES_PER_AREA} this tool asks for one area.`;
  return {
    ...dkim,
    findings: dkim.findings.map((f) =>
      f.cause !== QUERY_LIMIT
        ? f
        : {
            ...f,
            detail: `Not asked: the ${named} selectors you named, with the ${common} common ones (and any CNAME they point through), need more than the ${MAX_QUERIES_PER_AREA} DNS questions this tool asks for one area (a limit of this tool, not of DNS). This is not a missing record, and not a fault of the domain’s DNS.`,
            fix: `Check fewer selectors at once: up to ${room} beside the common ones in one check, the rest in another.`,
            advice,
          },
    ),
  };
}
