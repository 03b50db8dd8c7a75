import { describe, expect, it } from 'vitest';
import { lookup, txtRecords } from './lookup';
import { ZoneResolver, answerFromZone, type Zone } from './zone';

const zone: Zone = {
  records: {
    'example.test': {
      A: ['192.0.2.1'],
      MX: ['10 mx.example.test'],
      TXT: ['v=spf1 ip4:192.0.2.0/24 -all', ['part one ', 'part "two"']],
    },
    'alias.example.test': { CNAME: 'target.example.test' },
    'target.example.test': { TXT: ['hello'] },
    'a.b.deep.example.test': { A: ['192.0.2.9'] },
    '*.wild.example.test': { TXT: ['wild'] },
    'sf.example.test': { $rcode: 'SERVFAIL' },
    'slow.example.test': { $timeout: ['TXT'], A: ['192.0.2.2'] },
    'signed.example.test': { A: ['192.0.2.3'], $ad: true },
    'ds-fail.example.test': { A: ['192.0.2.4'], $rcodes: { DS: 'SERVFAIL' } },
    'many.example.test': { TXT: ['v=spf1 -all'], $many: [{ type: 'TXT', count: 3000, data: 'filler {i}' }] },
  },
};

describe('answerFromZone shapes answers like the providers', () => {
  it('Cloudflare: owner names without dot, TXT quoted per string', () => {
    const a = answerFromZone(zone, 'example.test', 'TXT', 'cloudflare');
    expect(a.kind === 'answer' && a.response.Answer).toEqual([
      { name: 'example.test', type: 16, TTL: 300, data: '"v=spf1 ip4:192.0.2.0/24 -all"' },
      { name: 'example.test', type: 16, TTL: 300, data: '"part one " "part \\"two\\""' },
    ]);
  });

  it('Google: trailing dots, TXT raw and concatenated', () => {
    const a = answerFromZone(zone, 'example.test', 'TXT', 'google');
    expect(a.kind === 'answer' && a.response.Answer).toEqual([
      { name: 'example.test.', type: 16, TTL: 300, data: 'v=spf1 ip4:192.0.2.0/24 -all' },
      { name: 'example.test.', type: 16, TTL: 300, data: 'part one part "two"' },
    ]);
  });

  it('MX exchange gets a trailing dot in data for both', () => {
    for (const style of ['cloudflare', 'google'] as const) {
      const a = answerFromZone(zone, 'example.test', 'MX', style);
      expect(a.kind === 'answer' && a.response.Answer?.[0]?.data).toBe('10 mx.example.test.');
    }
  });

  it('puts the CNAME before the target records', () => {
    const a = answerFromZone(zone, 'alias.example.test', 'TXT', 'cloudflare');
    expect(a.kind === 'answer' && a.response.Answer?.map((r) => r.type)).toEqual([5, 16]);
  });

  it('NXDOMAIN and NODATA carry an SOA in Authority', () => {
    const nx = answerFromZone(zone, 'none.example.test', 'TXT', 'cloudflare');
    expect(nx.kind === 'answer' && nx.response.Status).toBe(3);
    expect(nx.kind === 'answer' && nx.response.Authority?.[0]?.type).toBe(6);
    const nodata = answerFromZone(zone, 'example.test', 'AAAA', 'cloudflare');
    expect(nodata.kind === 'answer' && nodata.response).toMatchObject({ Status: 0 });
    expect(nodata.kind === 'answer' && nodata.response.Answer).toBeUndefined();
  });

  it('treats empty non-terminals as existing (RFC 8020)', () => {
    const ent = answerFromZone(zone, 'b.deep.example.test', 'A', 'cloudflare');
    expect(ent.kind === 'answer' && ent.response.Status).toBe(0);
  });

  it('answers wildcards for names that do not exist', () => {
    const a = answerFromZone(zone, 'anything.wild.example.test', 'TXT', 'google');
    expect(a.kind === 'answer' && a.response.Answer?.[0]).toMatchObject({
      name: 'anything.wild.example.test.',
      data: 'wild',
    });
  });

  it('gives SERVFAIL, timeouts and AD where the zone says so', () => {
    const sf = answerFromZone(zone, 'sf.example.test', 'TXT', 'cloudflare');
    expect(sf.kind === 'answer' && sf.response.Status).toBe(2);
    expect(answerFromZone(zone, 'slow.example.test', 'TXT', 'cloudflare').kind).toBe('timeout');
    expect(answerFromZone(zone, 'slow.example.test', 'A', 'cloudflare').kind).toBe('answer');
    const signed = answerFromZone(zone, 'signed.example.test', 'A', 'cloudflare');
    expect(signed.kind === 'answer' && signed.response.AD).toBe(true);
  });
});

describe('ZoneResolver through lookup()', () => {
  for (const style of ['cloudflare', 'google'] as const) {
    it(`reads the same records in ${style} shape`, async () => {
      const r = new ZoneResolver(zone, { style });
      const result = await lookup(r, 'example.test', 'TXT');
      expect(txtRecords(result).map((t) => t.text)).toEqual([
        'v=spf1 ip4:192.0.2.0/24 -all',
        'part one part "two"',
      ]);
      const aliased = await lookup(r, 'alias.example.test', 'TXT');
      expect(aliased.chain).toEqual(['target.example.test']);
      expect(txtRecords(aliased)[0]?.text).toBe('hello');
      expect((await lookup(r, 'slow.example.test', 'TXT')).kind).toBe('error');
      expect((await lookup(r, 'sf.example.test', 'TXT')).kind).toBe('error');
      expect((await lookup(r, 'nope.example.test', 'TXT')).kind).toBe('nxdomain');
      expect((await lookup(r, 'example.test', 'AAAA')).kind).toBe('nodata');
    });
  }
});

describe('zone fixtures for answers no one would list', () => {
  it('$rcodes answers one type with an RCODE and the others normally', async () => {
    const r = new ZoneResolver(zone);
    expect((await lookup(r, 'ds-fail.example.test', 'DS')).kind).toBe('error');
    expect((await lookup(r, 'ds-fail.example.test', 'A')).kind).toBe('records');
  });

  it('$many generates records when asked, after the listed ones', async () => {
    const a = answerFromZone(zone, 'many.example.test', 'TXT', 'google');
    const answer = a.kind === 'answer' ? (a.response.Answer ?? []) : [];
    expect(answer).toHaveLength(3001);
    expect(answer[0]!.data).toBe('v=spf1 -all');
    expect(answer[3000]!.data).toBe('filler 2999');
  });
});
