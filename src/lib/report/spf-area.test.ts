import { describe, expect, it } from 'vitest';
import { ZoneResolver, type Zone } from '../dns/zone';
import { analyzeSpf } from '../spf';
import { summarizeSpf } from './spf-area';

const analyze = (records: Zone['records'], domain = 'x.example') =>
  analyzeSpf(domain, new ZoneResolver({ records }));

describe('summarizeSpf', () => {
  it('reads a DNS failure as could not be checked', async () => {
    const s = summarizeSpf(await analyze({ 'x.example': { $rcode: 'SERVFAIL' } }));
    expect(s).toMatchObject({ status: 'unknown', headline: 'Could not be checked: the DNS lookup failed.' });
  });

  it('counts against the limit carried in the analysis', async () => {
    const s = summarizeSpf(await analyze({ 'x.example': { TXT: ['v=spf1 ip4:192.0.2.1 -all'] } }));
    expect(s.headline).toBe('Record found, 0/10 DNS lookups, ends in -all.');
  });
});
