import { describe, expect, it } from 'vitest';
import { analyzeDmarc } from '../dmarc/analyze';
import { isDmarcRecord } from '../dmarc/parse';
import { OverlayResolver } from '../dns/overlay';
import { decodeTxtData } from '../dns/txt';
import { ZoneResolver } from '../dns/zone';
import { parseDkimKeyRecord } from '../dkim/key-record';
import { analyzeSpf, isSpfRecord } from '../spf';
import { generateDkimKey, selfTestDkimKey } from './dkim-keys';
import { fetchMxHosts, fetchPublishedRecord } from './draft-check';
import { issuesAbout, publishForm } from './output';
import { dmarcOptionsFromRecord, reportAuthorizationRecord, reportUriList } from './dmarc';
import { generateSpf, spfDraftFromText, spfOptionsFromRecord } from './spf';
import { freshStsId } from './records';

describe('DKIM key pairs', () => {
  for (const algorithm of ['rsa-2048', 'ed25519'] as const) {
    it(`${algorithm}: a valid record, a PKCS#8 PEM, and a self-test that verifies`, async () => {
      const key = await generateDkimKey(algorithm);
      expect(key.privateKeyPem).toMatch(
        /^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PRIVATE KEY-----\n$/,
      );
      const parsed = parseDkimKeyRecord(key.record);
      expect(parsed.ok).toBe(true);
      expect(parsed.key?.key).toMatchObject(
        algorithm === 'ed25519' ? { kind: 'ed25519', form: 'raw' } : { kind: 'rsa', bits: 2048 },
      );
      const test = await selfTestDkimKey(key, 'example.com', 'sel2026');
      expect(test.result).toMatchObject({ result: 'pass', selector: 'sel2026', domain: 'example.com' });
    });
  }
});

describe('publishForm', () => {
  it('gives host, FQDN, quoted value and a BIND line, splitting long values', () => {
    const f = publishForm('example.com', '_dmarc', 'v=DMARC1; p=reject;');
    expect(f).toMatchObject({
      host: '_dmarc',
      fqdn: '_dmarc.example.com.',
      quoted: '"v=DMARC1; p=reject;"',
      strings: 1,
      bind: '_dmarc.example.com. 3600 IN TXT "v=DMARC1; p=reject;"',
    });
    const long = publishForm('example.com', 's1._domainkey', `v=DKIM1; k=rsa; p=${'A'.repeat(400)}`);
    expect(long.strings).toBe(2);
    expect(decodeTxtData(long.quoted).octets).toEqual([255, 163]);
    expect(publishForm('example.com', '', 'v=spf1 -all').host).toBe('@');
  });
});

describe('importing records', () => {
  it('keeps what a DMARC record says and notes unknown tags', () => {
    const r = dmarcOptionsFromRecord('v=DMARC1; p=quarantine; rua=mailto:a@example.com; foo=bar');
    expect(r.ok && r.options).toEqual({ p: 'quarantine', rua: ['mailto:a@example.com'], ruf: [] });
    expect(r.ok && r.dropped).toEqual(['foo']);
  });
  it('lists SPF terms after all as dropped', () => {
    const r = spfOptionsFromRecord('v=spf1 a -all mx');
    expect(r.ok && r.dropped).toEqual(['mx']);
  });
  it('names the authorization record and makes fresh MTA-STS ids', () => {
    expect(reportAuthorizationRecord('shop.example', 'vendor.example')).toEqual({
      name: 'shop.example._report._dmarc.vendor.example',
      value: 'v=DMARC1;',
    });
    expect(freshStsId(new Date('2026-11-23T10:05:09Z'))).toBe('20261123100509');
  });
});

