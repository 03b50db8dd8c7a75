import { describe, expect, it } from 'vitest';
import { ZoneResolver, type Zone } from '../dns/zone';
import { analyzeTlsRpt } from './analyze';

const z = (records: Zone['records']) => new ZoneResolver({ records });

describe('analyzeTlsRpt', () => {
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
    expect(r.findings[0]?.items).toHaveLength(2);
  });

  it('reads a record with built-in property names as extensions, not as an error', async () => {
    const r = await analyzeTlsRpt(
      't.example',
      z({ '_smtp._tls.t.example': { TXT: ['v=TLSRPTv1; rua=mailto:a@t.example; toString=x'] } }),
    );
    expect(r.status).toBe('found');
    expect(r.parsed?.rua.map((u) => u.uri)).toEqual(['mailto:a@t.example']);
    expect(r.findings.map((f) => `${f.severity}:${f.code}`)).toEqual([
      'ok:tlsrpt-ok',
      'info:tlsrpt-extension',
    ]);
  });
});
