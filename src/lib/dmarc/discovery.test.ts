import { describe, expect, it } from 'vitest';
import { ZoneResolver, type Zone } from '../dns/zone';
import { analyzeDmarc } from './analyze';
import { discoverDmarc, selectOrganizationalDomain, walkTargets } from './discovery';

const z = (records: Zone['records']) => new ZoneResolver({ records });

describe('RFC 9989 §4.10 tree walk', () => {
  it('drops one label at a time for short names', () => {
    expect(walkTargets('a.mail.example.com', false)).toEqual(['mail.example.com', 'example.com', 'com']);
  });
  it('cuts long names to 7 labels and makes at most 8 queries (the RFC example)', () => {
    const targets = walkTargets('a.b.c.d.e.f.g.h.i.j.mail.example.com', true);
    expect(targets).toEqual([
      'a.b.c.d.e.f.g.h.i.j.mail.example.com',
      'g.h.i.j.mail.example.com',
      'h.i.j.mail.example.com',
      'i.j.mail.example.com',
      'j.mail.example.com',
      'mail.example.com',
      'example.com',
      'com',
    ]);
  });
  it('selects the organizational domain: psd=n, psd=y, else fewest labels (RFC 9989 §4.10.2 examples)', () => {
    const loc = (domain: string, psd: 'y' | 'n' | null) => ({ domain, record: 'v=DMARC1', psd }) as never;
    expect(
      selectOrganizationalDomain('a.mail.example.com', [
        loc('mail.example.com', null),
        loc('example.com', null),
      ]),
    ).toBe('example.com');
    expect(
      selectOrganizationalDomain('a.mail.example.com', [
        loc('mail.example.com', 'n'),
        loc('example.com', null),
      ]),
    ).toBe('mail.example.com');
    expect(selectOrganizationalDomain('a.mail.example.com', [loc('com', 'y')])).toBe('example.com');
  });
});

describe('discoverDmarc', () => {
  it('inherits the organizational domain record for a subdomain and uses sp', async () => {
    const r = z({
      '_dmarc.example.com': { TXT: ['v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@example.com'] },
      'mail.example.com': { A: ['192.0.2.1'] },
    });
    const a = await analyzeDmarc('mail.example.com', r);
    expect(a.discovery.rfc9989).toMatchObject({ source: 'organizational', domain: 'example.com' });
    expect(a.effectivePolicy).toBe('quarantine');
    expect(a.findings.map((f) => f.code)).toContain('inherited');
  });

  it('says when RFC 9989 and RFC 7489 discovery disagree', async () => {
    // A record only at the intermediate name: the tree walk finds it, the PSL method (example.com) does not.
    const r = z({ '_dmarc.mail.example.com': { TXT: ['v=DMARC1; p=reject; rua=mailto:d@example.com'] } });
    const d = await discoverDmarc('a.mail.example.com', r);
    expect(d.rfc9989).toMatchObject({ source: 'organizational', domain: 'mail.example.com' });
    expect(d.rfc7489).toMatchObject({ source: 'none' });
    const a = await analyzeDmarc('a.mail.example.com', r);
    expect(a.findings.map((f) => f.code)).toContain('discovery-disagrees');
  });

  it('discards several records at the author and keeps walking (RFC 9989) while RFC 7489 stops', async () => {
    const r = z({
      '_dmarc.x.example.com': { TXT: ['v=DMARC1; p=none', 'v=DMARC1; p=reject'] },
      '_dmarc.example.com': { TXT: ['v=DMARC1; p=quarantine; rua=mailto:d@example.com'] },
    });
    const a = await analyzeDmarc('x.example.com', r);
    expect(a.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['multiple-dmarc', 'discovery-disagrees']),
    );
    expect(a.discovery.rfc9989.domain).toBe('example.com');
    expect(a.discovery.rfc7489.source).toBe('none');
  });

  it('flags near misses, CNAME+TXT conflicts and records at the apex', async () => {
    const near = await analyzeDmarc('n.example', z({ '_dmarc.n.example': { TXT: ['v=dmarc1; p=reject'] } }));
    expect(near.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['dmarc-near-miss', 'no-dmarc']));
    const apex = await analyzeDmarc('a.example', z({ 'a.example': { TXT: ['v=DMARC1; p=reject'] } }));
    expect(apex.findings.map((f) => f.code)).toContain('dmarc-at-apex');
  });

  it('grades policy strength and subdomain gaps', async () => {
    const a = await analyzeDmarc(
      'p.example',
      z({ '_dmarc.p.example': { TXT: ['v=DMARC1; p=reject; sp=none; np=none; pct=50; t=y; adkim=s'] } }),
    );
    expect(a.findings.map((f) => `${f.severity}:${f.code}`)).toEqual(
      expect.arrayContaining([
        'ok:policy-reject',
        'warning:sp-none',
        'warning:pct-partial',
        'warning:test-mode',
        'info:strict-alignment',
        'warning:no-rua',
        'info:historic-pct',
      ]),
    );
    const none = await analyzeDmarc(
      'n.example',
      z({
        '_dmarc.n.example': { TXT: ['v=DMARC1; p=none; rua=mailto:d@n.example'] },
        'n.example': { MX: ['10 mx.n.example'] },
      }),
    );
    expect(none.findings.find((f) => f.code === 'policy-none')?.fix).toMatch(/quarantine.*reject/);
  });

  it('checks external report authorization and the destination’s mail', async () => {
    const a = await analyzeDmarc(
      'e.example',
      z({
        '_dmarc.e.example': {
          TXT: [
            'v=DMARC1; p=none; rua=mailto:a@vendor.example,mailto:b@nomail.example; ruf=mailto:c@null.example',
          ],
        },
        'vendor.example': { MX: ['10 mx.vendor.example'] },
        'e.example._report._dmarc.vendor.example': { TXT: ['v=DMARC1;'] },
        'nomail.example': { TXT: ['hello'] },
        'null.example': { MX: ['0 .'] },
      }),
    );
    expect(a.destinations.map((d) => [d.domain, d.authorization, d.mail])).toEqual([
      ['vendor.example', 'authorized', 'mx'],
      ['nomail.example', 'missing', 'none'],
      ['null.example', 'missing', 'null-mx'],
    ]);
    const unauthorized = a.findings.find((f) => f.code === 'external-unauthorized')!;
    expect(unauthorized.fix).toContain('e.example._report._dmarc.nomail.example');
    expect(a.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['report-no-mx', 'report-null-mx']));
  });

  it('a SERVFAIL at _dmarc reads as could not check', async () => {
    const a = await analyzeDmarc('s.example', z({ '_dmarc.s.example': { $rcode: 'SERVFAIL' } }));
    expect(a.findings.map((f) => `${f.severity}:${f.code}`)).toEqual(['unknown:dmarc-dns-error']);
  });
});
