import { describe, expect, it } from 'vitest';
import { ZoneResolver } from '../dns/zone';
import { fixtureZone } from '../../../tests/support/zones';
import { checkDomain, type DomainReport } from './index';
import { reportToJson, reportToMarkdown, findingsOf } from './export';

const zone = fixtureZone();

async function report(domain: string, selectors: string[] = []): Promise<DomainReport> {
  const r = await checkDomain(domain, new ZoneResolver(zone), {
    dkimSelectors: selectors,
    now: () => new Date('2026-11-23T10:00:00Z'),
  });
  if (!r.ok) throw new Error(r.error);
  return r.report;
}

/** The same status for each of these areas. */
const each = (status: string, areas: readonly string[]) =>
  Object.fromEntries(areas.map((id) => [id, status]));
const statuses = (r: DomainReport) => Object.fromEntries(r.areas.map((a) => [a.id, a.status]));
const codes = (r: DomainReport) =>
  r.areas.flatMap((a) => findingsOf(r, a.id).map((f) => `${a.id}:${f.severity}:${f.code}`));

describe('checkDomain', () => {
  it('a well-configured domain passes every area it can prove (the MTA-STS policy file is read only on request, the BIMI logo never)', async () => {
    const r = await report('good.example');
    expect(statuses(r)).toEqual({
      ...each('pass', ['spf', 'dmarc', 'dkim', 'mx', 'tls-rpt', 'dnssec']),
      'mta-sts': 'unknown',
      bimi: 'unknown',
    });
    expect(r.areas.find((a) => a.id === 'mta-sts')).toMatchObject({ cause: 'policy file not read' });
    // A BIMI record only names a logo and a certificate: green only once they are read, which a browser cannot.
    expect(r.areas.find((a) => a.id === 'bimi')).toMatchObject({
      cause: 'logo and certificate not fetched',
      headline:
        'Record found: it names a logo and a certificate. Not everything could be checked (logo and certificate not fetched).',
    });
    expect(r.grade).toMatchObject({ letter: 'A', incomplete: true });
    expect(r.grade.summary).toBe(
      'Well configured. Provisional: MTA-STS (policy file not read) and BIMI (logo and certificate not fetched) could not be checked, so the grade counts only what was checked.',
    );
    expect(r.dmarc.destinations.map((d) => [d.domain, d.authorization])).toEqual([
      ['good.example', 'not-needed'],
      ['reports.example', 'authorized'],
      ['good.example', 'not-needed'],
    ]);
    expect(r.dkim.selectors.filter((s) => s.status === 'found').map((s) => [s.selector, s.key?.key])).toEqual(
      [
        ['google', { kind: 'rsa', bits: 2048, exponent: 65537, form: 'spki' }],
        ['selector1', { kind: 'rsa', bits: 2048, exponent: 65537, form: 'spki' }],
        ['ed1', { kind: 'ed25519', form: 'raw' }],
      ],
    );
    expect(r.dkim.selectors.find((s) => s.selector === 'google')?.chain).toEqual([
      'good-example.dkim.mailer.example',
    ]);
    expect(
      r.mx.hosts.map((h) => [h.host, h.addresses.map((a) => `${a.address}:${a.fcrdns}`), h.tlsa.status]),
    ).toEqual([
      ['mx1.good.example', ['192.0.2.25:true', '2001:db8::25:true'], 'present'],
      ['mx2.good.example', ['192.0.2.26:true'], 'present'],
    ]);
  });

  it('a broken domain fails every area that it publishes, each with its reason', async () => {
    const r = await report('broken.example');
    expect(statuses(r)).toMatchObject({
      ...each('fail', ['spf', 'dmarc', 'dkim', 'mx', 'mta-sts', 'tls-rpt', 'bimi']),
      dnssec: 'warn',
    });
    expect(r.grade.letter).toBe('F');
    expect(codes(r)).toEqual(
      expect.arrayContaining([
        'spf:error:plus-all',
        'spf:error:include-target-missing',
        'spf:warning:ptr',
        'dmarc:error:bad-p',
        'dmarc:warning:spf-at-dmarc',
        'dkim:error:dangling-cname',
        'dkim:error:rsa-too-short',
        'dkim:warning:key-revoked',
        'dkim:error:key-base64',
        'mx:error:mx-ip-literal',
        'mx:error:mx-cname',
        'mx:error:mx-no-address',
        'mx:error:mx-private-ip',
        'mta-sts:error:mtasts-txt-invalid',
        'tls-rpt:error:tlsrpt-invalid',
        'bimi:error:bimi-invalid',
        'dnssec:warning:dnssec-not-validated',
      ]),
    );
    const base64 = r.dkim.findings.find((f) => f.code === 'key-base64')!;
    expect(base64.detail).toContain('quote marks');
  });

  it('SERVFAIL and timeouts read as “could not check”, never as missing', async () => {
    const r = await report('slow.example');
    expect(statuses(r)).toMatchObject(each('unknown', ['spf', 'dmarc', 'dkim', 'mta-sts', 'tls-rpt']));
    const all = codes(r);
    for (const missing of [
      'spf:warning:no-spf',
      'dmarc:error:no-dmarc',
      'dkim:warning:no-dkim',
      'mta-sts:info:no-mtasts',
      'tls-rpt:info:no-tlsrpt',
    ]) {
      expect(all).not.toContain(missing);
    }
    expect(r.grade.incomplete).toBe(true);
    expect(r.readiness.find((x) => x.id === 'spf')?.state).toBe('unknown');
  });

  it('asks each DNS question once', async () => {
    const inner = new ZoneResolver(zone);
    const r = await checkDomain('bench.example', inner);
    const keys = inner.asked.map((q) => `${q.name} ${q.type}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(r.ok && r.report.queries).toBe(keys.length);
  });

  it('tries the selectors the user names and says when one is missing', async () => {
    const r = await report('good.example', ['sel2026', 'selector1']);
    expect(r.dkim.selectors.find((s) => s.selector === 'sel2026')?.status).toBe('not-found');
    expect(codes(r)).toContain('dkim:error:selector-missing');
  });

  it('reports progress area by area', async () => {
    const seen: string[] = [];
    await checkDomain('good.example', new ZoneResolver(zone), { onArea: (a) => seen.push(a.id) });
    expect([...seen].sort()).toEqual(['bimi', 'dkim', 'dmarc', 'dnssec', 'mta-sts', 'mx', 'spf', 'tls-rpt']);
  });

  it('refuses an invalid name with a message', async () => {
    expect(await checkDomain(`${'a'.repeat(70)}.example`, new ZoneResolver(zone))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/at most 63/),
    });
  });

  it('the JSON export’s DKIM area: domainkeyNode in the values schema 4 names, the badge words beside the status', async () => {
    const exported = async (domain: string) =>
      JSON.parse(reportToJson(await report(domain))) as {
        schema: string;
        dkim: { domainkeyNode: string; status: string };
        areas: Array<{ id: string; status: string; label?: string }>;
        readiness: Array<{ id: string; state: string; label?: string }>;
      };
    const nodes: Array<[string, string]> = [
      ['dkim-own.codes.example', 'own-records'],
      ['dkim-other.codes.example', 'names-below'],
      ['dkim-wildcard.codes.example', 'wildcard'],
      ['mailer.example', 'nxdomain'],
      ['dkim-node-fail.codes.example', 'error'],
    ];
    for (const [domain, node] of nodes) {
      const json = await exported(domain);
      expect(json.schema).toBe('authlens-domain-report/4');
      expect(json.dkim.domainkeyNode, domain).toBe(node);
    }
    const own = await exported('dkim-own.codes.example');
    expect(own.areas.find((a) => a.id === 'dkim')).toMatchObject({
      status: 'info',
      label: 'Selector needed',
    });
    expect(own.readiness.find((x) => x.id === 'dkim')).toMatchObject({
      state: 'unknown',
      label: 'Selector needed',
    });
  });

  it('exports JSON and Markdown, escaping text from DNS', async () => {
    const r = await report('broken.example');
    const json = JSON.parse(reportToJson(r)) as { schema: string; domain: string };
    expect(json).toMatchObject({ schema: 'authlens-domain-report/4', domain: 'broken.example' });
    const markdown = reportToMarkdown(r);
    expect(markdown).toContain('# Email authentication report: broken.example');
    // The Status column says what the page's badges say, not the internal codes.
    expect(markdown).toContain('| SPF | Failing |');
    expect(markdown).toContain('| DNSSEC | Needs attention |');
    expect(markdown).not.toMatch(/\| (pass|warn|fail|info|unknown) \|/);
    expect(markdown).toContain('Fix:');
    expect(markdown).not.toMatch(/<(?!\\)/);
  });

  it('the Markdown Status column uses the page’s words for every status (slow.example)', async () => {
    const markdown = reportToMarkdown(await report('slow.example'));
    expect(markdown).toContain('| SPF | Could not check |');
    expect(markdown).toContain('| MX | Good |');
    expect(markdown).toContain('| BIMI | Not used |');
    expect(markdown).toContain('- **❔ Could not check: Could not check slow.example**');
  });
});
