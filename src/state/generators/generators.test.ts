import { describe, expect, it } from 'vitest';
import { ZoneResolver, type DohResponse, type Resolver } from '../../lib/dns';
import { fixtureZone } from '../../../tests/support/zones';
import { BimiGeneratorState } from './bimi.svelte';
import { DkimGeneratorState } from './dkim.svelte';
import { DmarcGeneratorState } from './dmarc.svelte';
import { MtaStsGeneratorState } from './mta-sts.svelte';
import { SpfGeneratorState } from './spf.svelte';
import { testServices } from '../../../tests/support/generator-services';
import type { DraftKind } from '../../lib/generate/draft-check';
import type { GeneratorServices, ImportingGeneratorState } from './generator.svelte';
import { TlsRptGeneratorState } from './tls-rpt.svelte';

describe('DMARC generator state', () => {
  it('builds the record from the form and keeps it in the URL', () => {
    const s = testServices();
    const g = new DmarcGeneratorState(s);
    g.loadQuery({ domain: 'good.example' });
    expect(g.record).toBe('v=DMARC1; p=none;');
    g.ruaText = 'dmarc@good.example';
    g.applyStage(1);
    expect(g.record).toBe('v=DMARC1; p=quarantine; rua=mailto:dmarc@good.example; t=y;');
    expect(g.stage).toBe(1);
    g.writeUrl(g.query);
    const query = new URLSearchParams(s.router.hash.split('?')[1]);
    expect(query.get('domain')).toBe('good.example');
    expect(query.get('record')).toBe(g.record);
  });

  it('imports the published record; a DNS failure changes nothing and says so', async () => {
    const g = new DmarcGeneratorState(testServices());
    g.loadQuery({ domain: 'good.example' });
    await g.importer.loadLive();
    expect(g.importer.message).toEqual({
      tone: 'ok',
      text: 'Loaded the record published at _dmarc.good.example.',
    });
    expect(g.p).toBe('reject');
    expect(g.ruaText).toBe('mailto:dmarc-reports@good.example\nmailto:agg@reports.example');

    g.domainText = 'slow.example';
    await g.importer.loadLive();
    expect(g.importer.message?.tone).toBe('error');
    expect(g.importer.message?.text).toMatch(/Could not read _dmarc\.slow\.example: .*Nothing was changed\./);
    expect(g.p).toBe('reject');
  });

  it('a pasted record that is not DMARC leaves the form alone', () => {
    const g = pastedInto(DmarcGeneratorState, 'v=spf1 -all');
    expect(g.importer.message?.tone).toBe('error');
    expect(g.record).toBe('v=DMARC1; p=none;');
    g.importer.pasted = '"v=DMARC1; p=reject; foo=bar"';
    g.importer.loadPasted();
    expect(g.p).toBe('reject');
    expect(g.importer.notes).toEqual(['The tag “foo” is not a DMARC tag and was left out.']);
  });

  it('the live check shows the draft’s report destinations and the live record', async () => {
    const g = new DmarcGeneratorState(testServices());
    g.loadQuery({ domain: 'good.example' });
    g.ruaText = 'agg@unauthorized-reports.example';
    await g.checkNow();
    expect(g.current).toBe(true);
    expect(g.liveRecord?.record).toMatch(/^v=DMARC1; p=reject/);
    expect(g.destinations.map((d) => [d.domain, d.authorization])).toEqual([
      ['unauthorized-reports.example', 'missing'],
    ]);
    g.p = 'reject';
    expect(g.current).toBe(false);
  });

  it('keeps an imported bad alignment value for the parser to point at', () => {
    const g = new DmarcGeneratorState(testServices());
    g.loadQuery({ record: 'v=DMARC1; p=none; adkim=x' });
    expect(g.record).toContain('adkim=x');
    expect(g.issues.some((i) => i.severity === 'error')).toBe(true);
  });
});

