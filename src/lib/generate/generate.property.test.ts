// generate → parse → generate is the identity for arbitrary valid option sets, and a draft's messages are the
// parsers' own (the builders never invent their own validation).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBimiRecord } from '../bimi/record';
import { parseDmarcRecord } from '../dmarc/parse';
import { parseMtaStsPolicy, parseMtaStsTxt } from '../mtasts/record';
import { parseSpf } from '../spf/parse';
import { parseTlsRptRecord } from '../tlsrpt/record';
import { dmarcOptionsFromRecord, generateDmarc, type DmarcOptions } from './dmarc';
import { generateBimi, generateMtaStsPolicy, generateMtaStsTxt, generateTlsRpt } from './records';
import { generateSpf, spfOptionsFromRecord, type SpfOptions, type SpfTermOption } from './spf';

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('com', 'org', 'example', 'co.uk'))
  .map(([ls, tld]) => [...ls, tld].join('.'));
const mailto = fc
  .tuple(fc.stringMatching(/^[a-z0-9][a-z0-9.+_-]{0,12}$/), domain)
  .map(([l, d]) => `mailto:${l}@${d}`);
const request = fc.constantFrom('none' as const, 'quarantine' as const, 'reject' as const);
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const dmarcOptions: fc.Arbitrary<DmarcOptions> = fc
  .record({
    p: request,
    sp: opt(request),
    np: opt(request),
    adkim: opt(fc.constantFrom('r' as const, 's' as const)),
    aspf: opt(fc.constantFrom('r' as const, 's' as const)),
    rua: fc.array(mailto, { maxLength: 3 }),
    ruf: fc.array(mailto, { maxLength: 2 }),
    fo: opt(fc.constantFrom(['0'], ['1'], ['d'], ['s'], ['1', 'd', 's'], ['0', 'd'])),
    psd: opt(fc.constantFrom('y' as const, 'n' as const, 'u' as const)),
    t: opt(fc.constantFrom('y' as const, 'n' as const)),
    pct: opt(fc.integer({ min: 0, max: 100 })),
    rf: opt(fc.constant(['afrf'])),
    ri: opt(fc.integer({ min: 0, max: 86400 * 7 })),
  })
  .map(
    (o) =>
      Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as unknown as DmarcOptions,
  );

const qualifier = fc.constantFrom('+' as const, '-' as const, '~' as const, '?' as const);
const ip4 = fc
  .tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.nat(255))
  .map((p) => p.join('.'));
const term: fc.Arbitrary<SpfTermOption> = fc.oneof(
  fc.record({ qualifier, mechanism: fc.constant('include' as const), value: domain }),
  fc.record({ qualifier, mechanism: fc.constant('exists' as const), value: domain }),
  fc
    .record({
      qualifier,
      mechanism: fc.constant('ip4' as const),
      value: ip4,
      cidr4: opt(fc.integer({ min: 0, max: 32 })),
    })
    .map(
      (t) =>
        (t.cidr4 === undefined
          ? { qualifier: t.qualifier, mechanism: t.mechanism, value: t.value }
          : t) as SpfTermOption,
    ),
  fc.record({
    qualifier,
    mechanism: fc.constant('ip6' as const),
    value: fc.constantFrom('2001:db8::1', '2001:db8:5::', 'fe80::1'),
    cidr6: fc.integer({ min: 16, max: 128 }),
  }),
  fc.record({
    qualifier,
    mechanism: fc.constantFrom('a' as const, 'mx' as const),
    value: fc.oneof(fc.constant(''), domain),
    cidr4: fc.integer({ min: 8, max: 32 }),
    cidr6: fc.integer({ min: 32, max: 128 }),
  }),
);
const spfOptions: fc.Arbitrary<SpfOptions> = fc.record({
  terms: fc.array(term, { maxLength: 8 }),
  all: fc.option(qualifier, { nil: null }),
  redirect: fc.option(domain, { nil: null }),
  exp: fc.option(domain, { nil: null }),
});

const RUNS = 2000;

