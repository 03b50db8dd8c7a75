import { describe, expect, it } from 'vitest';
import type { Resolver } from '../dns/types';
import { ZoneResolver } from '../dns/zone';
import { fixtureZone } from '../../../tests/support/zones';
import { checkDraft, diffFindings, spfTermCosts, type DraftAnalysis, type DraftKind } from './draft-check';
import { generateSpf } from './spf';

const zone = new ZoneResolver(fixtureZone());

/** Check `text` as the draft record of `kind`; the draft's analysis comes back narrowed to that kind. */
async function checked<K extends DraftKind>(kind: K, domain: string, text: string) {
  const result = await checkDraft(kind, domain, text, zone);
  const draft = result.draft;
  if (draft.kind !== kind) throw new Error('kind');
  return { result, draft: draft as Extract<DraftAnalysis, { kind: K }> };
}

describe('checkDraft', () => {
  it('SPF: presets over the limit show every include’s cost and the error the domain check gives', async () => {
    const draft = generateSpf({
      terms: [
        '_spf.google.com',
        'spf.protection.outlook.com',
        'servers.mcsv.net',
        'mailgun.org',
        'zoho.com',
        '_spf.salesforce.com',
      ].map((value) => ({ qualifier: '+', mechanism: 'include', value })),
      all: '-',
      redirect: null,
      exp: null,
    });
    const result = await checkDraft('spf', 'good.example', draft, zone);
    if (result.draft.kind !== 'spf' || result.live.kind !== 'spf') throw new Error('kind');
    expect(result.live.analysis.lookups.rfc).toBe(2);
    expect(result.draft.analysis.lookups.rfc).toBe(15);
    expect(spfTermCosts(result.draft.analysis).map((c) => [c.term, c.cost, c.runningTotal])).toEqual([
      ['include:_spf.google.com', 4, 4],
      ['include:spf.protection.outlook.com', 1, 5],
      ['include:servers.mcsv.net', 1, 6],
      ['include:mailgun.org', 3, 9],
      ['include:zoho.com', 4, 13],
      ['include:_spf.salesforce.com', 2, 15],
    ]);
    expect(result.introduced.map((f) => f.code)).toContain('too-many-lookups');
    expect(result.resolved).toEqual([]);
  });

  it('DMARC: an external rua without authorization is introduced; fixing p=none resolves the monitoring warning', async () => {
    const { result, draft } = await checked(
      'dmarc',
      'deep-spf.example',
      'v=DMARC1; p=reject; rua=mailto:dmarc@deep-spf.example,mailto:agg@unauthorized-reports.example;',
    );
    const dest = draft.analysis.destinations.find((d) => d.domain === 'unauthorized-reports.example');
    expect(dest).toMatchObject({
      external: true,
      authorization: 'missing',
      authorizationName: 'deep-spf.example._report._dmarc.unauthorized-reports.example',
    });
    expect(result.introduced.some((f) => /authoriz/i.test(f.title + f.detail))).toBe(true);
    expect(result.resolved.length).toBeGreaterThan(0);
  });

  it('a DNS failure in the live check reads as "could not check" on both sides, never as missing', async () => {
    const { draft } = await checked('tls-rpt', 'slow.example', 'v=TLSRPTv1; rua=mailto:tls@slow.example');
    expect(draft.analysis.status).toBe('found');
  });
});

describe('diffFindings', () => {
  it('keys findings by rule, wording and place, ignoring ok findings', () => {
    const a = { severity: 'warning' as const, code: 'x', title: 'X', detail: '' };
    const b = { severity: 'error' as const, code: 'y', title: 'Y', detail: '' };
    const ok = { severity: 'ok' as const, code: 'z', title: 'Z', detail: '' };
    expect(diffFindings([a, ok], [b, ok])).toEqual({ resolved: [a], introduced: [b], unchanged: [] });
    expect(diffFindings([a], [a])).toEqual({ resolved: [], introduced: [], unchanged: [a] });
  });
});

