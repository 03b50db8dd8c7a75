import { describe, expect, it } from 'vitest';
import { fixtureZone } from '../../../tests/support/zones';
import { parseBimiRecord } from '../bimi/record';
import { parseDmarcRecord } from '../dmarc/parse';
import { ZoneResolver } from '../dns';
import { lintSpfRecord, parseSpf } from '../spf';
import { parseMtaStsTxt } from '../mtasts/record';
import type { Issue } from '../findings/issue';
import { selectorInUse } from './dkim-publish';
import { checkDraft, type DraftKind } from './draft-check';
import { bimiNotes, dmarcNotes } from './draft-notes';
import { draftValidity } from './draft-validity';
import { spfFieldIssues, spfOptionsFromRecord } from './spf';

const resolver = new ZoneResolver(fixtureZone());

function spfIssues(text: string) {
  const parse = parseSpf(text);
  return parse.ok ? [...parse.issues, ...lintSpfRecord(parse.record)] : parse.issues;
}

async function judge(kind: DraftKind, domain: string, text: string, issues: readonly Issue[]) {
  return draftValidity({ issues, check: await checkDraft(kind, domain, text, resolver) });
}

const SIXTEEN =
  'v=spf1 mx include:_spf.google.com include:spf.protection.outlook.com include:servers.mcsv.net include:mailgun.org include:zoho.com include:_spf.salesforce.com -all';

