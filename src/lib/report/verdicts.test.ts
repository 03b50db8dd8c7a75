// The domain check's verdicts on the fixture domains a new user tries: every badge and sentence says what the
// facts say (issue: "every badge a postmaster can publish on"). One test per verdict.

import { describe, expect, it } from 'vitest';
import { fixtureZone } from '../../../tests/support/zones';
import { parseBimiRecord } from '../bimi/record';
import { parseDmarcRecord } from '../dmarc/parse';
import { DnsTransportError } from '../dns/errors';
import type { DohResponse, Resolver } from '../dns/types';
import { ZoneResolver } from '../dns/zone';
import { parseTlsRptRecord } from '../tlsrpt/record';
import { findingsOf, markdownText, reportToMarkdown } from './export';
import { gradeAreas } from './grade';
import { checkDomain, type AreaId, type DomainReport } from './index';
import type { AreaSummary } from './types';

const zone = fixtureZone();

async function check(
  domain: string,
  options: { selectors?: string[]; raw?: Record<string, DohResponse> } = {},
): Promise<DomainReport> {
  const zoneResolver = new ZoneResolver(zone);
  const raw = options.raw ?? {};
  const resolver: Resolver = {
    query: (name, type, signal) =>
      raw[`${name} ${type}`]
        ? Promise.resolve(raw[`${name} ${type}`]!)
        : zoneResolver.query(name, type, signal),
  };
  const r = await checkDomain(domain, resolver, {
    dkimSelectors: options.selectors ?? [],
    now: () => new Date('2026-11-23T10:00:00Z'),
  });
  if (!r.ok) throw new Error(r.error);
  return r.report;
}

const area = (r: DomainReport, id: AreaId) => r.areas.find((a) => a.id === id)!;
const codes = (r: DomainReport, id: AreaId) => findingsOf(r, id).map((f) => f.code);
const readiness = (r: DomainReport, id: string) => r.readiness.find((x) => x.id === id)!;

/** Every sentence a report shows: headlines, the grade, findings and readiness rows. */
function allText(r: DomainReport): string[] {
  return [
    r.grade.summary,
    ...r.areas.map((a) => a.headline),
    ...r.areas.flatMap((a) =>
      findingsOf(r, a.id).flatMap((f) => [f.title, f.detail, f.fix ?? '', ...(f.items ?? [])]),
    ),
    ...r.readiness.map((x) => x.detail),
  ];
}

describe('1. no grade without the facts', () => {
  it('slow.example: no letter and no score; the summary names the checks that could not run and why', async () => {
    const r = await check('slow.example');
    expect(r.grade.letter).toBeNull();
    expect(r.grade.score).toBeNull();
    expect(area(r, 'spf')).toMatchObject({ status: 'unknown', cause: 'timed out' });
    expect(area(r, 'dmarc')).toMatchObject({ status: 'unknown', cause: 'SERVFAIL' });
    expect(r.grade.summary).toMatch(/^No grade: SPF \(timed out\), DMARC \(SERVFAIL\) and DKIM \(SERVFAIL\)/);
    expect(r.grade.summary).toContain('MTA-STS (timed out) and TLS-RPT (SERVFAIL) could not be checked');
  });

  it('slow.example: readiness rows read “could not check” with the cause, never “no key”', async () => {
    const r = await check('slow.example');
    for (const id of ['spf', 'dkim', 'dmarc']) {
      expect(readiness(r, id).state).toBe('unknown');
      expect(readiness(r, id).detail).toMatch(/^Could not check \((timed out|SERVFAIL)\)/);
      expect(readiness(r, id).detail).not.toMatch(/no key|publish/i);
    }
  });

  it('keeps a provisional letter when only areas outside SPF, DMARC and DKIM could not be checked', async () => {
    const r = await check('good.example', { raw: { '_mta-sts.good.example TXT': { Status: 2 } } });
    expect(r.grade).toMatchObject({ letter: 'A', incomplete: true });
    expect(r.grade.summary).toContain(
      'Provisional: MTA-STS (SERVFAIL) and BIMI (logo and certificate not fetched) could not be checked',
    );
  });
});

