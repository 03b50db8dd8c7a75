import { describe, expect, it } from 'vitest';
import { dnsFailureFinding, RESOLVER_FAILURE_ADVICE } from './finding';

describe('dnsFailureFinding: advice for the party who can act', () => {
  it('the user’s own DNS provider failing says nothing about the domain, and the fix is theirs', () => {
    const f = dnsFailureFinding(
      'x-dns-error',
      'Could not check X',
      {
        message: 'could not connect (Failed to fetch)',
        cause: 'DNS provider unreachable',
        lasting: false,
        atResolver: true,
      },
      'good.example',
    );
    expect(f).toMatchObject({
      severity: 'unknown',
      detail:
        'could not connect (Failed to fetch). Your DNS provider (Settings) did not answer, so this says nothing about good.example.',
      fix: 'Check the DNS provider in Settings, or your connection, then check again.',
      advice: RESOLVER_FAILURE_ADVICE,
      lasting: false,
    });
    expect(f.detail).not.toContain('try again later');
  });

  it('a failure of the domain’s DNS (SERVFAIL, a timeout) keeps “try again later”, with no advice for the user', () => {
    const f = dnsFailureFinding(
      'x-dns-error',
      'Could not check X',
      { message: 'The DNS server failed (SERVFAIL).', cause: 'SERVFAIL', lasting: false },
      'good.example',
    );
    expect(f.detail).toBe(
      'The DNS server failed (SERVFAIL). This is a DNS failure, not a missing record: try again later.',
    );
    expect(f.advice).toBeUndefined();
  });
});
