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

/** The earliest days of a span longer than MAX_DAYS, left out of the chart (the totals still count them). */
export interface DaysCut {
  /** Calendar days left out, from `from` to `to`. */
  days: number;
  /** Messages on those days. */
  messages: number;
  from: string;
  to: string;
}

export interface AggregateSummary {
  totals: Totals;
  byDomain: TotalsRow[];
  byReporter: TotalsRow[];
  /** Every day from the first to the last, days without reports at zero; at most the latest MAX_DAYS. */
  byDay: DayRow[];
  /** What the chart left out when the span ran past MAX_DAYS, or null when it shows every day. */
  byDayCut: DaysCut | null;
  reports: number;
}

/**
 * The longest chart (a decade of daily reports; one bar each). A longer span keeps its latest days, since recent
 * mail is what a person acts on; the earlier ones are counted in `byDayCut`.
 */
export const MAX_DAYS = 3660;
const DAY_MS = 86_400_000;

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

function days(map: Map<string, DayRow>): { byDay: DayRow[]; byDayCut: DaysCut | null } {
  const known = [...map.keys()].sort();
  if (known.length === 0) return { byDay: [], byDayCut: null };
  const first = Date.parse(`${known[0]}T00:00:00Z`);
  const end = Date.parse(`${known.at(-1)}T00:00:00Z`);
  const start = Math.max(first, end - (MAX_DAYS - 1) * DAY_MS);
  const byDay: DayRow[] = [];
  for (let t = start; t <= end; t += DAY_MS) {
    const date = utcDate(t / 1000);
    byDay.push(map.get(date) ?? { date, messages: 0, pass: 0, fail: 0, quarantine: 0, reject: 0 });
  }
  if (start === first) return { byDay, byDayCut: null };
  const to = utcDate((start - DAY_MS) / 1000);
  const messages = known.reduce((n, date) => (date <= to ? n + map.get(date)!.messages : n), 0);
  return { byDay, byDayCut: { days: (start - first) / DAY_MS, messages, from: known[0]!, to } };
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
    ...days(byDay),
    reports: all.reports.size,
  };
}