describe('3. findings the analysis already knows are shown', () => {
  it('broken.example: report destinations are checked although p= is invalid', async () => {
    const r = await check('broken.example');
    expect(r.dmarc.status).toBe('invalid');
    expect(r.dmarc.destinations.map((d) => [d.domain, d.authorization])).toEqual([
      ['third-party.example', 'missing'],
    ]);
    expect(codes(r, 'dmarc')).toContain('external-unauthorized');
  });

  it('broken.example: an invalid p= with a valid rua reads as p=none (RFC 7489 §6.6.3), which meets “p=none is enough”', async () => {
    const r = await check('broken.example');
    expect(r.dmarc.parse?.ok === false && r.dmarc.parse.fallback?.p).toBe('none');
    expect(readiness(r, 'dmarc')).toMatchObject({ state: 'met' });
    expect(readiness(r, 'dmarc').detail).toBe(
      'Met as p=none: the policy tag is invalid, but rua= holds a valid address, so receivers act as if the record said p=none (RFC 7489 §6.6.3, RFC 9989 §4.10.1). The record still does not say what you meant: fix the policy tag in the DMARC panel.',
    );
    const dmarcText = [
      readiness(r, 'dmarc').detail,
      ...findingsOf(r, 'dmarc').flatMap((f) => [f.title, f.detail, f.fix ?? '']),
    ].join(' ');
    expect(dmarcText).not.toMatch(/ignore/i);
    const fallback = r.dmarc.parse?.issues.find((i) => i.code === 'policy-fallback');
    expect(fallback?.message).toContain('RFC 7489 §6.6.3');
  });

  it('an invalid p= without a valid rua: receivers apply no DMARC; other errors: not applied as written', async () => {
    const noRua = await check('dmarc-bad-p-no-rua.codes.example');
    expect(readiness(noRua, 'dmarc').detail).toMatch(
      /^A policy tag is missing or invalid and rua= holds no valid address, so receivers apply no DMARC \(RFC 7489 §6\.6\.3/,
    );
    const adkim = await check('dmarc-bad-adkim.codes.example');
    expect(adkim.dmarc.status).toBe('invalid');
    expect(readiness(adkim, 'dmarc').detail).toBe(
      'The DMARC record has errors, so receivers may not apply it as written: fix them in the DMARC panel.',
    );
  });

  it('a domain that does not exist gets one clear report, not an F', async () => {
    const r = await check('no-such-domain.example');
    expect(r.exists).toBe(false);
    expect(r.grade.letter).toBeNull();
    expect(r.grade.summary).toBe(
      'no-such-domain.example does not exist (the DNS answers NXDOMAIN): check the spelling.',
    );
    const md = reportToMarkdown(r);
    expect(md).toContain('does not exist');
    expect(md).not.toContain('## SPF');
    expect((await check('good.example')).exists).toBe(true);
    // A failing lookup is not proof of absence.
    expect((await check('slow.example')).exists).toBe(true);
  });
});

describe('5. DNS failures that still read as missing records', () => {
  it('SERVFAIL on the DS query is “could not check”, not “DNSSEC not used”', async () => {
    const r = await check('ds-servfail.example');
    expect(r.dnssec.status).toBe('error');
    expect(area(r, 'dnssec')).toMatchObject({ status: 'unknown', cause: 'SERVFAIL' });
    expect(codes(r, 'dnssec')).not.toContain('dnssec-unsigned');
  });

  it('no MX (NODATA) and SERVFAIL on the A/AAAA fallback is not a domain without mail', async () => {
    const r = await check('mx-fallback.verdicts.example');
    expect(r.mx.status).toBe('error');
    expect(area(r, 'mx')).toMatchObject({ status: 'unknown', cause: 'SERVFAIL' });
    expect(codes(r, 'mx')).not.toContain('mx-none');
  });

  it('an answer of 10,001 TXT records: SPF could not be checked, and the finding says the cap was hit', async () => {
    const r = await check('many-records.example');
    expect(area(r, 'spf')).toMatchObject({ status: 'unknown', cause: 'answer over 1,000 records' });
    expect(findingsOf(r, 'spf')[0]!.detail).toContain('held 10,001 records');
  });

  it('2,000 MX hosts: the first 10 by preference are resolved, and findings name both caps', async () => {
    const r = await check('many-mx.example');
    expect(r.mx.hosts.map((h) => h.host).slice(0, 2)).toEqual(['mx0.many-mx.example', 'mx1.many-mx.example']);
    expect(r.mx.hosts).toHaveLength(10);
    expect(codes(r, 'mx')).toEqual(expect.arrayContaining(['mx-answer-capped', 'mx-hosts-capped']));
    expect(area(r, 'mx').status).toBe('unknown');
  });

  it('an area asks a bounded number of questions: 300 named selectors hit the limit, said so', async () => {
    const selectors = Array.from({ length: 300 }, (_, i) => `sel${i}`);
    const r = await check('good.example', { selectors });
    expect(area(r, 'dkim')).toMatchObject({ status: 'unknown', cause: 'query limit reached' });
    // MTA-STS is unknown until its policy file is read (on request), BIMI until its logo is (never here); no other
    // area is touched by the limit.
    expect(
      r.areas.filter((a) => !['dkim', 'mta-sts', 'bimi'].includes(a.id)).map((a) => a.status),
    ).not.toContain('unknown');
    expect(area(r, 'mta-sts').cause).toBe('policy file not read');
  });
});

describe('6. parsers and decoding', () => {
  it('built-in property names are tags like any other (DMARC, BIMI, TLS-RPT)', () => {
    expect(parseDmarcRecord('v=DMARC1; p=none; constructor=x').ok).toBe(true);
    expect(parseDmarcRecord('v=DMARC1; p=none; valueOf=x; toString=y').ok).toBe(true);
    expect(parseBimiRecord('v=BIMI1; l=https://b.example/logo.svg; constructor=x').ok).toBe(true);
    expect(
      parseTlsRptRecord('v=TLSRPTv1; rua=mailto:t@b.example; toString=1; valueOf=2; hasOwnProperty=3').ok,
    ).toBe(true);
  });

  it('a byte-order mark is reported for DMARC, DKIM keys, MTA-STS, TLS-RPT and BIMI, not only SPF', async () => {
    const r = await check('bom.verdicts.example', { selectors: ['s1'] });
    expect(codes(r, 'spf')).toContain('spf-bom');
    expect(codes(r, 'dmarc')).toContain('dmarc-bom');
    expect(codes(r, 'dmarc')).not.toContain('dmarc-near-miss');
    expect(codes(r, 'dkim')).toContain('key-bom');
    expect(codes(r, 'mta-sts')).toContain('mtasts-bom');
    expect(codes(r, 'tls-rpt')).toContain('tlsrpt-bom');
    expect(codes(r, 'bimi')).toContain('bimi-bom');
    expect(r.dkim.selectors.find((s) => s.selector === 's1')?.verdict.label).toBe('unreadable');
    // The summary line says what the detail says, not "Not set up".
    for (const id of ['mta-sts', 'tls-rpt', 'bimi'] as const)
      expect(area(r, id).headline, id).toMatch(/byte-order mark/i);
  });

  it('a record behind a byte-order mark gets only that finding and its fix, never “no record, publish one”', async () => {
    const r = await check('bom.verdicts.example');
    const only = {
      dmarc: 'dmarc-bom',
      'mta-sts': 'mtasts-bom',
      'tls-rpt': 'tlsrpt-bom',
      bimi: 'bimi-bom',
    } as const;
    for (const [id, code] of Object.entries(only) as Array<[AreaId, string]>) {
      const findings = findingsOf(r, id).filter((f) => f.severity !== 'info');
      expect(
        findings.map((f) => [f.severity, f.code]),
        id,
      ).toEqual([['error', code]]);
      expect(findings[0]!.fix, id).toMatch(/without the invisible mark/);
      const text = findingsOf(r, id)
        .flatMap((f) => [f.title, f.detail, f.fix ?? ''])
        .join(' ');
      // Before: “No DMARC record… publish p=none; rua=…”, “No TLS-RPT record… rua=tls-reports@…”, “No MTA-STS”.
      expect(text, id).not.toMatch(/^No |\. No |p=none|tls-reports@|dmarc-reports@|Publish “v=/);
      expect(area(r, id)).toMatchObject({
        status: 'fail',
        headline: expect.stringMatching(/byte-order mark/),
      });
    }
    expect(readiness(r, 'dmarc')).toMatchObject({
      state: 'not-met',
      detail:
        'The DMARC record starts with a byte-order mark, so receivers do not read it: publish it again without the mark.',
    });
  });

  it('DKIM behind a wildcard: “no DKIM key found” in the summary and readiness, never “keys are published”', async () => {
    const r = await check('dkim-wildcard.codes.example');
    expect(area(r, 'dkim').status).toBe('warn');
    expect(readiness(r, 'dkim')).toMatchObject({
      state: 'not-met',
      detail:
        'No DKIM key found at the common selectors, and the answer at _domainkey proves nothing about others. Name your selector under Options, or paste a message header.',
    });
    expect(allText(r).join(' ')).not.toMatch(/keys are published|keys exist/);
    // Names proven below _domainkey (no wildcard) still leave the question open.
    expect(readiness(await check('dkim-other.codes.example'), 'dkim').state).toBe('unknown');
  });

  it('DKIM: _domainkey holds a record of its own (DomainKeys o=~): one answer, “Selector needed”, in the area and the readiness row', async () => {
    const r = await check('dkim-own.codes.example');
    expect(r.dkim.domainkeyNode).toBe('own-records');
    const sentence =
      'No key at the 33 selectors tried; _domainkey holds a record of its own, which says nothing about keys under other selectors. Type your selector under Options (the s= tag of a DKIM-Signature header names it), or paste a message header in Header analysis.';
    expect(readiness(r, 'dkim')).toEqual({
      id: 'dkim',
      requirement: 'DKIM key of at least 1024 bits (2048 recommended)',
      appliesTo: 'Gmail, Yahoo (bulk) · Outlook.com',
      state: 'unknown',
      label: 'Selector needed',
      detail: sentence,
    });
    // Before: the area warned “Needs attention” (dkim-not-found) while the row said the question was open.
    expect(area(r, 'dkim')).toMatchObject({ status: 'info', label: 'Selector needed', headline: sentence });
    expect(codes(r, 'dkim')).toEqual(['dkim-unknown-selector']);
    // Names below _domainkey: the same label, and the area and the row again share one sentence.
    const other = await check('dkim-other.codes.example');
    expect(readiness(other, 'dkim')).toMatchObject({ state: 'unknown', label: 'Selector needed' });
    expect(readiness(other, 'dkim').detail).toBe(area(other, 'dkim').headline);
  });

  it('DKIM: _domainkey answers but every selector lookup fails: could not check, in the summary and readiness', async () => {
    const r = await check('dkim-fail.verdicts.example');
    expect(area(r, 'dkim')).toMatchObject({
      status: 'unknown',
      headline: 'Could not be checked (SERVFAIL).',
    });
    expect(readiness(r, 'dkim')).toMatchObject({ state: 'unknown' });
    expect(readiness(r, 'dkim').detail).toMatch(/^Could not check \(SERVFAIL\)/);
    expect(r.grade.letter).toBeNull();
  });
});

describe('7. smaller wrong words', () => {
  it('the DKIM table badge is “published” only for a key receivers can use', async () => {
    const r = await check('broken.example', { selectors: ['s1', 'k1', 'default'] });
    const verdict = (s: string) => r.dkim.selectors.find((x) => x.selector === s)?.verdict;
    expect(verdict('s1')).toEqual({ label: 'too short', severity: 'error' });
    expect(verdict('k1')).toEqual({ label: 'revoked', severity: 'warning' });
    expect(verdict('default')).toEqual({ label: 'unreadable', severity: 'error' });
    const good = await check('good.example');
    expect(good.dkim.selectors.find((x) => x.selector === 'ed1')?.verdict).toEqual({
      label: 'published',
      severity: 'ok',
    });
  });

  it('the DKIM provider comes from the CNAME target; the selector name is only a hint', async () => {
    const r = await check('good.example');
    const google = r.dkim.selectors.find((s) => s.selector === 'google')!;
    expect(google).toMatchObject({ provider: 'mailer.example', providerHint: null });
    const selector1 = r.dkim.selectors.find((s) => s.selector === 'selector1')!;
    expect(selector1).toMatchObject({ provider: null, providerHint: 'Microsoft 365' });
  });

  it('an MX address whose confirmed PTR names another host says so', async () => {
    const r = await check('ptr-other.verdicts.example');
    expect(r.mx.hosts[0]!.addresses[0]).toMatchObject({ fcrdns: true, ptrNamesHost: false });
    expect(codes(r, 'mx')).toContain('mx-ptr-other-name');
    const good = await check('good.example');
    expect(good.mx.hosts[0]!.addresses[0]).toMatchObject({ fcrdns: true, ptrNamesHost: true });
  });

  it('an MX host without reverse DNS is a note when it only receives, a warning when SPF says it also sends', async () => {
    const slow = await check('slow.example');
    const noPtr = findingsOf(slow, 'mx').find((f) => f.code === 'mx-no-ptr')!;
    expect(noPtr.severity).toBe('info');
    // slow.example's SPF timed out: whether the host sends is not known, and the note says so.
    expect(noPtr.detail).toBe(
      'Receiving mail needs no reverse DNS; it matters only if this server also sends mail, and whether SPF lists it as a sender is not known (SPF could not be checked).',
    );
    const plain = await check('codes.example');
    expect(findingsOf(plain, 'mx').find((f) => f.code === 'mx-no-ptr')?.detail).toContain(
      'this domain’s SPF does not list it as a sender',
    );
    expect(area(slow, 'mx')).toMatchObject({ status: 'pass', headline: '1 host.' });
    // broken.example's SPF a:mail.broken.example authorizes 192.0.2.81, the address of its MX alias.broken.example.
    const broken = await check('broken.example');
    expect(findingsOf(broken, 'mx').find((f) => f.code === 'mx-no-ptr')).toMatchObject({
      severity: 'warning',
      detail:
        'This host also sends: SPF authorizes 192.0.2.81 (a:mail.broken.example in broken.example), and many receivers distrust mail from a server without confirmed reverse DNS.',
    });
  });

  it('an amber summary says why: bench.example’s DKIM names the 1024-bit key', async () => {
    expect(area(await check('bench.example'), 'dkim')).toMatchObject({
      status: 'warn',
      headline:
        '4 keys found (google, selector1, selector2, s1) among 33 selectors tried. RSA key of 1024 bits at selector2.',
    });
  });

  it('no sentence ends in two full stops (“SERVFAIL)..”), whatever the failure', async () => {
    const domains = ['slow.example', 'broken.example', 'ds-servfail.example', 'mx-fallback.verdicts.example'];
    for (const d of domains) {
      for (const text of allText(await check(d))) expect(text, d).not.toMatch(/[^.]\.\.(?!\.)|\)\.\./);
    }
  });

  it('an IDN is shown as Unicode and punycode once in the title, and as punycode in every finding', async () => {
    const r = await check('bücher.example');
    expect(r.domain).toBe('xn--bcher-kva.example');
    expect(r.display).toBe('bücher.example (xn--bcher-kva.example)');
    expect(allText(r).filter((t) => t.includes('bücher'))).toEqual([]);
    expect(reportToMarkdown(r).split('\n')[0]).toBe(
      '# Email authentication report: bücher.example (xn--bcher-kva.example)',
    );
  });

  it('Markdown reads as plain text: no \\( \\_ \\+ outside tables, while markup from DNS stays inert', async () => {
    const md = reportToMarkdown(await check('broken.example'));
    const prose = md.split('\n').filter((l) => !l.startsWith('|'));
    expect(prose.filter((l) => /\\[(_+)]/.test(l))).toEqual([]);
    expect(md).toContain('“+all” would authorize every server');
    expect(md).toContain('_dmarc.broken.example');
    // Emphasis needs a closing run: those are escaped, so nothing renders as markup.
    expect(markdownText('*bold* [link](https://x.example) <b>tag</b> `code` &amp;')).toBe(
      '*bold\\* \\[link](https://x.example) \\<b>tag\\</b> \\`code\\` \\&amp;',
    );
    expect(markdownText('snake_case _dmarc a_b_ __init__ ~~gone~~')).toBe(
      'snake_case _dmarc a_b\\_ __init\\_\\_ ~~gone\\~\\~',
    );
    expect(markdownText('# not a heading')).toBe('\\# not a heading');
  });
});

