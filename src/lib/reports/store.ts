// The reports of one run held where they were read (a Worker), answered in views and pages small enough to post
// to the page: the main thread never receives a month of records in one message.

import { exportRow, csvChunks, jsonChunks, type ExportRow } from './export';
import { groupFailures, type FailureGroup } from './failure-summary';
import { facets, filterRecords, filterReports, type Facets, type ReportFilter } from './filter';
import { assessReadiness, type Readiness } from './readiness';
import {
  groupSources,
  sourceIpFindings,
  type SourceEnrichment,
  type SourceGroup,
  type SourceIp,
  type SourceReport,
} from './sources';
import { summarize, type AggregateSummary } from './summary';
import { outcomeChart, type OutcomeChart } from './chart-buckets';
import { summarizeTls, type TlsDomainSummary } from './tls-summary';
import type { FailureReport, ReadResult, Report } from './types';

/** Source groups sent with a view; the rest are paged. */
export const VIEW_GROUPS = 200;
/** The largest page of rows the store answers. */
export const MAX_PAGE = 1000;

/** A report without its records (or original headers): what lists show. */
export interface ReportHeader {
  index: number;
  kind: Report['kind'];
  orgName: string | null;
  reportId: string;
  begin: number | null;
  end: number | null;
  /** Policy domain, TLS policy domains, or the reported domain. */
  domains: string[];
  records: number;
  messages: number;
  warnings: string[];
  source: Report['source'];
}

/** A failure report in a list (its original headers are fetched one report at a time). */
export type FailureItem = Omit<FailureReport, 'originalHeaders' | 'fields'> & {
  index: number;
  hasHeaders: boolean;
};

export interface ReportsView {
  filter: ReportFilter;
  facets: Facets;
  /** Without byDay: up to 3,660 rows that cost the page a long task to receive; `chart` carries them. */
  summary: Omit<AggregateSummary, 'byDay'>;
  /** The summary's days in columns a page can draw: by day, week or month (built here, off the main thread). */
  chart: OutcomeChart;
  groups: SourceGroup[];
  groupCount: number;
  ipCount: number;
  selectors: Record<string, string[]>;
  readiness: Readiness[];
  tls: TlsDomainSummary[];
  failures: Array<Omit<FailureGroup, 'items'> & { items: FailureItem[] }>;
}

export interface Page<T> {
  total: number;
  offset: number;
  items: T[];
}

function header(report: Report, index: number): ReportHeader {
  const base = {
    index,
    kind: report.kind,
    orgName: report.orgName,
    reportId: report.reportId,
    warnings: report.warnings,
    source: report.source,
  };
  if (report.kind === 'dmarc-aggregate')
    return {
      ...base,
      begin: report.begin,
      end: report.end,
      domains: [report.policy.domain],
      records: report.records.length,
      messages: report.records.reduce((n, r) => n + r.count, 0),
    };
  if (report.kind === 'tls-rpt')
    return {
      ...base,
      begin: report.begin,
      end: report.end,
      domains: [...new Set(report.policies.map((p) => p.domain))],
      records: report.policies.length,
      messages: report.policies.reduce((n, p) => n + p.success + p.failure, 0),
    };
  return {
    ...base,
    begin: report.arrivalDate,
    end: report.arrivalDate,
    domains: report.reportedDomain ? [report.reportedDomain] : [],
    records: 1,
    messages: 1,
  };
}

const page = <T>(items: readonly T[], offset: number, limit: number): Page<T> => {
  const start = Math.max(0, Math.floor(offset));
  return {
    total: items.length,
    offset: start,
    items: items.slice(start, start + Math.min(Math.max(0, limit), MAX_PAGE)),
  };
};

export class ReportStore {
  readonly result: ReadResult;
  readonly #index = new Map<Report, number>();
  readonly #enrichment = new Map<string, SourceEnrichment>();
  readonly #liveRecords = new Map<string, string>();
  #sources: { key: string; report: SourceReport } | null = null;

