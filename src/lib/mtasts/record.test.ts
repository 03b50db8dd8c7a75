import { describe, expect, it } from 'vitest';
import { parseBimiRecord } from '../bimi/record';
import { parseTlsRptRecord } from '../tlsrpt/record';
import { evaluatePolicyFetch } from './analyze';
import { mxMatches, parseMtaStsPolicy, parseMtaStsTxt } from './record';

describe('MTA-STS (RFC 8461)', () => {
  it('parses the TXT record and rejects a bad id', () => {
    expect(parseMtaStsTxt('v=STSv1; id=20260101T000000;')).toMatchObject({
      ok: true,
      record: { id: '20260101T000000' },
    });
    expect(parseMtaStsTxt('v=STSv1; id=bad id!').ok).toBe(false);
    expect(parseMtaStsTxt('v=STSv1;').ok).toBe(false);
    expect(parseMtaStsTxt('id=1; v=STSv1').ok).toBe(false);
  });

  it('parses a policy and matches MX patterns (one wildcard label only)', () => {
    const r = parseMtaStsPolicy(
      'version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n',
    );
    expect(r).toMatchObject({
      ok: true,
      policy: { mode: 'enforce', mx: ['mx1.example.com', '*.example.net'], maxAge: 604800 },
    });
    expect(mxMatches('a.example.net', '*.example.net')).toBe(true);
    expect(mxMatches('a.b.example.net', '*.example.net')).toBe(false);
    expect(mxMatches('example.net', '*.example.net')).toBe(false);
    expect(mxMatches('MX1.example.com.', 'mx1.example.com')).toBe(true);
  });

  it('rejects policies with missing or invalid fields', () => {
    expect(parseMtaStsPolicy('version: STSv1\nmode: enforce\nmax_age: 86400\n')).toMatchObject({ ok: false });
    expect(parseMtaStsPolicy('version: STSv1\nmode: on\nmx: a.example\nmax_age: 86400\n').ok).toBe(false);
    expect(parseMtaStsPolicy('version: STSv1\nmode: testing\nmx: a.example\nmax_age: 99999999\n').ok).toBe(
      false,
    );
    expect(
      parseMtaStsPolicy('version: STSv1\nmode: testing\nmx: a.example\nmax_age: 86400\n').warnings[0],
    ).toMatch(/LF only/);
  });

  it('judges a fetched policy against the MX hosts', () => {
    const body = 'version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmax_age: 3600\r\n';
    const ok = evaluatePolicyFetch(
      'example.com',
      { kind: 'ok', status: 200, contentType: 'text/plain', redirected: false, body },
      ['mx1.example.com', 'mx2.example.com'],
    );
    expect(ok.findings.map((f) => `${f.severity}:${f.code}`)).toEqual([
      'ok:mtasts-enforce',
      'warning:mtasts-short-age',
      'error:mtasts-mx-uncovered',
    ]);
    const blocked = evaluatePolicyFetch('example.com', { kind: 'blocked', message: 'Failed to fetch' }, []);
    expect(blocked.findings[0]).toMatchObject({ severity: 'unknown', code: 'mtasts-unverifiable' });
    const redirect = evaluatePolicyFetch(
      'example.com',
      { kind: 'ok', status: 404, contentType: 'text/html', redirected: true, body: '' },
      [],
    );
    expect(redirect.findings.map((f) => f.code)).toEqual(['mtasts-redirect', 'mtasts-http']);
  });
});

describe('TLS-RPT (RFC 8460)', () => {
  it('parses mailto and https destinations', () => {
    expect(
      parseTlsRptRecord('v=TLSRPTv1; rua=mailto:tls@example.com,https://reports.example.com/tls'),
    ).toMatchObject({
      ok: true,
      record: { rua: [{ scheme: 'mailto' }, { scheme: 'https' }] },
    });
  });
  it('rejects a missing or bad rua and a late version', () => {
    expect(parseTlsRptRecord('v=TLSRPTv1;').ok).toBe(false);
    expect(parseTlsRptRecord('v=TLSRPTv1; rua=ftp://x.example').ok).toBe(false);
    expect(parseTlsRptRecord('rua=mailto:a@example.com; v=TLSRPTv1').ok).toBe(false);
  });
});

describe('BIMI record', () => {
  it('parses a record and a declination', () => {
    expect(
      parseBimiRecord('v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem'),
    ).toMatchObject({ ok: true, record: { logo: 'https://example.com/logo.svg' } });
    expect(parseBimiRecord('v=BIMI1; l=; a=;')).toMatchObject({ ok: true, record: { declined: true } });
  });
  it('rejects http logos, bad avp and a missing l=', () => {
    expect(parseBimiRecord('v=BIMI1; l=http://example.com/logo.svg').ok).toBe(false);
    expect(parseBimiRecord('v=BIMI1; l=https://example.com/logo.svg; avp=corporate').ok).toBe(false);
    expect(parseBimiRecord('v=BIMI1; a=https://example.com/vmc.pem').ok).toBe(false);
  });
});
