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
  /** The draft checked over the zone, with every question the resolver was asked. */
  async function counted(domain: string, text: string) {
    const asked: string[] = [];
    const resolver: Resolver = {
      query: (name, type, signal) => {
        asked.push(`${name.toLowerCase()} ${type}`);
        return zone.query(name, type, signal);
      },
    };
    const result = await checkDraft('dmarc', domain, text, resolver);
    return { asked, result, twice: asked.filter((q, i) => asked.indexOf(q) !== i) };
  }

  it.each([
    // Before: 68 (6 asked twice; 33 selectors and the wildcard probe below an NXDOMAIN _domainkey).
    ['deep-spf.example', 'v=DMARC1; p=reject; rua=mailto:dmarc@reports.example;', 28],
    // Before: 67 (SPF and DKIM asked for cautions that p=none never has, on either side).
    ['deep-spf.example', 'v=DMARC1; p=none; rua=mailto:dmarc@deep-spf.example', 4],
    // Before: 51 (the live p=reject still needs SPF and every selector; the two sides asked 7 questions again).
    ['good.example', 'v=DMARC1; p=none; rua=mailto:dmarc@good.example', 44],
  ])('%s with “%s”: %i questions, none twice', async (domain, text, count) => {
    const { asked, twice } = await counted(domain, text);
    expect(twice).toEqual([]);
    expect(asked).toHaveLength(count);
  });

  it('no selector below an NXDOMAIN _domainkey (RFC 8020), and the cautions are the same', async () => {
    const enforcing = await counted(
      'deep-spf.example',
      'v=DMARC1; p=reject; rua=mailto:dmarc@reports.example;',
    );
    expect(enforcing.asked.filter((q) => q.includes('_domainkey'))).toEqual([
      '_domainkey.deep-spf.example TXT',
    ]);
    const titles = enforcing.result.introduced.map((f) => f.title);
    expect(titles).toContainEqual(expect.stringMatching(/^No DKIM key is published for deep-spf\.example/));
    expect(titles).toContainEqual(expect.stringMatching(/^Your SPF returns permerror/));
    const monitoring = await counted(
      'deep-spf.example',
      'v=DMARC1; p=none; rua=mailto:dmarc@deep-spf.example',
    );
    expect(monitoring.asked.some((q) => q.includes('_domainkey') || q.includes('_spf'))).toBe(false);
    expect(monitoring.result.introduced.map((f) => f.code)).not.toContain('enforce-no-dkim');
  });
});