const RETRY = 'These are DNS failures, not missing records: check again later.';
const OPERATOR = 'only its DNS operator can fix it';

describe('8. the DNS fault fixtures: each cause says whether it lasts (set where the failure is made)', () => {
  const cases: Array<{ domain: string; id: AreaId; cause: string; lasting: boolean; selectors?: string[] }> =
    [
      { domain: 'slow.example', id: 'spf', cause: 'timed out', lasting: false },
      { domain: 'slow.example', id: 'dmarc', cause: 'SERVFAIL', lasting: false },
      { domain: 'ds-servfail.example', id: 'dnssec', cause: 'SERVFAIL', lasting: false },
      { domain: 'mx-fallback.verdicts.example', id: 'mx', cause: 'SERVFAIL', lasting: false },
      { domain: 'many-records.example', id: 'spf', cause: 'answer over 1,000 records', lasting: true },
      { domain: 'many-mx.example', id: 'mx', cause: 'answer over 1,000 records', lasting: true },
      {
        domain: 'good.example',
        id: 'dkim',
        cause: 'query limit reached',
        lasting: true,
        selectors: Array.from({ length: 300 }, (_, i) => `sel${i}`),
      },
    ];
  for (const c of cases)
    it(`${c.domain} ${c.id}: ${c.cause} is ${c.lasting ? 'lasting' : 'transient'}`, async () => {
      const r = await check(c.domain, c.selectors ? { selectors: c.selectors } : {});
      expect(area(r, c.id)).toMatchObject({ status: 'unknown', cause: c.cause, lasting: c.lasting });
      // The finding that names the cause says the same: retry for a transient cause, the operator for a lasting one.
      const f = findingsOf(r, c.id).find((x) => x.cause === c.cause)!;
      expect(f.lasting === true).toBe(c.lasting);
      if (f.code.endsWith('dns-error')) expect(f.detail.includes('try again later')).toBe(!c.lasting);
    });
});

