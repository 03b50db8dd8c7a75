import { describe, expect, it } from 'vitest';
import { evaluatePolicyFetch, mxCoverageFindings, uncoveredMxHosts } from './policy-fetch';

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

describe('mxCoverageFindings (RFC 8461 §4.1, §5): one rule for a fetched policy and a draft', () => {
  it('names each MX host no pattern matches; enforce refuses it, testing reports it', () => {
    const hosts = ['mx1.bench.example', 'mx2.bench.example', 'a.b.bench.example'];
    const enforce = mxCoverageFindings(
      'bench.example',
      { mode: 'enforce', mx: ['mx1.bench.example'] },
      hosts,
    );
    expect(enforce.map((f) => [f.severity, f.title])).toEqual([
      [
        'error',
        'MX mx2.bench.example is not in the policy: in enforce mode, senders following RFC 8461 §5 refuse to deliver to it',
      ],
      [
        'error',
        'MX a.b.bench.example is not in the policy: in enforce mode, senders following RFC 8461 §5 refuse to deliver to it',
      ],
    ]);
    // "*." matches exactly one label (the same mxMatches the policy-file analysis uses).
    const wildcard = mxCoverageFindings('bench.example', { mode: 'testing', mx: ['*.bench.example'] }, hosts);
    expect(wildcard.map((f) => [f.severity, f.title])).toEqual([
      [
        'warning',
        'MX a.b.bench.example is not in the policy: in testing mode, senders report each delivery to it as a failure (TLS-RPT); in enforce mode, senders following RFC 8461 §5 would refuse to deliver to it',
      ],
    ]);
    expect(uncoveredMxHosts(['*.bench.example'], hosts)).toEqual(['a.b.bench.example']);
  });
});
