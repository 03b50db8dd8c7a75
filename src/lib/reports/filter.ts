// Filters over the reports a run read (date range, domain, reporter, source, result), applied the same way by
// every view, export and page, so the numbers on screen and in a download always agree.

import { OrgDomains, recordFacts, type RecordFacts, type RecordOutcome } from './record-facts';
import type { AggregateRecord, AggregateReport, Report } from './types';

export interface ReportFilter {
  /** Epoch seconds: a report counts when its date range begins in [from, to). */
  from?: number | null;
  to?: number | null;
  /** Header From domains or policy domains (lower-case). */
  domains?: readonly string[];
  /** Reporting organizations, as named in the reports. */
  reporters?: readonly string[];
  /** Source IP addresses (RFC 5952 text form, as the reader writes them). */
  sources?: readonly string[];
  /** Records by outcome; "fail" means DMARC failed whatever the disposition. */
  result?: 'pass' | 'fail' | 'quarantine' | 'reject' | 'any';
}

export interface RecordRef {
  report: AggregateReport;
  record: AggregateRecord;
  facts: RecordFacts;
}

const asSet = (list: readonly string[] | undefined) => (list && list.length > 0 ? new Set(list) : null);

/** Report-level filter (dates, reporter, policy domain) for any kind of report. */
export function reportMatches(report: Report, filter: ReportFilter): boolean {
  const begin = report.kind === 'dmarc-failure' ? (report.arrivalDate ?? 0) : report.begin;
  if (filter.from != null && begin < filter.from) return false;
  if (filter.to != null && begin >= filter.to) return false;
  if (filter.reporters && filter.reporters.length > 0 && !filter.reporters.includes(report.orgName ?? ''))
    return false;
  return true;
}

/** Call `visit` for each aggregate record the filter lets through, with its facts. */
export function forEachRecord(
  reports: readonly Report[],
  filter: ReportFilter,
  visit: (ref: RecordRef) => void,
  orgs: OrgDomains = new OrgDomains(),
): void {
  const domains = asSet(filter.domains);
  const sources = asSet(filter.sources);
  const result = filter.result ?? 'any';
  for (const report of reports) {
    if (report.kind !== 'dmarc-aggregate' || !reportMatches(report, filter)) continue;
    const policyMatch = domains === null || domains.has(report.policy.domain);
    for (const record of report.records) {
      if (!policyMatch && !domains!.has(record.headerFrom)) continue;
      if (sources !== null && !sources.has(record.sourceIp)) continue;
      const facts = recordFacts(record, report.policy, orgs);
      if (
        result === 'fail' ? facts.dmarcPass : result !== 'any' && facts.outcome !== (result as RecordOutcome)
      )
        continue;
      visit({ report, record, facts });
    }
  }
}

/** The records the filter lets through, in report order (for pages, drill-down and export). */
export function filterRecords(reports: readonly Report[], filter: ReportFilter): RecordRef[] {
  const out: RecordRef[] = [];
  forEachRecord(reports, filter, (ref) => out.push(ref));
  return out;
}

/** TLS and failure reports the filter lets through (dates, reporter, and policy or reported domain). */
export function filterReports<K extends Report['kind']>(
  reports: readonly Report[],
  kind: K,
  filter: ReportFilter,
): Array<Extract<Report, { kind: K }>> {
  const domains = asSet(filter.domains);
  return reports.filter((r): r is Extract<Report, { kind: K }> => {
    if (r.kind !== kind || !reportMatches(r, filter)) return false;
    if (domains === null) return true;
    if (r.kind === 'tls-rpt') return r.policies.some((p) => domains.has(p.domain));
    if (r.kind === 'dmarc-failure') return r.reportedDomain !== null && domains.has(r.reportedDomain);
    return domains.has(r.policy.domain);
  });
}

export interface Facets {
  /** Header From and policy domains, by messages (most first). */
  domains: string[];
  reporters: string[];
  /** The earliest begin and latest end over all reports, epoch seconds. */
  first: number | null;
  last: number | null;
  kinds: Record<Report['kind'], number>;
}

/** What the filters can choose from. */
export function facets(reports: readonly Report[]): Facets {
  const domains = new Map<string, number>();
  const reporters = new Set<string>();
  let first: number | null = null;
  let last: number | null = null;
  const kinds = { 'dmarc-aggregate': 0, 'tls-rpt': 0, 'dmarc-failure': 0 };
  const add = (d: string, n: number) => d !== '' && domains.set(d, (domains.get(d) ?? 0) + n);
  for (const r of reports) {
    kinds[r.kind]++;
    if (r.orgName) reporters.add(r.orgName);
    const begin = r.kind === 'dmarc-failure' ? r.arrivalDate : r.begin;
    const end = r.kind === 'dmarc-failure' ? r.arrivalDate : r.end;
    if (begin !== null && begin > 0 && (first === null || begin < first)) first = begin;
    if (end !== null && end > 0 && (last === null || end > last)) last = end;
    if (r.kind === 'dmarc-aggregate') {
      add(r.policy.domain, 0);
      for (const rec of r.records) add(rec.headerFrom, rec.count);
    } else if (r.kind === 'tls-rpt') for (const p of r.policies) add(p.domain, p.success + p.failure);
    else if (r.reportedDomain) add(r.reportedDomain, 1);
  }
  return {
    domains: [...domains].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([d]) => d),
    reporters: [...reporters].sort((a, b) => a.localeCompare(b)),
    first,
    last,
    kinds,
  };
}
