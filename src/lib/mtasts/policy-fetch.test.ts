import { describe, expect, it } from 'vitest';
import { evaluatePolicyFetch } from './policy-fetch';

describe('evaluatePolicyFetch (RFC 8461 §3.3, §4.1)', () => {
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