describe('9. the no-grade summary is worded from that flag, never from the words', () => {
  it('many-records.example: the answer cap is not something a retry fixes; the DNS operator is named', async () => {
    const r = await check('many-records.example');
    expect(r.grade.letter).toBeNull();
    expect(r.grade.summary).toMatch(/^No grade: SPF \(answer over 1,000 records\) could not be checked/);
    expect(r.grade.summary).not.toContain('check again later');
    expect(r.grade.summary).not.toContain('DNS failures');
    expect(r.grade.summary).toContain('Checking again gives the same answer');
    expect(r.grade.summary).toContain(OPERATOR);
    // The SPF finding's advice agrees: no "check again in a few minutes".
    const spf = findingsOf(r, 'spf').find((f) => f.code === 'spf-dns-error')!;
    expect(spf.fix).not.toMatch(/check again/i);
    expect(spf.fix).toContain('DNS operator of many-records.example');
  });

  it('the query limit met with selectors the person named is theirs to act on: check fewer at once', async () => {
    const r = await check('good.example', { selectors: Array.from({ length: 300 }, (_, i) => `sel${i}`) });
    expect(r.grade.summary).toMatch(/^No grade: DKIM \(query limit reached\) could not be checked/);
    expect(r.grade.summary).toContain(
      'Check fewer selectors at once: the 300 you named, with the 33 common ones, need more DNS questions than the 250 this tool asks for one area.',
    );
    expect(r.grade.summary).not.toContain(OPERATOR);
    expect(r.grade.summary).not.toContain('check again later');
    expect(area(r, 'dkim')).toMatchObject({ lasting: true, advice: expect.stringMatching(/^check fewer/) });
    const f = findingsOf(r, 'dkim').find((x) => x.cause === 'query limit reached')!;
    expect(f.detail).toContain('the 300 selectors you named, with the 33 common ones');
    expect(f.detail).not.toMatch(/DNS operator can fix/);
    expect(f.fix).toBe(
      'Check fewer selectors at once: up to 216 beside the common ones in one check, the rest in another.',
    );
  });

  it('a person’s cause beside the operator’s and a retry: each area gets its own advice', () => {
    const summary = (id: AreaId, title: string, lasting: boolean, advice?: string): AreaSummary => ({
      id,
      title,
      status: 'unknown',
      headline: '',
      cause: 'x',
      lasting,
      ...(advice ? { advice } : {}),
    });
    const g = gradeAreas([
      summary('dkim', 'DKIM', true, 'check fewer selectors at once.'),
      summary('spf', 'SPF', true),
      summary('dmarc', 'DMARC', false),
    ]);
    expect(g.summary).toContain(
      'For DKIM, check fewer selectors at once. For SPF, checking again gives the same answer',
    );
    expect(g.summary).toMatch(
      /For DMARC, the lookups failed \(a DNS failure, not a missing record\): check again later\.$/,
    );
  });

  it('slow.example: timeouts and SERVFAIL keep “check again later”', async () => {
    const r = await check('slow.example');
    expect(r.grade.summary.endsWith(RETRY)).toBe(true);
    expect(r.grade.summary).not.toContain(OPERATOR);
  });

  it('a lasting and a transient cause together: each area gets its own advice', async () => {
    const r = await check('many-records.example', {
      raw: { '_dmarc.many-records.example TXT': { Status: 2 } },
    });
    expect(area(r, 'dmarc')).toMatchObject({ cause: 'SERVFAIL', lasting: false });
    expect(r.grade.summary).toContain(`For SPF, checking again gives the same answer`);
    expect(r.grade.summary).toMatch(
      /For DMARC, the lookups failed \(a DNS failure, not a missing record\): check again later\.$/,
    );
  });

  it('the user’s own DNS provider down: every area says so once, and no finding blames the domain’s DNS host', async () => {
    const dead: Resolver = {
      query: () => Promise.reject(new DnsTransportError('network', 'could not connect (Failed to fetch)')),
    };
    const result = await checkDomain('good.example', dead, { now: () => new Date('2026-11-23T10:00:00Z') });
    if (!result.ok) throw new Error(result.error);
    const r = result.report;
    expect(r.areas.every((a) => a.status === 'unknown' && a.advice !== undefined)).toBe(true);
    expect(r.grade.summary).toMatch(
      /could not be checked either\. Your DNS provider \(Settings\) did not answer, so this says nothing about the domain: check the DNS settings or your connection, then check again\.$/,
    );
    const text = allText(r).join('\n');
    expect(text).not.toContain('ask the DNS host');
    expect(text).not.toContain('receivers meeting it return temperror');
    expect(text).not.toContain('try again later');
    expect(findingsOf(r, 'spf')[0]!.detail).toBe(
      'Could not look up good.example: could not connect (Failed to fetch). Your DNS provider (Settings) did not answer, so this says nothing about good.example.',
    );
  });

  it('is read from the flag, not from the words of the cause', () => {
    const summary = (cause: string, lasting: boolean): AreaSummary => ({
      id: 'spf',
      title: 'SPF',
      status: 'unknown',
      headline: '',
      cause,
      lasting,
    });
    // The same words, the other flag: the advice follows the flag.
    expect(gradeAreas([summary('answer over 1,000 records', false)]).summary.endsWith(RETRY)).toBe(true);
    expect(gradeAreas([summary('timed out', true)]).summary).toContain(OPERATOR);
  });
});
