// DMARC failure reports (RFC 9991) grouped by source IP and failure type, for a list view; each report keeps
// its original headers for the header analysis. These reports may hold personal data (RFC 9991 §6).

import { filterReports, type ReportFilter } from './filter';
import type { FailureReport, Report } from './types';

export interface FailureGroup {
  key: string;
  sourceIp: string | null;
  /** RFC 6591 Auth-Failure (dmarc, dkim, spf, bodyhash …), or the feedback type when there is none. */
  failure: string;
  reports: number;
  reportedDomains: string[];
  reporters: string[];
  /** Epoch seconds of the earliest and latest arrival. */
  first: number | null;
  last: number | null;
  /** The reports of the group (kind + reporter + id identify each), most recent first. */
  items: FailureReport[];
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