describe('checkDraft: the MTA-STS draft policy against the live MX hosts', () => {
  it('bench.example (mx1, mx2) with only mx1 in an enforce policy: mx2 is new with the draft, on the mx field', async () => {
    const policy = 'version: STSv1\nmode: enforce\nmx: mx1.bench.example\nmax_age: 604800\n';
    const result = await checkDraft('mta-sts', 'bench.example', 'v=STSv1; id=2026120601;', zone, { policy });
    expect(result.introduced.map((f) => [f.code, f.severity, f.term])).toContainEqual([
      'mtasts-mx-uncovered',
      'error',
      'mx',
    ]);
    expect(result.introduced.find((f) => f.code === 'mtasts-mx-uncovered')?.title).toMatch(
      /^MX mx2\.bench\.example /,
    );
    const both = await checkDraft('mta-sts', 'bench.example', 'v=STSv1; id=2026120601;', zone, {
      policy: policy.replace('mx: mx1.bench.example', 'mx: mx1.bench.example\nmx: mx2.bench.example'),
    });
    expect(both.draft.analysis.findings.map((f) => f.code)).not.toContain('mtasts-mx-uncovered');
  });
});

describe('checkDraft: DMARC asks each question once, and only what its verdict needs', () => {
  /** The zone behind a resolver that records every question it is asked. */
  function counting() {
    const asked: string[] = [];
    const resolver: Resolver = {
      query: (name, type, signal) => {
        asked.push(`${name.toLowerCase()} ${type}`);
        return zone.query(name, type, signal);
      },
    };
    return { asked, resolver };
  }
  const twice = (asked: readonly string[]) => asked.filter((q, i) => asked.indexOf(q) !== i);

  it('an enforcing draft on a domain without _domainkey: no selector is asked (RFC 8020), no question twice', async () => {
    const { asked, resolver } = counting();
    const result = await checkDraft(
      'dmarc',
      'deep-spf.example',
      'v=DMARC1; p=reject; rua=mailto:dmarc@reports.example;',
      resolver,
    );
    // Before: 68 questions (6 asked twice, 33 selectors below an NXDOMAIN _domainkey and its wildcard probe).
    expect(asked).toHaveLength(28);
    expect(twice(asked)).toEqual([]);
    expect(asked.filter((q) => q.includes('_domainkey'))).toEqual(['_domainkey.deep-spf.example TXT']);
    // The verdict is the same: the cautions still see SPF and the missing DKIM.
    expect(result.introduced.map((f) => f.code)).toContain('enforce-no-dkim');
    expect(result.introduced.find((f) => f.code === 'enforce-no-dkim')?.title).toMatch(
      /^No DKIM key is published/,
    );
  });

  it('p=none drafted over p=none: the cautions are empty either way, so SPF and DKIM are not asked', async () => {
    const { asked, resolver } = counting();
    const result = await checkDraft(
      'dmarc',
      'deep-spf.example',
      'v=DMARC1; p=none; rua=mailto:dmarc@deep-spf.example',
      resolver,
    );
    // Before: 67 (SPF and DKIM asked for cautions that p=none never has).
    expect(asked).toHaveLength(4);
    expect(twice(asked)).toEqual([]);
    expect(asked.some((q) => q.includes('_domainkey') || q.includes('_spf'))).toBe(false);
    expect(result.introduced.map((f) => f.code)).not.toContain('enforce-no-dkim');
  });

  it('p=none drafted over a live p=reject still weighs the live cautions: every selector asked, each once', async () => {
    const { asked, resolver } = counting();
    await checkDraft('dmarc', 'good.example', 'v=DMARC1; p=none; rua=mailto:dmarc@good.example', resolver);
    // Before: 51 (the live and the draft side asked _dmarc, the apex TXT and MX again).
    expect(asked).toHaveLength(44);
    expect(twice(asked)).toEqual([]);
  });
});