/** A resolver whose answers wait until released, to see what happens to an answer that arrives late. */
/** A fresh form (no query) with `text` pasted into its import box and loaded. */
function pastedInto<G extends ImportingGeneratorState<DraftKind>>(
  Form: new (services: GeneratorServices) => G,
  text: string,
): G {
  const g = new Form(testServices());
  g.loadQuery({});
  g.importer.pasted = text;
  g.importer.loadPasted();
  return g;
}

function gatedResolver(inner: Resolver) {
  const gates: Array<() => void> = [];
  const resolver: Resolver = {
    query: (name, type, signal) =>
      new Promise<DohResponse>((resolve, reject) => {
        gates.push(() => inner.query(name, type, signal).then(resolve, reject));
      }),
  };
  return { resolver, release: () => gates.splice(0).forEach((g) => g()) };
}

describe('draft checker', () => {
  it('a newer check aborts the older one; the older answer is never shown', async () => {
    const gated = gatedResolver(new ZoneResolver(fixtureZone()));
    const g = new TlsRptGeneratorState(testServices(gated.resolver));
    g.loadQuery({ domain: 'good.example', rua: 'old@good.example' });
    const first = g.checkNow();
    g.ruaText = 'new@good.example';
    const second = g.checkNow();
    for (let i = 0; i < 20; i++) {
      gated.release();
      await new Promise((r) => setTimeout(r, 0));
    }
    await Promise.all([first, second]);
    expect(g.analysis('draft')?.record).toBe('v=TLSRPTv1; rua=mailto:new@good.example');
    expect(g.current).toBe(true);
    expect(g.checker.running).toBe(false);
  });
});

describe('SPF generator state', () => {
  it('edits terms in order and shows an imported term as the text that builds it again', () => {
    const g = new SpfGeneratorState(testServices());
    g.loadQuery({ record: 'v=spf1 a/24 ip4:192.0.2.0/25 -all' });
    expect(g.rows.map((r) => r.text)).toEqual(['/24', '192.0.2.0/25']);
    g.setPreset('_spf.google.com', true);
    g.setPreset('_spf.google.com', true);
    g.move(g.rows[2]!.id, -1);
    expect(g.record).toBe('v=spf1 a/24 include:_spf.google.com ip4:192.0.2.0/25 -all');
    g.setPreset('_spf.google.com', false);
    g.removeRow(g.rows[0]!.id);
    expect(g.record).toBe('v=spf1 ip4:192.0.2.0/25 -all');
  });

  it('counts the draft’s lookups live, with the warning threshold from lib', async () => {
    const g = new SpfGeneratorState(testServices());
    g.loadQuery({ domain: 'good.example', record: 'v=spf1 mx -all' });
    for (const p of ['_spf.google.com', 'spf.protection.outlook.com', 'servers.mcsv.net', 'mailgun.org'])
      g.setPreset(p, true);
    g.setPreset('zoho.com', true);
    g.setPreset('_spf.salesforce.com', true);
    await g.checkNow();
    expect(g.analysis('draft')?.lookups.rfc).toBe(16);
    expect(g.overLimit).toBe(true);
    expect(g.expensive[0]).toMatchObject({ term: 'include:_spf.google.com', cost: 4 });
    expect(g.analysis('draft')?.limits.warnAt).toBe(8);
  });

  it('a record that does not parse is not loaded from a paste', () => {
    const g = pastedInto(SpfGeneratorState, 'v=spf1 ip4:nonsense -all');
    expect(g.importer.message?.tone).toBe('error');
    expect(g.record).toBe('v=spf1 mx -all');
  });
});

describe('TLS-RPT generator state', () => {
  it('typed addresses become mailto: URIs; an imported invalid rua is kept for the parser to flag', () => {
    const g = new TlsRptGeneratorState(testServices());
    g.loadQuery({});
    g.ruaText = 'tls@example.com\nhttps://r.example/v1';
    expect(g.record).toBe('v=TLSRPTv1; rua=mailto:tls@example.com,https://r.example/v1');
    expect(g.issues).toEqual([]);
    g.importer.pasted = 'v=TLSRPTv1; rua=ftp://reports.example';
    g.importer.loadPasted();
    expect(g.ruaText).toBe('ftp://reports.example');
    expect(g.issues[0]?.severity).toBe('error');
  });
});