describe('draft validity: a record is valid only when it works', () => {
  it('an SPF draft over the lookup limit would fail: not "✓ Valid", not publishable', async () => {
    const v = await judge('spf', 'good.example', SIXTEEN, spfIssues(SIXTEEN));
    expect(v.state).toBe('fails');
    expect(v.publishable).toBe(false);
    expect(v.badge).not.toMatch(/✓/);
    expect(v.issues[0]).toMatchObject({ severity: 'error', message: '16 DNS lookups: over the limit of 10' });
  });

  it('an include that does not exist would fail, and the issue names the term so the row is marked', async () => {
    const text = 'v=spf1 include:missing.broken.example -all';
    const v = await judge('spf', 'good.example', text, spfIssues(text));
    expect(v.state).toBe('fails');
    expect(v.publishable).toBe(false);
    const { terms: rows } = spfFieldIssues(
      {
        terms: [{ qualifier: '+', mechanism: 'include', value: 'missing.broken.example' }],
        all: '-',
        redirect: null,
        exp: null,
      },
      v.issues,
    );
    expect(rows[0]!.map((i) => i.message)).toEqual([
      '“include:missing.broken.example” points to a domain that does not exist',
    ]);
  });

  it('SPF issues land on their field: a term, redirect=, exp= or the all', () => {
    const o = {
      terms: [{ qualifier: '+' as const, mechanism: 'mx' as const, value: '' }],
      all: '+' as const,
      redirect: 'x..example',
      exp: null,
    };
    const fields = spfFieldIssues(o, spfIssues('v=spf1 mx redirect=x..example +all'));
    expect(fields.terms).toEqual([[]]);
    expect(fields.redirect.length).toBeGreaterThan(0);
    expect(fields.all.map((i) => i.severity)).toContain('error');
  });

  it('a draft with syntax errors is invalid and resolves nothing, though the live record had problems', async () => {
    const text = 'v=spf1 ip4:192.0.2.300 -all';
    const check = await checkDraft('spf', 'broken.example', text, resolver);
    expect(check.resolved.length).toBeGreaterThan(0);
    const v = draftValidity({ issues: spfIssues(text), check });
    expect(v.state).toBe('invalid');
    expect(v.resolved).toEqual([]);
    // The parser's message, not the live check's "Syntax error in …" repeating it.
    expect(v.issues.map((i) => i.code)).toEqual(['bad-network']);
  });

  it('MTA-STS with a bad id and an invalid BIMI record are invalid and resolve nothing', async () => {
    const sts = 'v=STSv1; id=bad id!;';
    expect((await judge('mta-sts', 'broken.example', sts, parseMtaStsTxt(sts).issues)).state).toBe('invalid');
    const bimi = 'v=BIMI1; l=http://x.example/logo.svg; a=;';
    const v = await judge('bimi', 'broken.example', bimi, parseBimiRecord(bimi).issues);
    expect(v).toMatchObject({ state: 'invalid', publishable: false, resolved: [] });
  });

  it('the default DMARC p=none without rua says it collects nothing', async () => {
    const text = 'v=DMARC1; p=none;';
    const issues = [...parseDmarcRecord(text).issues, ...dmarcNotes({ p: 'none', rua: [], ruf: [] })];
    const v = await judge('dmarc', 'good.example', text, issues);
    expect(v.state).toBe('warnings');
    expect(v.headline).not.toMatch(/No problems/);
    expect(v.issues).toEqual([expect.objectContaining({ code: 'dmarc-collects-nothing', tag: 'rua' })]);
    expect(dmarcNotes({ p: 'none', rua: ['mailto:d@good.example'], ruf: [] })).toEqual([]);
  });

  it('without a check, valid syntax is "not checked yet", never "No problems"', () => {
    const v = draftValidity({ issues: [], check: null, pending: 'no-domain' });
    expect(v).toMatchObject({ state: 'unchecked', publishable: true });
    expect(v.headline).toMatch(/Type your domain/);
    expect(draftValidity({ issues: [], check: null }).headline).toBe('No problems.');
  });

  it('an include that could not be checked (timeout) is "partly checked", not valid and not failing', async () => {
    const text = 'v=spf1 include:slow.example -all';
    const v = await judge('spf', 'good.example', text, spfIssues(text));
    expect(v).toMatchObject({ state: 'unchecked', badge: 'Partly checked', publishable: true });
    expect(v.issues[0]?.message).toMatch(/^Could not check: /);
  });

  it('MTA-STS checked in full from the browser is valid, naming what a browser cannot check (not “Partly checked”)', async () => {
    const policy =
      'version: STSv1\nmode: enforce\nmx: mx1.good.example\nmx: mx2.good.example\nmax_age: 604800\n';
    const txt = 'v=STSv1; id=2026120601;';
    const check = await checkDraft('mta-sts', 'good.example', txt, resolver, { policy });
    // Before: the domain check's “Policy file not yet checked” (unknown) made every such draft “Partly checked”.
    const codes = [...check.live.analysis.findings, ...check.draft.analysis.findings].map((f) => f.code);
    expect(codes).not.toContain('mtasts-policy-unverified');
    const v = draftValidity({ issues: parseMtaStsTxt(txt).issues, check });
    expect(v).toMatchObject({
      state: 'valid',
      badge: '✓ Valid',
      publishable: true,
      headline: 'No problems, checked against DNS as far as a browser can.',
    });
    expect(v.beyondBrowser).toEqual([
      expect.stringMatching(
        /^that https:\/\/mta-sts\.good\.example\/\.well-known\/mta-sts\.txt serves this policy file with a valid certificate for mta-sts\.good\.example, as text\/plain and without redirects \(RFC 8461 §3\.3\)/,
      ),
      expect.stringMatching(
        /^that each MX host offers STARTTLS with a certificate valid for its name \(RFC 8461 §4\.1\)/,
      ),
    ]);
    // A check that did not reach DNS still says so: the MX hosts could not be read.
    const slow = await checkDraft('mta-sts', 'slow.example', txt, resolver, { policy });
    expect(draftValidity({ issues: [], check: slow }).state).not.toBe('valid');
    // Without the policy file (the domain check's view), the file is still “not yet checked”.
    const bare = await checkDraft('mta-sts', 'good.example', txt, resolver);
    expect(bare.beyondBrowser).toEqual([]);
    expect(bare.draft.analysis.findings.map((f) => f.code)).toContain('mtasts-policy-unverified');
  });

  it('a working draft is valid, checked against DNS', async () => {
    const text = 'v=spf1 mx -all';
    const v = await judge('spf', 'good.example', text, spfIssues(text));
    expect(v).toMatchObject({
      state: 'valid',
      publishable: true,
      headline: 'No problems, checked against DNS.',
    });
  });
});

