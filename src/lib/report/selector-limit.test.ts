import { describe, expect, it } from 'vitest';
import { fixtureZone } from '../../../tests/support/zones';
import { analyzeDkim } from '../dkim/discover';
import { QueryBudget } from '../dns/query-budget';
import { ZoneResolver } from '../dns/zone';
import { namedSelectorLimit } from './selector-limit';

/** DKIM for good.example through a budget of `max` questions, with `selectors` named. */
const dkim = (max: number, selectors: string[] = []) =>
  analyzeDkim('good.example', new QueryBudget(new ZoneResolver(fixtureZone()), max), { selectors });
const limitFinding = (a: Awaited<ReturnType<typeof dkim>>) =>
  a.findings.find((f) => f.cause === 'query limit reached');

describe('the DKIM query limit: whose to act on', () => {
  it('met with named selectors: the person’s advice (check fewer at once), still lasting', async () => {
    const a = namedSelectorLimit(await dkim(5, ['mine1', 'mine2']));
    const f = limitFinding(a)!;
    expect(f).toMatchObject({
      lasting: true,
      advice: expect.stringMatching(/^check fewer selectors at once/),
    });
    expect(f.detail).toContain('the 2 selectors you named, with the 33 common ones');
    expect(f.detail).not.toMatch(/DNS operator can fix/);
    expect(f.fix).toMatch(/^Check fewer selectors at once/);
  });

  it('met with none named (the common list or the zone spent it): left as the DNS operator’s matter', async () => {
    const before = await dkim(5);
    expect(limitFinding(before)?.detail).toMatch(/DNS operator can fix it/);
    expect(namedSelectorLimit(before)).toBe(before);
  });

  it('named selectors within the limit: nothing changes', async () => {
    const a = await dkim(250, ['mine1']);
    expect(limitFinding(a)).toBeUndefined();
    expect(namedSelectorLimit(a)).toBe(a);
  });
});