describe('BIMI generator state', () => {
  it('notes a logo without a certificate only while the record is valid', () => {
    const g = new BimiGeneratorState(testServices());
    g.loadQuery({ l: 'https://good.example/logo.svg' });
    expect(g.issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/^a= is empty: without a certificate/),
    ]);
    g.authority = 'http://insecure.example/vmc.pem';
    expect(g.issues.every((i) => i.severity === 'error')).toBe(true);
  });
});

describe('MTA-STS generator state', () => {
  it('fills the mx list from DNS; the draft check names the MX hosts the patterns miss, by mode', async () => {
    const g = new MtaStsGeneratorState(testServices());
    g.loadQuery({ domain: 'good.example' });
    expect(g.id).toBe('20260715120000');
    await g.useMxHosts();
    expect(g.mxText).toBe('mx1.good.example\nmx2.good.example');
    expect(g.mxMessage?.tone).toBe('ok');
    await g.checkNow();
    expect(g.fieldIssues('mx')).toEqual([]);
    g.mxText = 'mx1.good.example';
    // The policy file is part of what is checked: a changed mx list makes the last result stale.
    expect(g.current).toBe(false);
    await g.checkNow();
    expect(g.fieldIssues('mx')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(
          /^MX mx2\.good\.example is not in the policy: in testing mode, senders report each delivery to it as a failure \(TLS-RPT\); in enforce mode, senders following RFC 8461 §5 would refuse to deliver to it$/,
        ),
      }),
    ]);
    // Everything a browser can check was checked: valid with the warning, and what it cannot check is named.
    expect(g.validity).toMatchObject({ state: 'warnings', publishable: true });
    expect(g.validity.headline).toBe(
      'Valid, checked against DNS as far as a browser can; read the warnings below.',
    );
    expect(g.validity.beyondBrowser).toHaveLength(2);
    g.mode = 'enforce';
    await g.checkNow();
    expect(g.validity.state).toBe('fails');
    expect(g.fieldIssues('mx').map((i) => [i.severity, i.message])).toEqual([
      [
        'error',
        'MX mx2.good.example is not in the policy: in enforce mode, senders following RFC 8461 §5 refuse to deliver to it',
      ],
    ]);
    expect(g.comparison?.introduced.map((f) => f.code)).toContain('mtasts-mx-uncovered');
    g.maxAge = 86_400;
    expect(g.issues.map((i) => i.message)).toContainEqual(expect.stringMatching(/at least a week/));
  });

  it('a DNS failure reading the MX hosts changes nothing', async () => {
    const g = new MtaStsGeneratorState(
      testServices(new ZoneResolver({ records: { 'down.example': { $rcode: 'SERVFAIL' } } })),
    );
    g.loadQuery({ domain: 'down.example', mx: 'mx.down.example' });
    await g.useMxHosts();
    expect(g.mxMessage?.tone).toBe('error');
    expect(g.mxText).toBe('mx.down.example');
  });
});

describe('DKIM generator state', () => {
  it('uses the engine’s selector rule and a date selector from the injected clock', () => {
    const g = new DkimGeneratorState(testServices());
    g.loadQuery({ domain: 'good.example' });
    expect(g.selector).toBe('s202607');
    g.selector = 'mail_2026';
    expect(g.selectorError).toBeNull();
    g.selector = 'bad selector';
    expect(g.selectorError).toMatch(/DNS labels/);
  });

  it('makes a key, self-tests it and checks whether it is published', async () => {
    const g = new DkimGeneratorState(testServices());
    g.loadQuery({ domain: 'good.example', selector: 'new2026', alg: 'ed25519' });
    await g.generate();
    expect(g.error).toBeNull();
    expect(g.selfTest?.result).toBe('pass');
    expect(g.key?.record).toMatch(/^v=DKIM1; k=ed25519; p=/);
    await g.checkPublished();
    expect(g.published).toEqual({
      tone: 'warn',
      text: 'Nothing is published at new2026._domainkey.good.example yet (DNS changes can take a while).',
    });
  });
});

