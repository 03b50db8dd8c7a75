import { describe, expect, it } from 'vitest';
import { fixtureZone } from '../../../tests/support/zones';
import { ZoneResolver, type Zone } from '../dns/zone';
import { cymruOriginName, lookupAsn } from './asn';
import { recheckSpf } from './recheck';
import { reverseLookup } from './resolve';
import { parseIp } from '../net/ip';

const zone: Zone = {
  records: {
    '1.1.240.54.in-addr.arpa': { PTR: ['a1-1.smtp-out.amazonses.com.'] },
    'a1-1.smtp-out.amazonses.com': { A: ['54.240.1.1'] },
    '99.113.0.203.in-addr.arpa': { PTR: ['mail.google.com.'] },
    'mail.google.com': { A: ['142.250.1.1'] },
    '7.100.51.198.in-addr.arpa': { $rcode: 'SERVFAIL' },
    '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa': { PTR: ['v6.good.example'] },
    'v6.good.example': { AAAA: ['2001:db8::1'] },
    '1.1.240.54.origin.asn.cymru.com': { TXT: ['14618 | 54.240.0.0/18 | US | arin | 2011-05-02'] },
    '2.1.240.54.origin.asn.cymru.com': { TXT: ['14618 | 54.240.0.0/18 | US | arin | 2011-05-02'] },
    'AS14618.asn.cymru.com': { TXT: ['14618 | US | arin | 2005-11-04 | AMAZON-AES, US'] },
  },
};

describe('reverseLookup', () => {
  it('finds PTR names, confirms them forward, and tells a forged name and a DNS failure apart', async () => {
    const resolver = new ZoneResolver(zone);
    const progress: number[] = [];
    const out = await reverseLookup(
      ['54.240.1.1', '203.0.113.99', '198.51.100.7', '192.0.2.200', '2001:db8::1'],
      resolver,
      {
        onProgress: (done) => progress.push(done),
      },
    );
    expect(out.get('54.240.1.1')).toEqual({
      status: 'found',
      names: ['a1-1.smtp-out.amazonses.com'],
      confirmed: 'a1-1.smtp-out.amazonses.com',
    });
    expect(out.get('203.0.113.99')).toEqual({ status: 'found', names: ['mail.google.com'], confirmed: null });
    expect(out.get('198.51.100.7')).toMatchObject({ status: 'error' });
    expect(out.get('192.0.2.200')).toMatchObject({ status: 'none' });
    expect(out.get('2001:db8::1')).toMatchObject({ confirmed: 'v6.good.example' });
    expect(progress.at(-1)).toBe(5);
  });

  it('asks nothing for cached addresses, caches answers but not failures, and stops when cancelled', async () => {
    const cache = new Map();
    await reverseLookup(['54.240.1.1', '198.51.100.7'], new ZoneResolver(zone), { cache });
    expect([...cache.keys()]).toEqual(['54.240.1.1']);
    const again = new ZoneResolver(zone);
    await reverseLookup(['54.240.1.1'], again, { cache });
    expect(again.asked).toEqual([]);
    const controller = new AbortController();
    controller.abort();
    const none = await reverseLookup(['203.0.113.99'], new ZoneResolver(zone), { signal: controller.signal });
    expect(none.size).toBe(0);
  });
});

describe('lookupAsn', () => {
  it('asks Team Cymru once per prefix and once per AS name, paced', async () => {
    const resolver = new ZoneResolver(zone);
    const pauses: number[] = [];
    const out = await lookupAsn(['54.240.1.1', '54.240.1.2'], resolver, {
      sleep: async (ms) => void pauses.push(ms),
    });
    expect(out.get('54.240.1.1')).toEqual({
      asn: 14618,
      prefix: '54.240.0.0/18',
      country: 'US',
      registry: 'arin',
      name: 'AMAZON-AES, US',
    });
    expect(out.get('54.240.1.2')).toEqual(out.get('54.240.1.1'));
    expect(resolver.asked.map((q) => q.name)).toEqual([
      '1.1.240.54.origin.asn.cymru.com',
      'as14618.asn.cymru.com',
    ]);
    expect(pauses).toEqual([100, 100]);
    expect(cymruOriginName(parseIp('2001:db8::1')!)).toBe(
      '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.origin6.asn.cymru.com',
    );
  });
});

describe('recheckSpf', () => {
  it('says which term of the domain’s SPF record authorizes each source today', async () => {
    const resolver = new ZoneResolver(fixtureZone());
    const out = await recheckSpf('good.example', ['192.0.2.10', '198.51.100.20', '203.0.113.99'], resolver, {
      now: () => new Date(0),
    });
    expect(out.map((r) => [r.ip, r.result, r.authorizedBy])).toEqual([
      ['192.0.2.10', 'pass', 'include:_spf.good.example'],
      ['198.51.100.20', 'pass', 'include:_spf.mailer.example'],
      ['203.0.113.99', 'fail', null],
    ]);
    expect(out[1]!.decidedBy).toMatchObject({ domain: '_spf.mailer.example', term: 'ip4:198.51.100.0/24' });
  });
});
