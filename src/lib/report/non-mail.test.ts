import { describe, expect, it } from 'vitest';
import { fixtureZone } from '../../../tests/support/zones';
import { ZoneResolver, type Zone } from '../dns/zone';
import { findingsOf } from './export';
import { checkDomain, type DomainReport } from './index';

async function report(domain: string, resolver: ZoneResolver): Promise<DomainReport> {
  const r = await checkDomain(domain, resolver, { now: () => new Date('2026-11-23T10:00:00Z') });
  if (!r.ok) throw new Error(r.error);
  return r.report;
}

const fix = (r: DomainReport, id: Parameters<typeof findingsOf>[1], code: string) =>
  findingsOf(r, id).find((f) => f.code === code);

describe('a domain that handles no mail (RFC 7505 null MX, no sender)', () => {
  it('mx-null.codes.example gets the parked-domain records, and no advice to receive, sign or show a logo', async () => {
    const r = await report('mx-null.codes.example', new ZoneResolver(fixtureZone()));
    expect(fix(r, 'spf', 'no-spf')?.fix).toMatch(/^Publish “v=spf1 -all” at mx-null\.codes\.example:/);
    expect(fix(r, 'dmarc', 'no-dmarc')?.fix).toMatch(
      /^Publish “v=DMARC1; p=reject;” at _dmarc\.mx-null\.codes\.example:/,
    );
    for (const [id, code] of [
      ['dkim', 'no-dkim'],
      ['mta-sts', 'no-mtasts'],
      ['tls-rpt', 'no-tlsrpt'],
      ['bimi', 'no-bimi'],
    ] as const) {
      expect(fix(r, id, code)).toMatchObject({ severity: 'info' });
      expect(fix(r, id, code)?.fix).toBeUndefined();
      expect(fix(r, id, code)?.detail).toMatch(/^Not needed: /);
    }
    const text = r.areas.flatMap((a) => findingsOf(r, a.id).map((f) => f.fix ?? '')).join('\n');
    expect(text).not.toContain('include:_spf.google.com');
    expect(text).not.toContain('p=none');
    expect(text).not.toContain('Turn on DKIM signing');
    expect(r.areas.find((a) => a.id === 'dkim')?.status).toBe('info');
    expect(r.grade.summary).toBe('Fix DMARC first.');
  });

  it('grades a parked domain with “v=spf1 -all” and p=reject as well configured', async () => {
    const zone: Zone = {
      records: {
        'parked.example': { MX: ['0 .'], TXT: ['v=spf1 -all'] },
        // Reports go elsewhere: the parked domain itself accepts no mail.
        '_dmarc.parked.example': { TXT: ['v=DMARC1; p=reject; rua=mailto:dmarc@reports.example'] },
        'parked.example._report._dmarc.reports.example': { TXT: ['v=DMARC1;'] },
        'reports.example': { MX: ['10 mx.reports.example'] },
        'mx.reports.example': { A: ['192.0.2.40'] },
        '_domainkey.parked.example': { $rcode: 'NXDOMAIN' },
      },
    };
    const r = await report('parked.example', new ZoneResolver(zone));
    // No DKIM key is right for a domain that signs nothing: it costs no points.
    expect(r.areas.find((a) => a.id === 'dkim')?.status).toBe('info');
    expect(r.grade).toMatchObject({ letter: 'A', score: 100, summary: 'Well configured.' });
  });

  it('a null MX with senders in SPF keeps the advice for a domain that sends', async () => {
    const zone: Zone = {
      records: {
        'sends.example': { MX: ['0 .'], TXT: ['v=spf1 ip4:192.0.2.1 -all'] },
      },
    };
    const r = await report('sends.example', new ZoneResolver(zone));
    expect(fix(r, 'dmarc', 'no-dmarc')?.fix).toContain('p=none');
    expect(fix(r, 'dkim', 'no-dkim')?.severity).toBe('warning');
  });
});
