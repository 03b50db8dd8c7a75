// Every finding code of the DMARC, MX, DKIM, BIMI, MTA-STS, TLS-RPT and DNSSEC analyzers has a named case: the
// analyzer runs over the zone fixtures (tests/fixtures/zones, most cases in codes.example.json) and must report the
// codes the case names. The lists of codes come from the analyzers' typed unions, so a new code without a case
// fails here.

import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeBimi, BIMI_FINDING_CODES } from '../../src/lib/bimi/analyze';
import { analyzeDkim, DKIM_FINDING_CODES } from '../../src/lib/dkim/discover';
import { analyzeDmarc, DMARC_FINDING_CODES } from '../../src/lib/dmarc/analyze';
import { analyzeDnssec, DNSSEC_FINDING_CODES } from '../../src/lib/dnssec/analyze';
import type { DohResponse, Resolver } from '../../src/lib/dns/types';
import { ZoneResolver } from '../../src/lib/dns/zone';
import {
  analyzeMtaSts,
  evaluatePolicyFetch,
  MTASTS_FINDING_CODES,
  type PolicyFetch,
} from '../../src/lib/mtasts/analyze';
import { analyzeMx, MX_FINDING_CODES } from '../../src/lib/mx/analyze';
import { analyzeTlsRpt, TLSRPT_FINDING_CODES } from '../../src/lib/tlsrpt/analyze';
import { fixtureZone } from '../support/zones';

type Area = 'dmarc' | 'mx' | 'dkim' | 'bimi' | 'mta-sts' | 'tls-rpt' | 'dnssec';

const CODES: Record<Area, readonly string[]> = {
  dmarc: DMARC_FINDING_CODES,
  mx: MX_FINDING_CODES,
  dkim: DKIM_FINDING_CODES,
  bimi: BIMI_FINDING_CODES,
  'mta-sts': MTASTS_FINDING_CODES,
  'tls-rpt': TLSRPT_FINDING_CODES,
  dnssec: DNSSEC_FINDING_CODES,
};

interface Case {
  area: Area;
  /** The domain checked (a fixture name), or for an MTA-STS policy file the domain it is fetched for. */
  domain: string;
  codes: string[];
  /** DKIM selectors the user names. */
  selectors?: string[];
  /** TLS-RPT: MTA-STS or DANE is in use. */
  transportSecurity?: boolean;
  /** MTA-STS: judge this fetched policy file (and these MX hosts) instead of asking DNS. */
  policy?: { fetched: PolicyFetch; mx: string[] };
  /** Answers the zone format cannot express (a CNAME beside other records), by name and type. */
  raw?: Record<string, DohResponse>;
}

const policyFile = (body: string, more: Partial<Extract<PolicyFetch, { kind: 'ok' }>> = {}): PolicyFetch => ({
  kind: 'ok',
  status: 200,
  contentType: 'text/plain',
  redirected: false,
  body,
  ...more,
});

