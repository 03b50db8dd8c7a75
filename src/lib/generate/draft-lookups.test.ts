import { describe, expect, it } from 'vitest';
import { fixtureZone } from '../../../tests/support/zones';
import { ZoneResolver, type Resolver } from '../dns';
import { checkDraft, type DraftKind } from './draft-check';
import { isLookupFailure, resolvedByDraft, unreadLiveRecord, unreadToday } from './draft-lookups';
import { draftValidity } from './draft-validity';

const zone = new ZoneResolver(fixtureZone());
/** A DoH provider that is down: every question fails, none is "no record". */
const deadDoh: Resolver = { query: () => Promise.reject(new TypeError('Failed to fetch')) };

/** slow.example answers SERVFAIL or times out for every record a generator drafts (tests/fixtures/zones). */
const SLOW: Array<[DraftKind, string, string, RegExp]> = [
  ['dmarc', 'v=DMARC1; p=none;', '_dmarc.slow.example', /p=reject/],
  ['spf', 'v=spf1 -all', 'slow.example', /servers this draft leaves out/],
  ['tls-rpt', 'v=TLSRPTv1; rua=mailto:tls@slow.example;', '_smtp._tls.slow.example', /reports/],
];

describe('a draft check whose lookups failed (lib/generate/draft-lookups)', () => {
  it.each(SLOW)(
    '%s on slow.example: today’s record is unread, nothing is "resolved", the verdict is could not check',
    async (kind, text, name, risk) => {
      const check = await checkDraft(kind, 'slow.example', text, zone);
      // Before: the failed live lookup was listed as "Resolved by this draft".
      expect(check.resolved.some(isLookupFailure)).toBe(true);
      expect(resolvedByDraft(check)).toEqual([]);
      const unread = unreadLiveRecord(check);
      expect(unread).toMatchObject({ kind, name });
      expect(unread?.cause).toMatch(/SERVFAIL|timed out/);
      expect(unreadToday(unread!)).toMatch(
        new RegExp(`^Published today: not known\\. ${name.replace(/\./g, '\\.')} could not be read \\(`),
      );

      const v = draftValidity({ issues: [], check });
      expect(v.state).toBe('unchecked');
      expect(v.badge).toBe('Could not check');
      expect(v.badge).not.toMatch(/✓/);
      expect(v.headline).toBe(
        `The syntax is valid, but it could not be checked against DNS: ${name} could not be read (${unread!.cause}).`,
      );
      expect(v.headline).not.toMatch(/checked against DNS\.$/);
      expect(v.resolved).toEqual([]);
      expect(v.unread).toEqual(unread);
      const warning = v.issues.find((i) => i.code === 'live-record-unread');
      expect(warning).toMatchObject({ severity: 'warning' });
      expect(warning?.message).toMatch(risk);
      expect(warning?.fix).toMatch(/do not overwrite it blindly/);
    },
  );

  it('MTA-STS on slow.example: the TXT lookup timed out, so today’s record is unread and nothing is resolved', async () => {
    const check = await checkDraft('mta-sts', 'slow.example', 'v=STSv1; id=2026071501;', zone);
    expect(unreadLiveRecord(check)).toMatchObject({ name: '_mta-sts.slow.example', cause: 'timed out' });
    expect(resolvedByDraft(check)).toEqual([]);
    // mta-sts.slow.example does not exist (NXDOMAIN, an answer): that the draft would fail is proven, and says so.
    expect(draftValidity({ issues: [], check })).toMatchObject({ state: 'fails', resolved: [] });
  });

  it('SPF with the DoH provider down: could not check, never "✓ Valid … checked against DNS"', async () => {
    const check = await checkDraft('spf', 'good.example', 'v=spf1 -all', deadDoh);
    const v = draftValidity({ issues: [], check });
    expect(v).toMatchObject({ state: 'unchecked', badge: 'Could not check', resolved: [] });
    expect(v.unread?.cause).toBe('DNS provider unreachable');
  });

  it('a record that was read (or is absent) is not unread, and what the draft fixes stays resolved', async () => {
    const read = await checkDraft('dmarc', 'good.example', 'v=DMARC1; p=reject;', zone);
    expect(unreadLiveRecord(read)).toBeNull();
    const absent = await checkDraft('spf', 'broken.example', 'v=spf1 mx -all', zone);
    expect(unreadLiveRecord(absent)).toBeNull();
    expect(resolvedByDraft(absent).length).toBeGreaterThan(0);
    expect(draftValidity({ issues: [], check: absent }).unread).toBeNull();
  });

  it('DKIM: a selector whose lookup failed makes the key could-not-check, the warning on the selector', () => {
    const v = draftValidity({
      issues: [],
      check: null,
      unread: { kind: 'dkim', name: 's202607._domainkey.slow.example', cause: 'SERVFAIL' },
    });
    expect(v).toMatchObject({ state: 'unchecked', badge: 'Could not check' });
    expect(v.issues).toEqual([
      expect.objectContaining({ code: 'live-record-unread', tag: 'selector', severity: 'warning' }),
    ]);
  });
});