describe('draft validity in every generator (one rule: lib/generate/draft-validity)', () => {
  it('SPF: a draft with an include that does not exist would fail; its row carries the error', async () => {
    const g = new SpfGeneratorState(testServices());
    g.loadQuery({ domain: 'good.example', record: 'v=spf1 include:missing.broken.example -all' });
    expect(g.validity.state).toBe('unchecked');
    await g.checkNow();
    expect(g.validity).toMatchObject({ state: 'fails', publishable: false });
    expect(g.rowIssues(0).map((i) => i.severity)).toEqual(['error']);
    g.rows = [{ ...g.rows[0]!, mechanism: 'mx', text: '' }];
    expect(g.validity.state).toBe('unchecked');
  });

  it('SPF: a syntax error marks its row and resolves nothing', async () => {
    const g = new SpfGeneratorState(testServices());
    g.loadQuery({ domain: 'broken.example', record: 'v=spf1 mx ip4:192.0.2.300 -all' });
    await g.checkNow();
    expect(g.comparison?.resolved.length).toBeGreaterThan(0);
    expect(g.validity).toMatchObject({ state: 'invalid', resolved: [] });
    expect(g.rowIssues(0)).toEqual([]);
    expect(g.rowIssues(1).map((i) => i.code)).toEqual(['bad-network']);
  });

  it('SPF: two records pasted together import the first and say what was dropped', () => {
    const g = pastedInto(SpfGeneratorState, 'v=spf1 mx -all v=spf1 a -all');
    expect(g.record).toBe('v=spf1 mx -all');
    expect(g.importer.notes).toEqual([expect.stringMatching(/^“v=spf1 a -all” is a second SPF record/)]);
  });

  it('DMARC: the default p=none says it collects nothing, next to rua', () => {
    const g = new DmarcGeneratorState(testServices());
    g.loadQuery({});
    expect(g.validity.headline).not.toMatch(/No problems/);
    expect(g.fieldIssues('rua').map((i) => i.code)).toEqual(['dmarc-collects-nothing']);
    g.ruaText = 'd@example.com';
    expect(g.fieldIssues('rua')).toEqual([]);
  });

  it('DMARC: a pasted sp=bogus stays in the form as sp=bogus and is an error on the sp field', () => {
    const g = pastedInto(DmarcGeneratorState, 'v=DMARC1; p=none; sp=bogus; rua=mailto:d@example.com');
    expect(g.sp).toBe('bogus');
    expect(g.record).toContain('sp=bogus');
    expect(g.validity.publishable).toBe(false);
    expect(g.fieldIssues('sp').map((i) => i.code)).toEqual(['bad-sp']);
  });

  it('MTA-STS with a bad id and BIMI with an http logo are invalid', () => {
    const sts = new MtaStsGeneratorState(testServices());
    sts.loadQuery({ id: 'bad id!' });
    expect(sts.validity.state).toBe('invalid');
    expect(sts.fieldIssues('id').length).toBe(1);
    const bimi = new BimiGeneratorState(testServices());
    bimi.loadQuery({ l: 'https://good.example/logo.png' });
    expect(bimi.fieldIssues('l').map((i) => i.code)).toEqual(['logo-not-svg']);
    expect(bimi.fieldIssues('a').map((i) => i.code)).toEqual(['bimi-no-certificate']);
  });

  it('DKIM: a selector that already holds a key is warned about before a key is made', async () => {
    const g = new DkimGeneratorState(testServices());
    g.loadQuery({ domain: 'good.example', selector: 'selector1' });
    await g.checkSelector();
    expect(g.fieldIssues('selector')).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'dkim-selector-in-use' }),
    ]);
    g.selector = 'fresh2026';
    expect(g.fieldIssues('selector')).toEqual([]);
    await g.checkSelector();
    expect(g.validity.state).toBe('valid');
  });
});

