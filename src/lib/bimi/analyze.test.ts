import { describe, expect, it } from 'vitest';
import { parseDmarcRecord } from '../dmarc';
import { ZoneResolver, type Zone } from '../dns/zone';
import { analyzeBimi } from './analyze';

const z = (records: Zone['records']) => new ZoneResolver({ records });
const policy = (text: string) => {
  const r = parseDmarcRecord(text);
  if (!r.ok) throw new Error('bad');
  return r.policy;
};

describe('analyzeBimi', () => {
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

  it('does not fall back when the domain’s own lookup failed: that is could not check', async () => {
    const r = await analyzeBimi(
      'mail.b.example',
      z({
        'default._bimi.mail.b.example': { $rcode: 'SERVFAIL' },
        'default._bimi.b.example': { TXT: ['v=BIMI1; l=https://b.example/logo.svg'] },
      }),
      policy('v=DMARC1; p=reject'),
    );
    expect(r.status).toBe('error');
    expect(r.findings.map((f) => `${f.severity}:${f.code}`)).toEqual(['unknown:bimi-dns-error']);
  });

  it('reads a declined record as found and declined', async () => {
    const r = await analyzeBimi(
      'b.example',
      z({ 'default._bimi.b.example': { TXT: ['v=BIMI1; l=; a=;'] } }),
      null,
    );
    expect([r.status, r.parsed?.declined]).toEqual(['found', true]);
    expect(r.findings.map((f) => f.code)).toEqual(['bimi-declined']);
  });
});