const CASES: Record<string, Case> = {
  // DMARC
  'a domain with a good policy and an authorized external rua': {
    area: 'dmarc',
    domain: 'good.example',
    codes: ['policy-reject', 'ruf', 'external-authorized'],
  },
  'an invalid policy with a valid rua, and an SPF record at _dmarc': {
    area: 'dmarc',
    domain: 'broken.example',
    codes: ['bad-p', 'policy-fallback', 'spf-at-dmarc'],
  },
  'DNS failures at _dmarc': { area: 'dmarc', domain: 'slow.example', codes: ['dmarc-dns-error'] },
  'no record': { area: 'dmarc', domain: 'mailer.example', codes: ['no-dmarc'] },
  'the only record starts with a byte-order mark': {
    area: 'dmarc',
    domain: 'bom.verdicts.example',
    codes: ['dmarc-bom'],
  },
  'monitoring only': { area: 'dmarc', domain: 'deep-spf.example', codes: ['policy-none'] },
  'quarantine with every softening tag': {
    area: 'dmarc',
    domain: 'dmarc-policy-notes.codes.example',
    codes: [
      'policy-quarantine',
      'sp-none',
      'test-mode',
      'pct-partial',
      'historic-pct',
      'strict-alignment',
      'many-uris',
      'fo-without-ruf',
    ],
  },
  'reject with a weaker np and no rua': {
    area: 'dmarc',
    domain: 'dmarc-np.codes.example',
    codes: ['np-weaker', 'no-rua'],
  },
  'report destinations that cannot receive reports': {
    area: 'dmarc',
    domain: 'dmarc-destinations.codes.example',
    codes: ['external-unauthorized', 'external-auth-error', 'report-null-mx', 'report-no-mx'],
  },
  'several records, a near miss, unrelated TXT, and a record at the domain itself': {
    area: 'dmarc',
    domain: 'dmarc-discovery.codes.example',
    codes: ['multiple-dmarc', 'dmarc-near-miss', 'other-txt-at-dmarc', 'dmarc-at-apex', 'no-dmarc'],
  },
  '_dmarc delegated to a service by CNAME': {
    area: 'dmarc',
    domain: 'dmarc-cname.codes.example',
    codes: ['dmarc-cname'],
  },
  '_dmarc with a CNAME and a TXT record at once': {
    area: 'dmarc',
    domain: 'dmarc-conflict.codes.example',
    codes: ['cname-and-txt'],
    raw: {
      '_dmarc.dmarc-conflict.codes.example TXT': {
        Status: 0,
        Answer: [
          {
            name: '_dmarc.dmarc-conflict.codes.example',
            type: 5,
            TTL: 300,
            data: 'dmarc.codes-service.example.',
          },
          { name: '_dmarc.dmarc-conflict.codes.example', type: 16, TTL: 300, data: '"v=DMARC1; p=none"' },
        ],
      },
    },
  },
  'a subdomain whose policy the tree walk and the Public Suffix List find in different places': {
    area: 'dmarc',
    domain: 'x.dept.dmarc-walk.example',
    codes: ['inherited', 'discovery-disagrees', 'org-domain-disagrees'],
  },
  'a record with broken fields': {
    area: 'dmarc',
    domain: 'dmarc-syntax.codes.example',
    codes: ['empty-tag', 'bad-tag', 'empty-value', 'bad-character', 'duplicate-tag'],
  },
  'a record with a bad value in every tag': {
    area: 'dmarc',
    domain: 'dmarc-values.codes.example',
    codes: [
      'bad-sp',
      'bad-np',
      'bad-adkim',
      'bad-aspf',
      'bad-t',
      'bad-psd',
      'bad-fo',
      'bad-rua',
      'bad-ruf',
      'bad-pct',
      'bad-ri',
      'bad-rf',
    ],
  },
  'a valid record with every note': {
    area: 'dmarc',
    domain: 'dmarc-notes.codes.example',
    codes: [
      'p-not-first',
      'size-suffix',
      'non-mailto',
      'fo-redundant',
      'historic-ri',
      'historic-rf',
      'unknown-tag',
    ],
  },
  'a record without p=': { area: 'dmarc', domain: 'dmarc-missing-p.codes.example', codes: ['missing-p'] },
  'a record too long to be DMARC': {
    area: 'dmarc',
    domain: 'dmarc-too-long.codes.example',
    codes: ['too-long'],
  },

  // MX
  'hosts with DANE, confirmed reverse DNS and a provider': {
    area: 'mx',
    domain: 'good.example',
    codes: ['mx-ok', 'dane'],
  },
  'an IP literal, a CNAME, a host without address, a private address, no PTR': {
    area: 'mx',
    domain: 'broken.example',
    codes: ['mx-ip-literal', 'mx-cname', 'mx-no-address', 'mx-private-ip', 'mx-no-ptr'],
  },
  'the MX lookup fails': { area: 'mx', domain: 'mx-fail.codes.example', codes: ['mx-dns-error'] },
  'no MX, and the lookup of the fallback address fails': {
    area: 'mx',
    domain: 'mx-fallback.verdicts.example',
    codes: ['mx-dns-error'],
  },
  '2,000 MX hosts: the answer and the hosts checked are capped': {
    area: 'mx',
    domain: 'many-mx.example',
    codes: ['mx-answer-capped', 'mx-hosts-capped', 'mx-ptr-other-name'],
  },
  'a host with 12 addresses': {
    area: 'mx',
    domain: 'many-addresses.verdicts.example',
    codes: ['mx-addresses-capped'],
  },
  'a confirmed PTR that names another host': {
    area: 'mx',
    domain: 'ptr-other.verdicts.example',
    codes: ['mx-ptr-other-name'],
  },
  'no MX, an address': { area: 'mx', domain: 'mx-implicit.codes.example', codes: ['mx-implicit'] },
  'no MX, no address': { area: 'mx', domain: 'mx-nomail.codes.example', codes: ['mx-none'] },
  'a null MX': { area: 'mx', domain: 'mx-null.codes.example', codes: ['null-mx'] },
  'a null MX beside another MX': {
    area: 'mx',
    domain: 'mx-null-mixed.codes.example',
    codes: ['null-mx-mixed'],
  },
  'a duplicate host, an unreadable record, a failing address lookup, TLSA without DNSSEC': {
    area: 'mx',
    domain: 'mx-hosts.codes.example',
    codes: [
      'mx-duplicate',
      'mx-malformed',
      'mx-address-error',
      'mx-no-fcrdns',
      'dane-insecure',
      'dane-usage',
    ],
  },

  // DKIM
  'RSA and Ed25519 keys, one delegated by CNAME': {
    area: 'dkim',
    domain: 'good.example',
    codes: ['rsa-ok', 'ed25519-ok', 'selector-cname'],
  },
  'keys too short, revoked, dangling or unreadable': {
    area: 'dkim',
    domain: 'broken.example',
    codes: ['dangling-cname', 'key-revoked', 'rsa-too-short', 'key-base64'],
  },
  'a key record behind a byte-order mark': {
    area: 'dkim',
    domain: 'bom.verdicts.example',
    codes: ['key-bom'],
  },
  'a 1024-bit key': { area: 'dkim', domain: 'bench.example', codes: ['rsa-short'] },
  'every selector lookup fails': { area: 'dkim', domain: 'slow.example', codes: ['selector-dns-error'] },
  'no _domainkey node': { area: 'dkim', domain: 'deep-spf.example', codes: ['no-dkim'] },
  'a key record with each problem, and selectors the user names': {
    area: 'dkim',
    domain: 'dkim-keys.codes.example',
    selectors: ['zmail', 'sel2026', 'bad selector!'],
    codes: [
      'key-syntax',
      'key-version',
      'key-no-p',
      'key-type',
      'key-sha1-only',
      'key-testing',
      'key-service',
      'key-granularity',
      'key-unreadable',
      'key-mismatch',
      'rsa-long',
      'rsa-pkcs1',
      'ed25519-spki',
      'multiple-keys',
      'selector-not-dkim',
      'selector-missing',
      'bad-selector',
    ],
  },
  'one active key': { area: 'dkim', domain: 'dkim-one.codes.example', codes: ['dkim-rotation'] },
  'only an Ed25519 key': { area: 'dkim', domain: 'dkim-ed.codes.example', codes: ['ed25519-only'] },
  'keys under a selector nobody guesses': {
    area: 'dkim',
    domain: 'dkim-other.codes.example',
    codes: ['dkim-unknown-selector'],
  },
  'the _domainkey lookup fails': {
    area: 'dkim',
    domain: 'dkim-node-fail.codes.example',
    codes: ['dkim-dns-error'],
  },
  'a wildcard answers under _domainkey (RFC 4592), so its NOERROR proves nothing': {
    area: 'dkim',
    domain: 'dkim-wildcard.codes.example',
    codes: ['dkim-not-found'],
  },
  'a record at _domainkey itself (an old DomainKeys policy) says nothing about keys': {
    area: 'dkim',
    domain: 'dkim-own.codes.example',
    codes: ['dkim-unknown-selector'],
  },
  'the wildcard probe fails': {
    area: 'dkim',
    domain: 'dkim-probe-fail.codes.example',
    codes: ['dkim-dns-error'],
  },

  // BIMI
  'a logo with a certificate under DMARC reject': {
    area: 'bimi',
    domain: 'good.example',
    codes: ['bimi-ok', 'bimi-links'],
  },
  'an invalid record': { area: 'bimi', domain: 'broken.example', codes: ['bimi-invalid'] },
  'a record behind a byte-order mark': { area: 'bimi', domain: 'bom.verdicts.example', codes: ['bimi-bom'] },
  'DMARC could not be checked': {
    area: 'bimi',
    domain: 'bimi-dmarc-fail.verdicts.example',
    codes: ['bimi-eligibility-unknown'],
  },
  'not set up': { area: 'bimi', domain: 'deep-spf.example', codes: ['no-bimi'] },
  'the lookup fails': { area: 'bimi', domain: 'bimi-fail.codes.example', codes: ['bimi-dns-error'] },
  'two records': { area: 'bimi', domain: 'bimi-multiple.codes.example', codes: ['bimi-multiple'] },
  'a PNG logo, no certificate, DMARC p=none': {
    area: 'bimi',
    domain: 'bimi-notes.codes.example',
    codes: ['bimi-note', 'bimi-no-vmc', 'bimi-ineligible'],
  },
  'a declined record': { area: 'bimi', domain: 'bimi-declined.codes.example', codes: ['bimi-declined'] },
  'the organizational domain’s record': {
    area: 'bimi',
    domain: 'mail.bimi-inherit.example',
    codes: ['bimi-inherited'],
  },

  // MTA-STS
  'a record whose policy is not yet fetched': {
    area: 'mta-sts',
    domain: 'mtasts-extension.codes.example',
    codes: ['mtasts-policy-unverified', 'mtasts-txt-extension'],
  },
  'an invalid id': { area: 'mta-sts', domain: 'broken.example', codes: ['mtasts-txt-invalid'] },
  'a record behind a byte-order mark (MTA-STS)': {
    area: 'mta-sts',
    domain: 'bom.verdicts.example',
    codes: ['mtasts-bom'],
  },
  'the TXT lookup times out': { area: 'mta-sts', domain: 'slow.example', codes: ['mtasts-dns-error'] },
  'not set up, but the policy host exists': {
    area: 'mta-sts',
    domain: 'mtasts-host-only.codes.example',
    codes: ['no-mtasts', 'mtasts-host-without-txt'],
  },
  'two TXT records': { area: 'mta-sts', domain: 'mtasts-multiple.codes.example', codes: ['mtasts-multiple'] },
  'a record without a policy host': {
    area: 'mta-sts',
    domain: 'mtasts-no-host.codes.example',
    codes: ['mtasts-host-missing'],
  },
  'the browser may not read the policy': {
    area: 'mta-sts',
    domain: 'good.example',
    codes: ['mtasts-unverifiable'],
    policy: { fetched: { kind: 'blocked', message: 'Failed to fetch' }, mx: [] },
  },
  'the policy URL redirects to an error page': {
    area: 'mta-sts',
    domain: 'good.example',
    codes: ['mtasts-redirect', 'mtasts-http'],
    policy: { fetched: policyFile('', { status: 404, redirected: true }), mx: [] },
  },
  'an HTML page far too large': {
    area: 'mta-sts',
    domain: 'good.example',
    codes: ['mtasts-content-type', 'mtasts-too-large'],
    policy: { fetched: policyFile('x'.repeat(70_000), { contentType: 'text/html' }), mx: [] },
  },
  'a policy with LF line ends and an unknown mode': {
    area: 'mta-sts',
    domain: 'good.example',
    codes: ['mtasts-policy-note', 'mtasts-policy-invalid'],
    policy: { fetched: policyFile('version: STSv1\nmode: on\nmx: a.example\nmax_age: 86400\n'), mx: [] },
  },
  'an enforced policy with a short max_age that misses an MX host': {
    area: 'mta-sts',
    domain: 'good.example',
    codes: ['mtasts-enforce', 'mtasts-short-age', 'mtasts-mx-uncovered'],
    policy: {
      fetched: policyFile('version: STSv1\r\nmode: enforce\r\nmx: mx1.good.example\r\nmax_age: 3600\r\n'),
      mx: ['mx1.good.example', 'mx2.good.example'],
    },
  },
  'a policy in testing mode': {
    area: 'mta-sts',
    domain: 'good.example',
    codes: ['mtasts-not-enforced'],
    policy: {
      fetched: policyFile('version: STSv1\r\nmode: testing\r\nmx: *.good.example\r\nmax_age: 604800\r\n'),
      mx: ['mx1.good.example'],
    },
  },

  // TLS-RPT
  'reports requested': { area: 'tls-rpt', domain: 'good.example', codes: ['tlsrpt-ok'] },
  'an ftp: rua': { area: 'tls-rpt', domain: 'broken.example', codes: ['tlsrpt-invalid'] },
  'a record behind a byte-order mark (TLS-RPT)': {
    area: 'tls-rpt',
    domain: 'bom.verdicts.example',
    codes: ['tlsrpt-bom'],
  },
  'the lookup fails (TLS-RPT)': { area: 'tls-rpt', domain: 'slow.example', codes: ['tlsrpt-dns-error'] },
  'no record while MTA-STS is used': {
    area: 'tls-rpt',
    domain: 'deep-spf.example',
    transportSecurity: true,
    codes: ['no-tlsrpt'],
  },
  'two TLS-RPT records': {
    area: 'tls-rpt',
    domain: 'tlsrpt-multiple.codes.example',
    codes: ['tlsrpt-multiple'],
  },
  'an extension field': {
    area: 'tls-rpt',
    domain: 'tlsrpt-extension.codes.example',
    codes: ['tlsrpt-ok', 'tlsrpt-extension'],
  },

  // DNSSEC
  'signed and validated': { area: 'dnssec', domain: 'good.example', codes: ['dnssec-ok'] },
  'the DS query fails (SERVFAIL)': { area: 'dnssec', domain: 'ds-servfail.example', codes: ['dnssec-error'] },
  '1,500 DS records': { area: 'dnssec', domain: 'many-ds.example', codes: ['dnssec-answer-capped'] },
  'a DS record without validation': {
    area: 'dnssec',
    domain: 'broken.example',
    codes: ['dnssec-not-validated'],
  },
  unsigned: { area: 'dnssec', domain: 'deep-spf.example', codes: ['dnssec-unsigned'] },
  'the DS and SOA lookups fail': { area: 'dnssec', domain: 'dnssec-fail.example', codes: ['dnssec-error'] },
};

