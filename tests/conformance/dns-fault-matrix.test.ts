// The DNS fault matrix: 32 shapes a DoH answer can fail in, each put in front of one area of the domain check for
// good.example (every other question answered from the zone fixtures). Every cell must read "could not check" with
// the reason — never as a missing record, a missing key, an unsigned zone or a domain without mail — and the other
// areas must not change their verdict because of it.

import { beforeAll, describe, expect, it } from 'vitest';
import { DnsTransportError } from '../../src/lib/dns/errors';
import { canonicalName } from '../../src/lib/dns/names';
import type { DohRecord, DohResponse, Resolver } from '../../src/lib/dns/types';
import { answerFromZone, ZoneResolver } from '../../src/lib/dns/zone';
import { findingsOf } from '../../src/lib/report/export';
import { checkDomain, type AreaId, type DomainReport } from '../../src/lib/report';
import { fixtureZone } from '../support/zones';

const zone = fixtureZone();
const DOMAIN = 'good.example';
const TYPES: Record<string, number> = { TXT: 16, MX: 15, DS: 43, A: 1, AAAA: 28 };

/** The questions each area's verdict rests on: the fault answers these, the zone everything else. */
const TARGETS: Record<AreaId, (name: string, type: string) => boolean> = {
  spf: (n, t) => n === DOMAIN && t === 'TXT',
  dmarc: (n, t) => n === `_dmarc.${DOMAIN}` && t === 'TXT',
  dkim: (n, t) => t === 'TXT' && (n === `_domainkey.${DOMAIN}` || n.endsWith(`._domainkey.${DOMAIN}`)),
  mx: (n, t) => n === DOMAIN && t === 'MX',
  'mta-sts': (n, t) => n === `_mta-sts.${DOMAIN}` && t === 'TXT',
  'tls-rpt': (n, t) => n === `_smtp._tls.${DOMAIN}` && t === 'TXT',
  bimi: (n, t) => n === `default._bimi.${DOMAIN}` && t === 'TXT',
  dnssec: (n, t) => n === DOMAIN && t === 'DS',
};

const rr = (name: string, type: number, data: string): DohRecord => ({ name, type, TTL: 300, data });
/** A record of the asked type that is harmless to every area (MX: a host of the domain that works). */
function filler(type: string, i: number): string {
  switch (type) {
    case 'MX':
      return `10 mx1.${DOMAIN}.`;
    case 'DS':
      return `${i} 13 2 1F987CC6583E92DF0890718C42A2C6A1D4E3F0C2B0A4F3A6E1A4B2E7C8D9F0A1`;
    default:
      return `"filler record ${i}"`;
  }
}
const many = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const real = (name: string, type: string): DohResponse => {
  const answer = answerFromZone(zone, name, type, 'cloudflare');
  if (answer.kind !== 'answer') throw new Error(`${name} ${type} times out in the fixtures`);
  return answer.response;
};

type Shape = (name: string, type: string) => Promise<DohResponse>;
const answer = (r: unknown): Promise<DohResponse> => Promise.resolve(r as DohResponse);
const fail = (e: unknown): Promise<DohResponse> => Promise.reject(e);

/** The 32 shapes: transport failures, malformed bodies, error RCODEs, truncation, CNAME trouble, huge answers. */
const SHAPES: Record<string, Shape> = {
  timeout: () => fail(new DnsTransportError('timeout', 'No DNS answer (no answer in 5 s).')),
  'connection refused': () => fail(new DnsTransportError('network', 'could not connect')),
  'HTTP 503': () => fail(new DnsTransportError('http', 'HTTP 503', { httpStatus: 503 })),
  'HTTP 403': () => fail(new DnsTransportError('http', 'HTTP 403', { httpStatus: 403 })),
  'a body that is not JSON': () => fail(new DnsTransportError('bad-response', 'answer is not JSON')),
  'fetch rejecting with a TypeError': () => fail(new TypeError('Failed to fetch')),
  'a rejection that is not an Error': () => fail('boom'),
  'null instead of an answer': () => answer(null),
  'an object without Status': () => answer({ Answer: [] }),
  'Status as a string': () => answer({ Status: '0' }),
  'Answer that is not a list': (n) => answer({ Status: 0, Answer: { name: n } }),
  'records whose data is not text': (n, t) =>
    answer({ Status: 0, Answer: [{ ...rr(n, TYPES[t]!, ''), data: 42 }] }),
  'records of another type only': (n, t) =>
    answer({ Status: 0, Answer: [rr(n, t === 'A' ? 28 : 1, t === 'A' ? '2001:db8::1' : '192.0.2.1')] }),
  'records for another name only': (_n, t) =>
    answer({ Status: 0, Answer: [rr('elsewhere.example', TYPES[t]!, filler(t, 0))] }),
  SERVFAIL: () => answer({ Status: 2 }),
  REFUSED: () => answer({ Status: 5 }),
  FORMERR: () => answer({ Status: 1 }),
  NOTIMP: () => answer({ Status: 4 }),
  NOTAUTH: () => answer({ Status: 9 }),
  'an unknown RCODE': () => answer({ Status: 23 }),
  'TC=1 and no records': () => answer({ Status: 0, TC: true }),
  'TC=1 with only an SOA': (n) =>
    answer({ Status: 0, TC: true, Authority: [rr(n, 6, 'ns. host. 1 2 3 4 300')] }),
  'TC=1 with only a CNAME': (n) => answer({ Status: 0, TC: true, Answer: [rr(n, 5, 'target.example.')] }),
  'a CNAME to itself': (n) => answer({ Status: 0, Answer: [rr(n, 5, `${n}.`)] }),
  'a CNAME loop of two': (n) =>
    answer({ Status: 0, Answer: [rr(n, 5, 'loop.example.'), rr('loop.example', 5, `${n}.`)] }),
  'a CNAME chain of 17': (n) =>
    answer({
      Status: 0,
      Answer: [rr(n, 5, 'c0.example.'), ...many(16, (i) => rr(`c${i}.example`, 5, `c${i + 1}.example.`))],
    }),
  'a chain of 10,000 CNAMEs': (n, t) =>
    answer({
      Status: 0,
      Answer: [
        rr(n, 5, 'c0.example.'),
        ...many(10_000, (i) => rr(`c${i}.example`, 5, `c${i + 1}.example.`)),
        rr('c10000.example', TYPES[t]!, filler(t, 0)),
      ],
    }),
  '10,000 CNAMEs at the asked name': (n) =>
    answer({ Status: 0, Answer: many(10_000, (i) => rr(n, 5, `t${i}.example.`)) }),
  'a CNAME chain ending in SERVFAIL': (n) => answer({ Status: 2, Answer: [rr(n, 5, 'target.example.')] }),
  'SERVFAIL with records': (n, t) => answer({ Status: 2, Answer: [rr(n, TYPES[t]!, filler(t, 0))] }),
  '10,000 records': (n, t) =>
    answer({ Status: 0, Answer: many(10_000, (i) => rr(n, TYPES[t]!, filler(t, i))) }),
  '10,000 records with the real one last': (n, t) => {
    const own = real(n, t);
    return answer({
      ...own,
      Answer: [...many(10_000, (i) => rr(n, TYPES[t]!, filler(t, i))), ...(own.Answer ?? [])],
    });
  },
};