  /** `previous`: the store this one adds to; its reverse-DNS, ASN and live-record answers carry over. */
  constructor(result: ReadResult, previous?: ReportStore | null) {
    this.result = result;
    result.reports.forEach((r, i) => this.#index.set(r, i));
    if (previous) {
      for (const [ip, extra] of previous.#enrichment) this.#enrichment.set(ip, extra);
      for (const [domain, record] of previous.#liveRecords) this.#liveRecords.set(domain, record);
    }
  }

  /** PTR and ASN answers from the on-demand steps, and live DMARC records, merged in. */
  enrich(entries: Iterable<[string, SourceEnrichment]>, liveRecords: Iterable<[string, string]> = []): void {
    for (const [ip, extra] of entries) this.#enrichment.set(ip, { ...this.#enrichment.get(ip), ...extra });
    for (const [domain, record] of liveRecords) this.#liveRecords.set(domain, record);
    this.#sources = null;
  }

  #sourceReport(filter: ReportFilter): SourceReport {
    const key = JSON.stringify(filter);
    if (this.#sources?.key !== key)
      this.#sources = {
        key,
        report: groupSources(this.result.reports, filter, this.#enrichment, { ipFindings: false }),
      };
    return this.#sources.report;
  }

  view(filter: ReportFilter = {}): ReportsView {
    const sources = this.#sourceReport(filter);
    const { byDay, ...summary } = summarize(this.result.reports, filter);
    return {
      filter,
      facets: facets(this.result.reports),
      summary,
      chart: outcomeChart(byDay),
      groups: sources.groups.slice(0, VIEW_GROUPS),
      groupCount: sources.groups.length,
      ipCount: sources.ips.length,
      selectors: sources.selectors,
      readiness: assessReadiness(this.result.reports, filter, this.#enrichment, this.#liveRecords, sources),
      tls: summarizeTls(this.result.reports, filter),
      failures: groupFailures(this.result.reports, filter).map((g) => ({
        ...g,
        items: g.items.map((item) => {
          const { originalHeaders, fields: _fields, ...rest } = item;
          return { ...rest, index: this.#index.get(item) ?? -1, hasHeaders: originalHeaders !== null };
        }),
      })),
    };
  }

  /** Filtered records in the export shape, a page at a time; `report` narrows to one report's records. */
  records(filter: ReportFilter, offset: number, limit: number, report?: number): Page<ExportRow> {
    const only = report === undefined ? this.result.reports : this.result.reports.slice(report, report + 1);
    const refs = filterRecords(only, filter);
    const p = page(refs, offset, limit);
    return { ...p, items: p.items.map((ref) => exportRow(ref, this.#enrichment)) };
  }

  /** Source addresses (with their findings) of a filter, or of one group. */
  sources(filter: ReportFilter, offset: number, limit: number, group?: string): Page<SourceIp> {
    const report = this.#sourceReport(filter);
    const ips = group === undefined ? report.ips : report.ips.filter((s) => s.groupKey === group);
    const p = page(ips, offset, limit);
    return { ...p, items: p.items.map((s) => ({ ...s, findings: sourceIpFindings(report, s.ip) })) };
  }

  groups(filter: ReportFilter, offset: number, limit: number): Page<SourceGroup> {
    return page(this.#sourceReport(filter).groups, offset, limit);
  }

  headers(filter: ReportFilter, offset: number, limit: number): Page<ReportHeader> {
    const kinds = ['dmarc-aggregate', 'tls-rpt', 'dmarc-failure'] as const;
    const matching = new Set(kinds.flatMap((k) => filterReports(this.result.reports, k, filter)));
    const list = this.result.reports.flatMap((r, i) => (matching.has(r) ? [header(r, i)] : []));
    return page(list, offset, limit);
  }

  /** One report in full; an aggregate report's records are left out (page them with `records`). */
  report(index: number): Report | null {
    const r = this.result.reports[index];
    if (r === undefined) return null;
    return r.kind === 'dmarc-aggregate' ? { ...r, records: [] } : r;
  }

  /** The filtered records as CSV or JSON text, in chunks to put in a Blob. */
  export(filter: ReportFilter, format: 'csv' | 'json'): Generator<string> {
    const refs = filterRecords(this.result.reports, filter);
    return format === 'csv' ? csvChunks(refs, this.#enrichment) : jsonChunks(refs, this.#enrichment);
  }
}
