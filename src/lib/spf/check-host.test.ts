import { describe, expect, it } from 'vitest';
import { ZoneResolver, type Zone } from '../dns/zone';
import { checkHost } from './check-host';

function zone(records: Zone['records']): ZoneResolver {
  return new ZoneResolver({ records });
}

const check = (resolver: ZoneResolver, ip: string, domain = 'example.com') =>
  checkHost({ ip, domain, sender: `a@${domain}`, helo: 'helo.example' }, resolver);

describe('check_host mx: MX hosts in preference order (RFC 7208 §5, §5.4)', () => {
  it('gives temperror when the first host by preference fails, even if a later host matches', async () => {
    const r = zone({
      'example.com': { TXT: ['v=spf1 mx -all'], MX: ['20 good.example.com', '10 broken.example.com'] },
      'good.example.com': { A: ['192.0.2.10'] },
      'broken.example.com': { $rcode: 'SERVFAIL' },
    });
    const result = await check(r, '192.0.2.10');
    expect(result.result).toBe('temperror');
    expect(result.reason).toContain('broken.example.com');
  });

  it('gives temperror when the first host times out', async () => {
    const r = zone({
      'example.com': { TXT: ['v=spf1 mx -all'], MX: ['10 slow.example.com', '20 good.example.com'] },
      'good.example.com': { A: ['192.0.2.10'] },
      'slow.example.com': { $timeout: true },
    });
    expect((await check(r, '192.0.2.10')).result).toBe('temperror');
  });

  it('passes when the matching host comes before the failing one', async () => {
    const r = zone({
      'example.com': { TXT: ['v=spf1 mx -all'], MX: ['30 broken.example.com', '5 good.example.com'] },
      'good.example.com': { A: ['192.0.2.10'] },
      'broken.example.com': { $rcode: 'SERVFAIL' },
    });
    expect((await check(r, '192.0.2.10')).result).toBe('pass');
  });

  it('skips hosts without addresses and matches a later one', async () => {
    const r = zone({
      'example.com': { TXT: ['v=spf1 mx -all'], MX: ['10 empty.example.com', '20 good.example.com'] },
      'empty.example.com': { TXT: ['no address here'] },
      'good.example.com': { A: ['192.0.2.10'] },
    });
    expect((await check(r, '192.0.2.10')).result).toBe('pass');
  });
});

describe('check_host a: several addresses in one answer', () => {
  it('matches any of them (one query, no per-address failure)', async () => {
    const r = zone({
      'example.com': { TXT: ['v=spf1 a -all'], A: ['192.0.2.1', '192.0.2.2', '192.0.2.3'] },
    });
    expect((await check(r, '192.0.2.3')).result).toBe('pass');
    expect((await check(r, '192.0.2.4')).result).toBe('fail');
  });
});

describe('check_host ptr (RFC 7208 §5.5)', () => {
  it('counts a PTR query answered NXDOMAIN as a void lookup (§4.6.4)', async () => {
    const r = zone({ 'example.com': { TXT: ['v=spf1 ptr -all'] } });
    const result = await check(r, '192.0.2.77');
    expect(result.result).toBe('fail');
    expect(result.voidLookups).toBe(1);
  });

  it('counts a PTR query answered NODATA as a void lookup', async () => {
    const r = zone({
      'example.com': { TXT: ['v=spf1 ptr -all'] },
      '77.2.0.192.in-addr.arpa': { TXT: ['not a PTR'] },
    });
    expect((await check(r, '192.0.2.77')).voidLookups).toBe(1);
  });

  it('the third void lookup, a ptr, is a permerror', async () => {
    const r = zone({
      'example.com': { TXT: ['v=spf1 a:n1.example.com a:n2.example.com ptr -all'] },
    });
    const result = await check(r, '192.0.2.77');
    expect(result.result).toBe('permerror');
    expect(result.voidLookups).toBe(3);
  });

  it('skips a PTR name whose forward lookup fails and matches a later validated one', async () => {
    const r = zone({
      'example.com': { TXT: ['v=spf1 ptr -all'] },
      '77.2.0.192.in-addr.arpa': { PTR: ['broken.example.com', 'mail.example.com'] },
      'broken.example.com': { $rcode: 'SERVFAIL' },
      'mail.example.com': { A: ['192.0.2.77'] },
    });
    expect((await check(r, '192.0.2.77')).result).toBe('pass');
  });

  it('a PTR lookup error makes ptr not match (no temperror)', async () => {
    const r = zone({
      'example.com': { TXT: ['v=spf1 ptr -all'] },
      '77.2.0.192.in-addr.arpa': { $rcode: 'SERVFAIL' },
    });
    const result = await check(r, '192.0.2.77');
    expect(result.result).toBe('fail');
    expect(result.voidLookups).toBe(0);
  });
});

describe('check_host on a domain that does not exist (RFC 7208 §4.3)', () => {
  it('gives none and says the domain itself is gone, unlike a domain without a record', async () => {
    const gone = await check(zone({}), '192.0.2.10', 'gone.example');
    expect(gone).toMatchObject({ result: 'none', nxdomain: true, reason: 'gone.example does not exist.' });
    const bare = await check(zone({ 'bare.example': { A: ['192.0.2.1'] } }), '192.0.2.10', 'bare.example');
    expect(bare.result).toBe('none');
    expect(bare.nxdomain).toBeUndefined();
  });
});