describe('a draft check whose lookups failed, in every generator (one rule: lib/generate/draft-lookups)', () => {
  it('DMARC on slow.example: could not check, today’s record unknown, nothing resolved', async () => {
    const g = new DmarcGeneratorState(testServices());
    g.loadQuery({ domain: 'slow.example' });
    await g.checkNow();
    expect(g.comparison?.resolved.map((f) => f.title)).toEqual(['Could not check DMARC']);
    expect(g.validity).toMatchObject({ state: 'unchecked', badge: 'Could not check', resolved: [] });
    expect(g.unread).toMatchObject({ name: '_dmarc.slow.example', cause: 'SERVFAIL' });
  });

  it.each([
    ['SPF', () => new SpfGeneratorState(testServices()), 'slow.example'],
    ['MTA-STS', () => new MtaStsGeneratorState(testServices()), '_mta-sts.slow.example'],
    ['TLS-RPT', () => new TlsRptGeneratorState(testServices()), '_smtp._tls.slow.example'],
    ['BIMI', () => new BimiGeneratorState(testServices()), null],
  ] as const)('%s on slow.example resolves no lookup failure', async (_, make, name) => {
    const g = make();
    g.loadQuery({ domain: 'slow.example', rua: 'tls@slow.example', l: 'https://slow.example/l.svg' });
    await g.checkNow();
    expect(g.validity.resolved.filter((f) => f.severity === 'unknown')).toEqual([]);
    expect(g.unread?.name ?? null).toBe(name);
    if (name) expect(g.validity.badge).not.toMatch(/✓/);
  });

  it('DKIM on slow.example: whether the selector is in use could not be read, said once on the selector', async () => {
    const g = new DkimGeneratorState(testServices());
    g.loadQuery({ domain: 'slow.example', selector: 's202607' });
    await g.checkSelector();
    expect(g.validity).toMatchObject({ state: 'unchecked', badge: 'Could not check' });
    expect(g.fieldIssues('selector').map((i) => i.code)).toEqual(['live-record-unread']);
  });

  it('TLS-RPT with nothing typed asks for an address; BIMI with both URLs empty declines BIMI', () => {
    const tls = new TlsRptGeneratorState(testServices());
    tls.loadQuery({});
    expect(tls.validity).toMatchObject({ state: 'empty', issues: [] });
    expect(tls.fieldIssues('rua')).toEqual([]);
    tls.ruaText = 'ftp://nope';
    expect(tls.validity.state).toBe('invalid');
    const bimi = new BimiGeneratorState(testServices());
    bimi.loadQuery({ domain: 'bench.example' });
    expect(bimi.validity).toMatchObject({ state: 'declines', badge: 'Declines BIMI' });
    bimi.logo = 'https://bench.example/logo.svg';
    expect(bimi.validity.state).not.toBe('declines');
  });
});

describe('SPF generator presets and MAIL FROM', () => {
  it('offers only root-include presets as ticks; an imported SES include is a warning on its row', () => {
    const g = new SpfGeneratorState(testServices());
    g.loadQuery({ domain: 'good.example', record: 'v=spf1 mx include:amazonses.com -all' });
    expect(g.rootPresets.map((p) => p.id)).not.toContain('ses');
    expect(g.mailFromPresets.map((m) => m.preset.name)).toEqual([
      'Mailchimp',
      'SendGrid',
      'Amazon SES',
      'Postmark',
    ]);
    expect(g.rowIssues(1).map((i) => [i.severity, i.code])).toEqual([['warning', 'include-not-mail-from']]);
    expect(g.rowIssues(0)).toEqual([]);
  });
});
