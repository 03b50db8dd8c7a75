import { describe, expect, it } from 'vitest';
import { ZoneResolver, type Zone } from '../dns/zone';
import { analyzeMx } from './analyze';

const z = (records: Zone['records']) => new ZoneResolver({ records });
const codes = async (domain: string, records: Zone['records']) =>
  (await analyzeMx(domain, z(records))).findings.map((f) => `${f.severity}:${f.code}`);

describe('analyzeMx', () => {
  it('recognises the provider and checks forward-confirmed reverse DNS', async () => {
    const a = await analyzeMx(
      'w.example',
      z({
        'w.example': { MX: ['1 aspmx.l.google.com', '5 alt1.aspmx.l.google.com'] },
        'aspmx.l.google.com': { A: ['192.0.2.27'] },
        'alt1.aspmx.l.google.com': { A: ['192.0.2.28'] },
        '27.2.0.192.in-addr.arpa': { PTR: ['mx.google.example'] },
        'mx.google.example': { A: ['192.0.2.99'] },
      }),
    );
    expect(a.providers).toEqual(['Google Workspace']);
    expect(a.hosts.map((h) => [h.preference, h.host])).toEqual([
      [1, 'aspmx.l.google.com'],
      [5, 'alt1.aspmx.l.google.com'],
    ]);
    expect(a.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['mx-no-fcrdns', 'mx-no-ptr']));
  });

  it('explains null MX, and null MX mixed with others (RFC 7505)', async () => {
    expect(await codes('n.example', { 'n.example': { MX: ['0 .'] } })).toEqual(['info:null-mx']);
    expect(await codes('m.example', { 'm.example': { MX: ['0 .', '10 mx.m.example'] } })).toEqual([
      'error:null-mx-mixed',
    ]);
  });

  it('falls back to the implicit MX, or says the domain cannot receive mail', async () => {
    expect(await codes('i.example', { 'i.example': { A: ['192.0.2.1'] } })).toEqual(['info:mx-implicit']);
    expect(await codes('x.example', { 'x.example': { TXT: ['x'] } })).toEqual(['warning:mx-none']);
  });

  it('flags a duplicate host, a TLSA record without DNSSEC and unusable TLSA usages', async () => {
    const c = await codes('d.example', {
      'd.example': { MX: ['10 mx.d.example', '20 mx.d.example'] },
      'mx.d.example': { A: ['192.0.2.5'] },
      '5.2.0.192.in-addr.arpa': { PTR: ['mx.d.example'] },
      '_25._tcp.mx.d.example': { TLSA: ['1 0 1 abcdef'] },
    });
    expect(c).toEqual(
      expect.arrayContaining(['warning:mx-duplicate', 'warning:dane-insecure', 'warning:dane-usage']),
    );
  });

  it('reads a DNS failure as could not check', async () => {
    expect(await codes('f.example', { 'f.example': { $rcode: 'SERVFAIL' } })).toEqual([
      'unknown:mx-dns-error',
    ]);
  });
});
