// The outcome chart's columns: one per day over a short span, one per week or month over a long one, so that a
// span of years stays a few dozen readable columns (and a few hundred page elements, not tens of thousands).

import type { DayRow } from './summary';

export type ChartUnit = 'day' | 'week' | 'month';

/** Up to half a year, one column per day (at most 180 columns). */
export const DAILY_MAX_DAYS = 180;
/** Up to two years, one column per ISO week (at most 106); past that, one per calendar month (at most 121). */
export const WEEKLY_MAX_DAYS = 731;

/** One column: its outcomes summed over the days from `date` to `to` (UTC, both included). */
export interface ChartBucket extends DayRow {
  to: string;
  /** "2024-03-04", "2024-03-04 to 2024-03-10" or "2024-03". */
  label: string;
}

export interface OutcomeChart {
  unit: ChartUnit;
  /** Calendar days the columns cover. */
  days: number;
  buckets: ChartBucket[];
}

const DAY_MS = 86_400_000;

/** The column's key for a day: itself, the Monday of its ISO week (ISO 8601), or its month. */
function bucketStart(date: string, unit: ChartUnit): string {
  if (unit === 'day') return date;
  if (unit === 'month') return date.slice(0, 7);
  const t = Date.parse(`${date}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return new Date(t - weekday * DAY_MS).toISOString().slice(0, 10);
}

/** The chart of consecutive days (summary.byDay): daily up to DAILY_MAX_DAYS, then weekly, then monthly. */
export function outcomeChart(days: readonly DayRow[]): OutcomeChart {
  const unit: ChartUnit =
    days.length <= DAILY_MAX_DAYS ? 'day' : days.length <= WEEKLY_MAX_DAYS ? 'week' : 'month';
  const buckets: ChartBucket[] = [];
  let key = '';
  for (const d of days) {
    const k = bucketStart(d.date, unit);
    let b = buckets.at(-1);
    if (b === undefined || k !== key) {
      key = k;
      b = { date: d.date, to: d.date, label: '', messages: 0, pass: 0, fail: 0, quarantine: 0, reject: 0 };
      buckets.push(b);
    }
    b.to = d.date;
    b.messages += d.messages;
    b.pass += d.pass;
    b.fail += d.fail;
    b.quarantine += d.quarantine;
    b.reject += d.reject;
  }
  for (const b of buckets)
    b.label = unit === 'day' ? b.date : unit === 'month' ? b.date.slice(0, 7) : `${b.date} to ${b.to}`;
  return { unit, days: days.length, buckets };
}