describe('generator inputs', () => {
  it('SPF import of two records pasted together says what it dropped and why', () => {
    const r = spfOptionsFromRecord('v=spf1 mx -all v=spf1 a -all');
    expect(r.ok && r.notes).toEqual([
      '“v=spf1 a -all” is a second SPF record pasted after the first and was left out: a domain publishes one, so add the terms you need to this one.',
    ]);
    const after = spfOptionsFromRecord('v=spf1 a -all mx');
    expect(after.ok && after.notes).toEqual([
      '“mx” comes after “all”, so receivers never read it; it was left out.',
    ]);
  });

  it('the fix for an invalid DMARC p= follows the rollout guide: p=none with rua first', () => {
    const bad = parseDmarcRecord('v=DMARC1; p=bogus;').issues.find((i) => i.code === 'bad-p');
    expect(bad?.fix).toMatch(/^Write p=none with a rua= report address/);
  });

  it('BIMI: an empty a= beside a logo is a warning on the a field', () => {
    expect(bimiNotes({ logo: 'https://e.example/l.svg', authority: '' })).toEqual([
      expect.objectContaining({
        severity: 'warning',
        tag: 'a',
        message: expect.stringMatching(/^a= is empty/),
      }),
    ]);
    expect(parseBimiRecord('v=BIMI1; l=https://e.example/logo.png; a=;').issues).toEqual([
      expect.objectContaining({ code: 'logo-not-svg', tag: 'l' }),
    ]);
  });

  it('DKIM: a selector with a published key is in use; a free one is not', async () => {
    expect(await selectorInUse(resolver, 'good.example', 'selector1')).toEqual({
      state: 'in-use',
      name: 'selector1._domainkey.good.example',
    });
    expect((await selectorInUse(resolver, 'good.example', 's202607')).state).toBe('free');
    expect((await selectorInUse(resolver, 'slow.example', 's1')).state).toBe('error');
  });
});

describe('draft validity agrees with the draft check (review 2, item 9)', () => {
  const text = 'v=DMARC1; p=reject; rua=mailto:dmarc@reports.example;';

  it('a warning the draft check lists is in the verdict: never "No problems" above it', async () => {
    const check = await checkDraft('dmarc', 'deep-spf.example', text, resolver);
    const v = draftValidity({ issues: parseDmarcRecord(text).issues, check });
    expect(check.introduced.map((f) => f.code)).toContain('external-unauthorized');
    expect(v.state).toBe('warnings');
    expect(v.headline).toBe('Valid, checked against DNS; read the warnings below.');
    expect(v.issues.map((i) => i.message)).toContain(
      'reports.example has not authorized reports for deep-spf.example',
    );
    // Every warning of the draft's analysis is an issue of the verdict.
    const warned = check.draft.analysis.findings.filter((f) => f.severity === 'warning').map((f) => f.title);
    expect(v.issues.map((i) => i.message)).toEqual(expect.arrayContaining(warned));
  });

  it('p=reject over SPF that permerrors and no DKIM cautions the owner that its own mail would fail', async () => {
    const check = await checkDraft('dmarc', 'deep-spf.example', text, resolver);
    const v = draftValidity({ issues: parseDmarcRecord(text).issues, check });
    expect(v.issues.map((i) => i.message)).toEqual(
      expect.arrayContaining([
        'Your SPF returns permerror: under p=reject, your own mail that is not DKIM-signed for deep-spf.example would fail DMARC and be refused',
        expect.stringMatching(
          /^No DKIM key (is published|was found at the common selectors) for deep-spf\.example: under p=reject, your own mail would pass DMARC only through SPF, and forwarded mail would be refused$/,
        ),
      ]),
    );
    // New with the draft: the live record does not enforce, so the cautions were not there before.
    expect(check.introduced.map((f) => f.code)).toEqual(
      expect.arrayContaining(['enforce-spf-fails', 'enforce-no-dkim']),
    );
    // Under p=none nothing is refused: no caution.
    const none = await checkDraft(
      'dmarc',
      'deep-spf.example',
      'v=DMARC1; p=none; rua=mailto:d@deep-spf.example;',
      resolver,
    );
    expect(none.draft.analysis.findings.map((f) => f.code)).not.toContain('enforce-spf-fails');
  });

  it('a domain with working SPF and DKIM gets no caution for p=reject', async () => {
    const check = await checkDraft(
      'dmarc',
      'good.example',
      'v=DMARC1; p=reject; rua=mailto:d@good.example;',
      resolver,
    );
    const codes = check.draft.analysis.findings.map((f) => f.code);
    expect(codes).not.toContain('enforce-spf-fails');
    expect(codes).not.toContain('enforce-no-dkim');
  });
});