/** Answers of a shape, made once per question (the 10,000-record shapes are large to build). */
const made = new Map<Shape, Map<string, Promise<DohResponse>>>();
function answerOf(shape: Shape, name: string, type: string): Promise<DohResponse> {
  let byQuestion = made.get(shape);
  if (!byQuestion) made.set(shape, (byQuestion = new Map()));
  const key = `${name}|${type}`;
  let answer = byQuestion.get(key);
  if (!answer) {
    answer = shape(name, type);
    answer.catch(() => undefined);
    byQuestion.set(key, answer);
  }
  return answer;
}

function faultyResolver(area: AreaId, shape: Shape): Resolver {
  const zoneResolver = new ZoneResolver(zone);
  return {
    query: (name, type, signal) => {
      const n = canonicalName(name);
      const t = type.toUpperCase();
      return TARGETS[area](n, t) ? answerOf(shape, n, t) : zoneResolver.query(name, type, signal);
    },
  };
}

/** Words that state an absence: none of them may appear where the answer was a failure. */
const MISSING = /^No |not enabled|cannot receive mail|has no |does not exist|not set up|not signed/i;

const AREAS = Object.keys(TARGETS) as AreaId[];
const check = async (resolver: Resolver): Promise<DomainReport> => {
  const result = await checkDomain(DOMAIN, resolver, { now: () => new Date('2026-11-23T10:00:00Z') });
  if (!result.ok) throw new Error(result.error);
  return result.report;
};

describe('DNS fault matrix: 32 failure shapes × the domain check of good.example', () => {
  let baseline: DomainReport;
  beforeAll(async () => {
    baseline = await check(new ZoneResolver(zone));
  });

  it('has 32 shapes', () => {
    expect(Object.keys(SHAPES)).toHaveLength(32);
  });

  for (const area of AREAS) {
    describe(area, () => {
      for (const [name, shape] of Object.entries(SHAPES)) {
        it(`${name}: could not check, with the reason`, async () => {
          const report = await check(faultyResolver(area, shape));
          const summary = report.areas.find((a) => a.id === area)!;
          expect(summary.status, summary.headline).toBe('unknown');
          expect(summary.cause, summary.headline).toEqual(expect.any(String));
          expect(summary.headline).not.toMatch(/^(No |Not set up|Not signed)/);
          const findings = findingsOf(report, area);
          const unknown = findings.filter((f) => f.severity === 'unknown');
          expect(unknown.length, JSON.stringify(findings.map((f) => f.title))).toBeGreaterThan(0);
          for (const f of findings.filter(
            (f) => f.severity === 'error' || f.severity === 'warning' || f.severity === 'info',
          ))
            expect(`${f.title}`, f.detail).not.toMatch(MISSING);
          // The other areas keep their verdict, or say they could not check what depends on this one.
          for (const other of report.areas.filter((a) => a.id !== area)) {
            const before = baseline.areas.find((a) => a.id === other.id)!.status;
            expect([before, 'unknown'], `${other.id}: ${other.headline}`).toContain(other.status);
          }
          if (area === 'spf' || area === 'dmarc' || area === 'dkim') expect(report.grade.letter).toBeNull();
        });
      }
    });
  }
});