describe('OverlayResolver: checking a draft as if published', () => {
  const zone = new ZoneResolver({
    records: {
      'shop.example': { TXT: ['v=spf1 -all', 'site-verification=abc'] },
      '_dmarc.shop.example': { TXT: ['v=DMARC1; p=none'] },
      '_spf.vendor.example': { TXT: ['v=spf1 ip4:192.0.2.0/24 -all'] },
    },
  });
  it('replaces the live SPF record, keeps other TXT, passes the rest through', async () => {
    const overlay = new OverlayResolver(zone, [
      { name: 'shop.example', text: 'v=spf1 include:_spf.vendor.example -all', replaces: isSpfRecord },
    ]);
    const a = await analyzeSpf('shop.example', overlay);
    expect(a.root.record).toBe('v=spf1 include:_spf.vendor.example -all');
    expect(a.lookups.rfc).toBe(1);
    expect(a.root.children[0]?.domain).toBe('_spf.vendor.example');
  });
  it('replaces the DMARC record and checks external authorization of the draft', async () => {
    const overlay = new OverlayResolver(zone, [
      {
        name: '_dmarc.shop.example',
        text: 'v=DMARC1; p=reject; rua=mailto:r@reports.example',
        replaces: isDmarcRecord,
      },
    ]);
    const a = await analyzeDmarc('shop.example', overlay);
    expect(a.policy?.p).toBe('reject');
    expect(a.destinations[0]).toMatchObject({
      domain: 'reports.example',
      authorization: 'missing',
      authorizationName: 'shop.example._report._dmarc.reports.example',
    });
  });
});

describe('generator helpers', () => {
  const zone = new ZoneResolver({
    records: {
      'good.test': {
        TXT: ['v=spf1 mx -all', 'v=spf1 a -all'],
        MX: ['20 mx2.good.test.', '10 mx1.good.test.'],
      },
      '_dmarc.good.test': { TXT: ['v=DMARC1; p=none;', 'site-verification=1'] },
      'null.test': { MX: ['0 .'] },
      '_dmarc.down.test': { $timeout: true },
    },
  });

  it('reportUriList adds mailto: to bare addresses and keeps anything else for the parser to judge', () => {
    expect(reportUriList('a@x.example, mailto:b@y.example\nhttps://r.example/x  c@z.example')).toEqual([
      'mailto:a@x.example',
      'mailto:b@y.example',
      'https://r.example/x',
      'mailto:c@z.example',
    ]);
    expect(reportUriList('not an address')).toEqual(['not', 'an', 'address']);
  });

  it('spfDraftFromText keeps a shared draft that does not parse, term by term', () => {
    expect(
      spfDraftFromText('v=spf1 ip4:192.0.2.300 a/24 ~include:x.example redirect=r.example -all'),
    ).toEqual({
      terms: [
        { qualifier: '+', mechanism: 'ip4', value: '192.0.2.300' },
        { qualifier: '+', mechanism: 'a', value: '/24' },
        { qualifier: '~', mechanism: 'include', value: 'x.example' },
      ],
      all: '-',
      redirect: 'r.example',
      exp: null,
    });
    expect(generateSpf(spfDraftFromText('v=spf1 a/24 mx:m.example//64 -all'))).toBe(
      'v=spf1 a/24 mx:m.example//64 -all',
    );
  });

  it('fetchPublishedRecord finds the record of its kind, and says when DNS failed', async () => {
    expect(await fetchPublishedRecord('dmarc', 'good.test', zone)).toEqual({
      kind: 'found',
      name: '_dmarc.good.test',
      text: 'v=DMARC1; p=none;',
      others: [],
    });
    expect(await fetchPublishedRecord('spf', 'good.test', zone)).toMatchObject({
      kind: 'found',
      text: 'v=spf1 mx -all',
      others: ['v=spf1 a -all'],
    });
    expect(await fetchPublishedRecord('tls-rpt', 'good.test', zone)).toEqual({
      kind: 'none',
      name: '_smtp._tls.good.test',
    });
    expect(await fetchPublishedRecord('dmarc', 'down.test', zone)).toMatchObject({ kind: 'error' });
  });

  it('fetchMxHosts lists MX hosts by preference; a null MX lists none', async () => {
    expect(await fetchMxHosts('good.test', zone)).toEqual({
      kind: 'hosts',
      hosts: ['mx1.good.test', 'mx2.good.test'],
    });
    expect(await fetchMxHosts('null.test', zone)).toEqual({ kind: 'hosts', hosts: [] });
    expect(await fetchMxHosts('missing.test', zone)).toEqual({ kind: 'none' });
  });

  it('issuesAbout says what a parser’s issues are about', () => {
    expect(
      issuesAbout('Policy file', [
        { severity: 'error', code: 'bad', message: 'bad' },
        { severity: 'warning', code: 'odd', message: 'odd', tag: 'mx' },
      ]),
    ).toEqual([
      { severity: 'error', code: 'bad', message: 'Policy file: bad' },
      { severity: 'warning', code: 'odd', message: 'Policy file: odd', tag: 'mx' },
    ]);
  });
});
