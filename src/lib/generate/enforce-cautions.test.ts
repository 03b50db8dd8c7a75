import { describe, expect, it } from 'vitest';
import { fixtureZone } from '../../../tests/support/zones';
import { analyzeDkim } from '../dkim/discover';
import { ZoneResolver } from '../dns';
import { analyzeSpf } from '../spf';
import { enforcementCautions } from './enforce-cautions';

const resolver = new ZoneResolver(fixtureZone());

async function areas(domain: string) {
  const [spf, dkim] = await Promise.all([analyzeSpf(domain, resolver), analyzeDkim(domain, resolver)]);
  return { spf, dkim };
}

describe('enforcementCautions (RFC 9989 §4.4)', () => {
  it('only a policy that quarantines or rejects gets cautions; t=y softens the consequence', async () => {
    const { spf, dkim } = await areas('deep-spf.example');
    expect(enforcementCautions('deep-spf.example', { p: 'none', t: 'n' }, spf, dkim)).toEqual([]);
    expect(enforcementCautions('deep-spf.example', { p: 'quarantine', t: 'y' }, spf, dkim)).toEqual([]);
    expect(enforcementCautions('deep-spf.example', null, spf, dkim)).toEqual([]);
    const reject = enforcementCautions('deep-spf.example', { p: 'reject', t: 'n' }, spf, dkim);
    expect(reject.map((f) => [f.severity, f.code])).toEqual([
      ['warning', 'enforce-spf-fails'],
      ['warning', 'enforce-no-dkim'],
    ]);
    expect(reject[0]!.detail).toMatch(/^15 DNS lookups: over the limit of 10\./);
    const testing = enforcementCautions('deep-spf.example', { p: 'reject', t: 'y' }, spf, dkim);
    expect(testing[0]!.title).toMatch(/would fail DMARC and be sent to spam$/);
  });

  it('a domain without SPF is cautioned that only DKIM is left; DNS trouble gives no caution', async () => {
    const { dkim } = await areas('good.example');
    const { spf: none } = await areas('no-such-domain.example');
    const [f] = enforcementCautions(
      'good.example',
      { p: 'quarantine', t: 'n' },
      { ...none, status: 'none' },
      dkim,
    );
    expect(f?.title).toBe(
      'Your SPF is missing: under p=quarantine, your own mail that is not DKIM-signed for good.example would fail DMARC and be sent to spam',
    );
    const { spf: slow } = await areas('slow.example');
    expect(slow.status).toBe('error');
    expect(enforcementCautions('slow.example', { p: 'reject', t: 'n' }, slow, dkim)).toEqual([]);
  });
});
