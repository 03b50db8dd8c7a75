import { describe, expect, it } from 'vitest';
import { lookup } from './lookup';
import { QueryBudget } from './query-budget';
import { ZoneResolver } from './zone';

describe('QueryBudget', () => {
  it('asks distinct questions up to its bound, then fails the rest as could-not-check', async () => {
    const zone = new ZoneResolver({ records: { 'a.example': { A: ['192.0.2.1'] } } });
    const budget = new QueryBudget(zone, 2);
    expect((await lookup(budget, 'a.example', 'A')).kind).toBe('records');
    expect((await lookup(budget, 'A.example.', 'A')).kind).toBe('records'); // the same question again
    expect((await lookup(budget, 'a.example', 'TXT')).kind).toBe('nodata');
    expect(await lookup(budget, 'b.example', 'A')).toMatchObject({
      kind: 'error',
      reason: 'query-limit',
      cause: 'query limit reached',
    });
    expect(budget.refused).toBe(1);
    expect(zone.asked).toHaveLength(3);
  });
});
