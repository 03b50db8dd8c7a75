// DMARC failure reports (RFC 9991) grouped by source IP and failure type, for a list view; each report keeps
// its original headers for the header analysis. These reports may hold personal data (RFC 9991 §6).

import { filterReports, type ReportFilter } from './filter';
import type { FailureReport, Report } from './types';

export interface FailureGroup {
  key: string;
  sourceIp: string | null;
  /** RFC 6591 Auth-Failure (dmarc, dkim, spf, bodyhash …), or the feedback type when there is none. */
  failure: string;
  /** The failure in words: "DKIM body hash did not match", "Abuse complaint (not an authentication failure)". */
  title: string;
  reports: number;
  reportedDomains: string[];
  reporters: string[];
  /** Epoch seconds of the earliest and latest arrival. */
  first: number | null;
  last: number | null;
  /** The reports of the group (kind + reporter + id identify each), most recent first. */
  items: FailureReport[];
}

// RFC 6591 §3.2.2 Auth-Failure values (dmarc from RFC 9991), then RFC 5965 §7.3 feedback types when none is given.
// prettier-ignore
const FAILURE_WORDS = new Map(Object.entries({
  dmarc: 'DMARC failed',
  dkim: 'DKIM failed',
  signature: 'DKIM signature did not verify',
  bodyhash: 'DKIM body hash did not match (the message changed on the way)',
  revoked: 'DKIM key was revoked',
  spf: 'SPF failed',
  adsp: 'ADSP failed (a retired DKIM policy)',
  'auth-failure': 'Authentication failure (which check was not given)',
  abuse: 'Abuse complaint (not an authentication failure)',
  fraud: 'Fraud report (not an authentication failure)',
  virus: 'Virus report (not an authentication failure)',
  'not-spam': 'Marked as not spam',
  other: 'Other feedback',
}));

/** A failure group's title: the Auth-Failure or feedback type in words, or the reporter's own word quoted. */
export function failureTitle(failure: string): string {
  return FAILURE_WORDS.get(failure.toLowerCase()) ?? `Failure type “${failure}”`;
}

export function groupFailures(reports: readonly Report[], filter: ReportFilter = {}): FailureGroup[] {
  const sources = filter.sources && filter.sources.length > 0 ? new Set(filter.sources) : null;
  const groups = new Map<string, FailureGroup>();
  for (const r of filterReports(reports, 'dmarc-failure', filter)) {
    if (sources !== null && (r.sourceIp === null || !sources.has(r.sourceIp))) continue;
    const failure = r.authFailure ?? r.feedbackType;
    const key = `${r.sourceIp ?? '?'}|${failure}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = {
        key,
        sourceIp: r.sourceIp,
        failure,
        title: failureTitle(failure),
        reports: 0,
        reportedDomains: [],
        reporters: [],
        first: null,
        last: null,
        items: [],
      };
      groups.set(key, g);
    }
    g.reports++;
    g.items.push(r);
    if (r.reportedDomain && !g.reportedDomains.includes(r.reportedDomain))
      g.reportedDomains.push(r.reportedDomain);
    if (r.orgName && !g.reporters.includes(r.orgName)) g.reporters.push(r.orgName);
    if (r.arrivalDate !== null) {
      g.first = g.first === null ? r.arrivalDate : Math.min(g.first, r.arrivalDate);
      g.last = g.last === null ? r.arrivalDate : Math.max(g.last, r.arrivalDate);
    }
  }
  for (const g of groups.values()) g.items.sort((a, b) => (b.arrivalDate ?? 0) - (a.arrivalDate ?? 0));
  return [...groups.values()].sort((a, b) => b.reports - a.reports || (b.last ?? 0) - (a.last ?? 0));
}
