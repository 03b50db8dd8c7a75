// Rules of the smaller areas over zone fixtures: BIMI eligibility, TLS-RPT, MTA-STS DNS, DNSSEC.
import { describe, expect, it } from 'vitest';
import { analyzeBimi } from '../bimi/analyze';
import { parseDmarcRecord } from '../dmarc';
import { analyzeDnssec } from '../dnssec/analyze';
import { ZoneResolver, type Zone } from '../dns/zone';
import { analyzeMtaSts } from '../mtasts/analyze';
import { analyzeTlsRpt } from '../tlsrpt/analyze';

const z = (records: Zone['records'], dnssec = false) => new ZoneResolver({ records, dnssec });
const policy = (text: string) => {
  const r = parseDmarcRecord(text);
  if (!r.ok) throw new Error('bad');
  return r.policy;
};

describe('BIMI', () => {
  const records = {
    'default._bimi.b.example': {
      TXT: ['v=BIMI1; l=https://b.example/logo.svg; a=https://b.example/vmc.pem'],
    },
  };
  it('is eligible only with DMARC enforcement', async () => {
    const ok = await analyzeBimi('b.example', z(records), policy('v=DMARC1; p=reject'));
    expect(ok.eligible).toBe(true);
    const none = await analyzeBimi(
      'b.example',
      z(records),
      policy('v=DMARC1; p=none; rua=mailto:a@b.example'),
    );
    expect(none.findings.map((f) => f.code)).toContain('bimi-ineligible');
    const partial = await analyzeBimi(
      'b.example',
      z(records),
      Promise.resolve(policy('v=DMARC1; p=quarantine; pct=50')),
    );
    expect(partial.findings.find((f) => f.code === 'bimi-ineligible')?.detail).toContain('pct=50');
  });
  it('falls back to the organizational domain and flags a missing certificate', async () => {
    const r = await analyzeBimi(
      'mail.b.example',
      z({ 'default._bimi.b.example': { TXT: ['v=BIMI1; l=https://b.example/logo.svg'] } }),
      policy('v=DMARC1; p=reject'),
    );
    expect(r.location).toBe('b.example');
    expect(r.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['bimi-inherited', 'bimi-no-vmc']));
  });
});

describe('TLS-RPT', () => {
  it('is a warning when missing while MTA-STS or DANE is used, info otherwise', async () => {
    expect(
      (await analyzeTlsRpt('t.example', z({}), { transportSecurity: Promise.resolve(true) })).findings[0]
        ?.severity,
    ).toBe('warning');
    expect((await analyzeTlsRpt('t.example', z({}))).findings[0]?.severity).toBe('info');
  });
  it('flags several records', async () => {
    const r = await analyzeTlsRpt(
      't.example',
      z({
        '_smtp._tls.t.example': {
          TXT: ['v=TLSRPTv1; rua=mailto:a@t.example', 'v=TLSRPTv1; rua=mailto:b@t.example'],
        },
      }),
    );
    expect(r.status).toBe('multiple');
  });
});

describe('MTA-STS DNS part', () => {
  it('needs the policy host to resolve', async () => {
    const r = await analyzeMtaSts('m.example', z({ '_mta-sts.m.example': { TXT: ['v=STSv1; id=1'] } }));
    expect(r.findings.map((f) => f.code)).toContain('mtasts-host-missing');
  });
  it('flags a policy host without a TXT record', async () => {
    const r = await analyzeMtaSts('m.example', z({ 'mta-sts.m.example': { A: ['192.0.2.1'] } }));
    expect(r.findings.map((f) => f.code)).toEqual(['no-mtasts', 'mtasts-host-without-txt']);
  });
});

describe('DNSSEC', () => {
  it('reads the AD flag and the DS record', async () => {
    expect(
      (
        await analyzeDnssec(
          's.example',
          z({ 's.example': { DS: ['1 13 2 AB'], SOA: 'ns. h. 1 2 3 4 5' } }, true),
        )
      ).status,
    ).toBe('validated');
    expect((await analyzeDnssec('s.example', z({ 's.example': { DS: ['1 13 2 AB'] } }))).status).toBe(
      'not-validated',
    );
    expect((await analyzeDnssec('s.example', z({ 's.example': { A: ['192.0.2.1'] } }))).status).toBe(
      'unsigned',
    );
    expect((await analyzeDnssec('s.example', z({ 's.example': { $rcode: 'SERVFAIL' } }))).status).toBe(
      'error',
    );
  });
});
