import { describe, expect, it } from 'vitest';
import type { QueryLogEntry } from './query-log';
import { dnsNotices } from './trouble';

const entry = (
  name: string,
  status: string,
  provider = 'Cloudflare',
  ok = !['timeout', 'network'].includes(status),
): QueryLogEntry => ({
  name,
  type: 'TXT',
  provider,
  status,
  ok,
  answers: 0,
  ms: 1,
  startedAt: 0,
  attempt: 1,
});

describe('dnsNotices', () => {
  it('46 of 49 questions answered is “some queries failed”, never “no provider is answering”', () => {
    const entries = [
      ...Array.from({ length: 46 }, (_, i) => entry(`n${i}.example`, 'NOERROR')),
      entry('slow.example', 'timeout'),
      entry('slow.example', 'timeout', 'Google'),
      entry('_dmarc.slow.example', 'SERVFAIL'),
      entry('_smtp._tls.slow.example', 'SERVFAIL'),
    ];
    const notices = dnsNotices(entries);
    expect(notices.map((n) => n.kind)).toEqual(['some-failed']);
    expect(notices[0]!.headline).toBe('Some queries timed out or got SERVFAIL:');
    expect(notices[0]!.detail).toMatch(
      /^3 of 49 questions \(1 timed out, 2 got SERVFAIL or another error\); 46 were answered/,
    );
    // "Check again later" is said of the areas these failures touched, not of every area that could not be checked
    // (an answer over the cap or the query limit gives the same answer on every check).
    expect(notices[0]!.detail).toContain('Areas that could not be checked because of them are DNS failures');
    expect(notices[0]!.detail).not.toContain('Areas marked');
  });

  it('says nobody is answering only when no question got an answer', () => {
    const notices = dnsNotices([entry('a.example', 'timeout'), entry('a.example', 'timeout', 'Google')]);
    expect(notices).toMatchObject([{ kind: 'none-answering', headline: 'No DNS provider is answering.' }]);
  });

  it('names a failover when another provider answered everything', () => {
    const notices = dnsNotices([entry('a.example', 'network'), entry('a.example', 'NOERROR', 'Google')]);
    expect(notices).toMatchObject([{ kind: 'failover', headline: 'Cloudflare did not answer;' }]);
  });

  it('has nothing to say when every question was answered', () => {
    expect(dnsNotices([entry('a.example', 'NXDOMAIN')])).toEqual([]);
  });
});