const zone = fixtureZone();
const now = () => new Date('2026-11-23T10:00:00Z');

/** The zone's answers, with the few raw answers a case needs in front of them. */
function resolverFor(c: Case): Resolver {
  const zoneResolver = new ZoneResolver(zone);
  const raw = c.raw ?? {};
  return {
    query: (name, type, signal) =>
      raw[`${name} ${type}`] !== undefined
        ? Promise.resolve(raw[`${name} ${type}`]!)
        : zoneResolver.query(name, type, signal),
  };
}

async function run(c: Case): Promise<string[]> {
  const resolver = resolverFor(c);
  const findings = await (async () => {
    switch (c.area) {
      case 'dmarc':
        return (await analyzeDmarc(c.domain, resolver)).findings;
      case 'mx':
        return (await analyzeMx(c.domain, resolver)).findings;
      case 'dkim':
        return (await analyzeDkim(c.domain, resolver, { selectors: c.selectors ?? [] })).findings;
      case 'bimi': {
        const dmarc = analyzeDmarc(c.domain, resolver).then((d) =>
          d.status === 'error' ? ('unknown' as const) : d.policy,
        );
        return (await analyzeBimi(c.domain, resolver, dmarc)).findings;
      }
      case 'mta-sts':
        return c.policy
          ? evaluatePolicyFetch(c.domain, c.policy.fetched, c.policy.mx).findings
          : (await analyzeMtaSts(c.domain, resolver, { now })).findings;
      case 'tls-rpt':
        return (await analyzeTlsRpt(c.domain, resolver, { transportSecurity: c.transportSecurity === true }))
          .findings;
      case 'dnssec':
        return (await analyzeDnssec(c.domain, resolver)).findings;
    }
  })();
  return findings.map((f) => f.code);
}

describe('finding codes', () => {
  const results = new Map<string, string[]>();
  beforeAll(async () => {
    const entries = Object.entries(CASES);
    const codes = await Promise.all(entries.map(([, c]) => run(c)));
    entries.forEach(([name], i) => results.set(name, codes[i]!));
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(`${c.area}: ${name}`, () => {
      expect(results.get(name)).toEqual(expect.arrayContaining(c.codes));
    });
  }

  for (const area of Object.keys(CODES) as Area[]) {
    it(`${area}: every code has a named case that produces it`, () => {
      const cases = Object.entries(CASES).filter(([, c]) => c.area === area);
      const covered = new Set(
        cases.flatMap(([name, c]) => c.codes.filter((code) => results.get(name)?.includes(code))),
      );
      expect(CODES[area].filter((code) => !covered.has(code))).toEqual([]);
      // Cases name only codes the analyzer has (a typo would otherwise pass unnoticed).
      const named = cases.flatMap(([, c]) => c.codes);
      expect(named.filter((code) => !CODES[area].includes(code))).toEqual([]);
    });
  }
});
