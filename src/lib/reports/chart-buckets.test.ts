import { describe, expect, it } from 'vitest';
import { DAILY_MAX_DAYS, outcomeChart, WEEKLY_MAX_DAYS } from './chart-buckets';
import type { DayRow } from './summary';

const DAY_MS = 86_400_000;
/** Consecutive days from `first`, each with one passing message (and one rejected on the first day). */
function span(first: string, n: number): DayRow[] {
  const t0 = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => ({
    date: new Date(t0 + i * DAY_MS).toISOString().slice(0, 10),
    messages: i === 0 ? 2 : 1,
    pass: 1,
    fail: 0,
    quarantine: 0,
    reject: i === 0 ? 1 : 0,
  }));
}

describe('outcomeChart', () => {
  it('keeps one column per day up to DAILY_MAX_DAYS', () => {
    const c = outcomeChart(span('2026-01-01', DAILY_MAX_DAYS));
    expect(c.unit).toBe('day');
    expect(c.buckets).toHaveLength(DAILY_MAX_DAYS);
    expect(c.buckets[0]).toMatchObject({ date: '2026-01-01', to: '2026-01-01', label: '2026-01-01' });
  });

  it('past that, one column per ISO week (Monday to Sunday), partial weeks at the ends', () => {
    // 2026-01-01 is a Thursday: the first column is Thursday to Sunday.
    const c = outcomeChart(span('2026-01-01', DAILY_MAX_DAYS + 1));
    expect(c.unit).toBe('week');
    expect(c.days).toBe(DAILY_MAX_DAYS + 1);
    expect(c.buckets[0]).toMatchObject({
      date: '2026-01-01',
      to: '2026-01-04',
      label: '2026-01-01 to 2026-01-04',
      messages: 5,
      pass: 4,
      reject: 1,
    });
    expect(c.buckets[1]).toMatchObject({ date: '2026-01-05', to: '2026-01-11', messages: 7 });
    expect(c.buckets.reduce((n, b) => n + b.messages, 0)).toBe(DAILY_MAX_DAYS + 2);
  });

  it('past WEEKLY_MAX_DAYS, one column per month: 2018 to 2024 is 66 columns, not 2,000', () => {
    const days = (Date.parse('2024-03-30') - Date.parse('2018-10-01')) / DAY_MS + 1;
    expect(days).toBeGreaterThan(WEEKLY_MAX_DAYS);
    const c = outcomeChart(span('2018-10-01', days));
    expect(c.unit).toBe('month');
    expect(c.buckets).toHaveLength(66);
    expect(c.buckets[0]).toMatchObject({
      date: '2018-10-01',
      to: '2018-10-31',
      label: '2018-10',
      messages: 32,
    });
    expect(c.buckets.at(-1)).toMatchObject({ date: '2024-03-01', to: '2024-03-30', label: '2024-03' });
  });

  it('an empty span has no columns', () => {
    expect(outcomeChart([])).toEqual({ unit: 'day', days: 0, buckets: [] });
  });
});
