// Totals of DMARC aggregate reports (RFC 9990 §3): messages, DMARC, aligned SPF and aligned DKIM pass rates and
// dispositions, overall, per From domain, per reporting organization and per day (for the chart).

import { forEachRecord, type ReportFilter } from './filter';
import type { RecordOutcome } from './record-facts';
import type { Report } from './types';

export interface Totals {
  messages: number;
  records: number;
  dmarcPass: number;
  alignedDkimPass: number;
  alignedSpfPass: number;
  /** Messages by policy_evaluated disposition (RFC 9990 adds "pass"); anything else under "other". */
  dispositions: { none: number; quarantine: number; reject: number; pass: number; other: number };
  /** Shares of messages, 0–1; null when there are no messages. */
  dmarcPassRate: number | null;
  alignedDkimRate: number | null;
  alignedSpfRate: number | null;
}

export interface TotalsRow extends Totals {
  key: string;
  /** Distinct reports the row's records came from. */
  reports: number;
}

/** Messages of one UTC day by outcome (a report's messages count on the day its date range begins). */
export interface DayRow {
  date: string;
  messages: number;
  pass: number;
  fail: number;
  quarantine: number;
  reject: number;
}

export interface AggregateSummary {
  totals: Totals;
  byDomain: TotalsRow[];
  byReporter: TotalsRow[];
  /** Every day from the first to the last, days without reports at zero. */
  byDay: DayRow[];
  reports: number;
}

/** The longest chart: days past this are cut (a decade of daily reports). */
const MAX_DAYS = 3660;

class Tally {
  messages = 0;
  records = 0;
  dmarcPass = 0;
  alignedDkimPass = 0;
  alignedSpfPass = 0;
  dispositions = { none: 0, quarantine: 0, reject: 0, pass: 0, other: 0 };
  readonly reports = new Set<unknown>();

  add(
    count: number,
    disposition: string,
    dmarc: boolean,
    dkim: boolean,
    spf: boolean,
    report: unknown,
  ): void {
    this.messages += count;
    this.records++;
    if (dmarc) this.dmarcPass += count;
    if (dkim) this.alignedDkimPass += count;
    if (spf) this.alignedSpfPass += count;
    const d = this.dispositions;
    if (
      disposition === 'none' ||
      disposition === 'quarantine' ||
      disposition === 'reject' ||
      disposition === 'pass'
    )
      d[disposition] += count;
    else d.other += count;
    this.reports.add(report);
  }

  totals(): Totals {
    const rate = (n: number) => (this.messages === 0 ? null : n / this.messages);
    return {
      messages: this.messages,
      records: this.records,
      dmarcPass: this.dmarcPass,
      alignedDkimPass: this.alignedDkimPass,
      alignedSpfPass: this.alignedSpfPass,
      dispositions: { ...this.dispositions },
      dmarcPassRate: rate(this.dmarcPass),
      alignedDkimRate: rate(this.alignedDkimPass),
      alignedSpfRate: rate(this.alignedSpfPass),
    };
  }
}

export function utcDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function rows(map: Map<string, Tally>): TotalsRow[] {
  return [...map]
    .map(([key, t]) => ({ key, reports: t.reports.size, ...t.totals() }))
    .sort((a, b) => b.messages - a.messages || a.key.localeCompare(b.key));
}

function days(map: Map<string, DayRow>): DayRow[] {
  const known = [...map.keys()].sort();
  if (known.length === 0) return [];
  const out: DayRow[] = [];
  const end = Date.parse(`${known.at(-1)}T00:00:00Z`);
  for (let t = Date.parse(`${known[0]}T00:00:00Z`); t <= end && out.length < MAX_DAYS; t += 86_400_000) {
    const date = utcDate(t / 1000);
    out.push(map.get(date) ?? { date, messages: 0, pass: 0, fail: 0, quarantine: 0, reject: 0 });
  }
  return out;
}

export function summarize(reports: readonly Report[], filter: ReportFilter = {}): AggregateSummary {
  const all = new Tally();
  const byDomain = new Map<string, Tally>();
  const byReporter = new Map<string, Tally>();
  const byDay = new Map<string, DayRow>();
  let lastReport: unknown = null;
  let day = '';
  forEachRecord(reports, filter, ({ report, record, facts }) => {
    const args = [
      record.count,
      record.disposition,
      facts.dmarcPass,
      facts.alignedDkim,
      facts.alignedSpf,
      report,
    ] as const;
    all.add(...args);
    const domain = record.headerFrom || report.policy.domain;
    let t = byDomain.get(domain);
    if (t === undefined) byDomain.set(domain, (t = new Tally()));
    t.add(...args);
    let r = byReporter.get(report.orgName);
    if (r === undefined) byReporter.set(report.orgName, (r = new Tally()));
    r.add(...args);
    if (report !== lastReport) {
      lastReport = report;
      day = utcDate(report.begin);
    }
    let d = byDay.get(day);
    if (d === undefined)
      byDay.set(day, (d = { date: day, messages: 0, pass: 0, fail: 0, quarantine: 0, reject: 0 }));
    d.messages += record.count;
    d[facts.outcome satisfies RecordOutcome] += record.count;
  });
  return {
    totals: all.totals(),
    byDomain: rows(byDomain),
    byReporter: rows(byReporter),
    byDay: days(byDay),
    reports: all.reports.size,
  };
}