describe('generators round-trip through the parsers', () => {
  it('DMARC', () => {
    fc.assert(
      fc.property(dmarcOptions, (o) => {
        const text = generateDmarc(o);
        const back = dmarcOptionsFromRecord(text);
        expect(back.ok).toBe(true);
        if (!back.ok) return;
        expect(back.parse.ok, text).toBe(true);
        expect(back.options).toEqual(o);
        expect(generateDmarc(back.options)).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });

  it('SPF', () => {
    fc.assert(
      fc.property(spfOptions, (o) => {
        const text = generateSpf(o);
        expect(parseSpf(text).ok, text).toBe(true);
        const back = spfOptionsFromRecord(text);
        expect(back.ok && back.options).toEqual(o);
        expect(back.ok && generateSpf(back.options)).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });

  it('TLS-RPT', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            mailto,
            domain.map((d) => `https://${d}/tlsrpt`),
          ),
          { minLength: 1, maxLength: 3 },
        ),
        (rua) => {
          const text = generateTlsRpt({ rua });
          const back = parseTlsRptRecord(text);
          expect(back.ok && back.record.rua.map((r) => r.uri)).toEqual(rua);
          expect(back.ok && generateTlsRpt({ rua: back.record.rua.map((r) => r.uri) })).toBe(text);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('MTA-STS record and policy', () => {
    fc.assert(
      fc.property(
        fc.record({
          mode: fc.constantFrom('enforce' as const, 'testing' as const, 'none' as const),
          mx: fc.array(
            fc.oneof(
              domain,
              domain.map((d) => `*.${d}`),
            ),
            { minLength: 1, maxLength: 4 },
          ),
          maxAge: fc.integer({ min: 0, max: 31_557_600 }),
          id: fc.stringMatching(/^[A-Za-z0-9]{1,32}$/),
        }),
        (o) => {
          const txt = parseMtaStsTxt(generateMtaStsTxt(o));
          expect(txt.ok && txt.record.id).toBe(o.id);
          const policy = parseMtaStsPolicy(generateMtaStsPolicy(o));
          expect(policy.ok && policy.record).toEqual({
            version: 'STSv1',
            mode: o.mode,
            mx: o.mx,
            maxAge: o.maxAge,
          });
          expect(policy.issues).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('BIMI', () => {
    fc.assert(
      fc.property(
        domain,
        fc.option(fc.constantFrom('brand' as const, 'personal' as const), { nil: undefined }),
        (d, avp) => {
          const o = {
            logo: `https://${d}/logo.svg`,
            authority: `https://${d}/vmc.pem`,
            ...(avp ? { avp } : {}),
          };
          const back = parseBimiRecord(generateBimi(o));
          expect(back.ok && back.record).toMatchObject({
            logo: o.logo,
            authority: o.authority,
            avp: avp ?? null,
          });
          expect(
            back.ok &&
              generateBimi({
                logo: back.record.logo!,
                authority: back.record.authority!,
                ...(back.record.avp ? { avp: back.record.avp } : {}),
              }),
          ).toBe(generateBimi(o));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('invalid options give the parsers’ own messages', () => {
  it('DMARC: a rua without mailto and an unknown policy', () => {
    const text = generateDmarc({ p: 'nonsense' as never, rua: ['dmarc@example.com'], ruf: [] });
    const parsed = parseDmarcRecord(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors).toEqual([
      'p=nonsense is not a policy: use none, quarantine or reject.',
      'rua: “dmarc@example.com” is missing “mailto:”; write mailto:dmarc@example.com.',
    ]);
  });
  it('SPF: a bad address and a bad prefix', () => {
    const text = generateSpf({
      terms: [
        { qualifier: '+', mechanism: 'ip4', value: '300.1.1.1' },
        { qualifier: '+', mechanism: 'ip6', value: '2001:db8::', cidr6: 200 },
      ],
      all: '-',
      redirect: null,
      exp: null,
    });
    const parsed = parseSpf(text);
    expect(!parsed.ok && parsed.issues.map((e) => e.code)).toEqual(['bad-network', 'bad-cidr']);
  });
});
