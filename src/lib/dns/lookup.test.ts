import { describe, expect, it } from 'vitest';
import { DnsTransportError } from './errors';
import { QueryBudget } from './query-budget';
import {
  MAX_ANSWER_RECORDS,
  MAX_CNAME_CHAIN,
  failureCause,
  interpretResponse,
  wholeRRset,
  lookup,
  parseMxData,
  txtRecords,
  type ErrorLookup,
} from './lookup';
import type { DohResponse, Resolver } from './types';

// Answers shaped like real Cloudflare and Google DoH JSON captures: Cloudflare omits trailing dots on owner
// names and quotes TXT; Google adds trailing dots everywhere and prints TXT raw.
/** The header flags both providers send with a plain recursive answer. */
const answered = { Status: 0, TC: false, RD: true, RA: true, AD: false, CD: false };
const cloudflareTxt: DohResponse = {
  ...answered,
  Question: [{ name: 'example.com', type: 16 }],
  Answer: [{ name: 'example.com', type: 16, TTL: 300, data: '"v=spf1 include:_spf.example.net " "-all"' }],
};
const googleTxt: DohResponse = {
  ...answered,
  Question: [{ name: 'example.com.', type: 16 }],
  Answer: [{ name: 'example.com.', type: 16, TTL: 300, data: 'v=spf1 include:_spf.example.net -all' }],
  Comment: 'Response from 192.0.2.53.',
};

describe('interpretResponse', () => {
  it('reads the same TXT from Cloudflare and Google', () => {
    const cf = interpretResponse('example.com', 'TXT', cloudflareTxt);
    const g = interpretResponse('example.com', 'TXT', googleTxt);
    expect(txtRecords(cf).map((t) => t.text)).toEqual(['v=spf1 include:_spf.example.net -all']);
    expect(txtRecords(g).map((t) => t.text)).toEqual(['v=spf1 include:_spf.example.net -all']);
  });

  it('follows a CNAME chain to the target records (Cloudflare shape)', () => {
    const r = interpretResponse('selector1._domainkey.example.com', 'TXT', {
      Status: 0,
      Answer: [
        {
          name: 'selector1._domainkey.example.com',
          type: 5,
          TTL: 3600,
          data: 'selector1-example-com._domainkey.tenant.onmicrosoft.com.',
        },
        {
          name: 'selector1-example-com._domainkey.tenant.onmicrosoft.com',
          type: 16,
          TTL: 3600,
          data: '"v=DKIM1; k=rsa; p=AAAA"',
        },
      ],
    });
    expect(r.kind).toBe('records');
    expect(r.chain).toEqual(['selector1-example-com._domainkey.tenant.onmicrosoft.com']);
    expect(txtRecords(r)[0]!.text).toBe('v=DKIM1; k=rsa; p=AAAA');
  });

  it.each([
    {
      name: 'follows a two-step CNAME chain with Google trailing dots',
      asked: 'a.example.',
      answer: [
        { name: 'a.example.', type: 5, TTL: 60, data: 'b.example.' },
        { name: 'b.example.', type: 5, TTL: 60, data: 'c.example.' },
        { name: 'c.example.', type: 16, TTL: 60, data: 'hello' },
      ],
      outcome: { kind: 'records', ttl: 60 },
      chain: ['b.example', 'c.example'],
    },
    {
      name: 'reads a CNAME cycle as a DNS failure, not as a missing record',
      asked: 'a.example',
      answer: [
        { name: 'a.example', type: 5, TTL: 60, data: 'b.example.' },
        { name: 'b.example', type: 5, TTL: 60, data: 'a.example.' },
      ],
      outcome: { kind: 'error', reason: 'cname-loop' },
      chain: ['b.example'],
    },
  ])('$name', ({ asked, answer, outcome, chain }) => {
    const r = interpretResponse(asked, 'TXT', { Status: 0, Answer: answer });
    expect(r).toMatchObject(outcome);
    expect(r.chain).toEqual(chain);
  });

  it('reads a truncated answer with no records as could-not-check, and keeps records of a truncated one', () => {
    const empty = interpretResponse('a.example', 'TXT', { Status: 0, TC: true, Answer: [] });
    expect(empty).toMatchObject({ kind: 'error', reason: 'truncated' });
    const some = interpretResponse('a.example', 'TXT', {
      Status: 0,
      TC: true,
      Answer: [{ name: 'a.example', type: 16, TTL: 60, data: 'v=spf1 -all' }],
    });
    expect(some).toMatchObject({ kind: 'records', truncated: true });
  });

  it('gives up on a chain of 10,000 CNAMEs as resolvers do, in linear time', () => {
    const answers = Array.from({ length: 10_000 }, (_, i) => ({
      name: `n${i}.example`,
      type: 5,
      TTL: 60,
      data: `n${i + 1}.example.`,
    }));
    answers.push({ name: 'n10000.example', type: 16, TTL: 60, data: 'v=DMARC1; p=reject' });
    const r = interpretResponse('n0.example', 'TXT', { Status: 0, Answer: answers });
    expect(r).toMatchObject({ kind: 'error', reason: 'cname-loop' });
    expect(r.chain).toHaveLength(MAX_CNAME_CHAIN);
  });

  it('caps an answer of 10,000 records and says how many there were', () => {
    const answers = Array.from({ length: 10_000 }, (_, i) => ({
      name: 'big.example',
      type: 1,
      TTL: 60 + i,
      data: `192.0.2.${i % 256}`,
    }));
    const r = interpretResponse('big.example', 'A', { Status: 0, Answer: answers });
    expect(r.kind === 'records' && r.records.length).toBe(MAX_ANSWER_RECORDS);
    expect(r.kind === 'records' && r.capped).toBe(10_000);
    expect(r.kind === 'records' && r.ttl).toBe(60);
  });

  it('reports a CNAME to a missing name as NXDOMAIN with the chain (RFC 6604)', () => {
    const r = interpretResponse('x.example', 'TXT', {
      Status: 3,
      Answer: [{ name: 'x.example', type: 5, TTL: 60, data: 'gone.example.' }],
      Authority: [{ name: 'example', type: 6, TTL: 300, data: 'ns. host. 1 2 3 4 5' }],
    });
    expect(r.kind).toBe('nxdomain');
    expect(r.chain).toEqual(['gone.example']);
  });

  it('tells NXDOMAIN, NODATA, SERVFAIL and REFUSED apart', () => {
    expect(interpretResponse('n.example', 'TXT', { Status: 3 }).kind).toBe('nxdomain');
    expect(interpretResponse('n.example', 'TXT', { Status: 0, Authority: [] }).kind).toBe('nodata');
    expect(interpretResponse('n.example', 'TXT', { Status: 2 })).toMatchObject({
      kind: 'error',
      reason: 'servfail',
    });
    expect(interpretResponse('n.example', 'TXT', { Status: 5 })).toMatchObject({
      kind: 'error',
      reason: 'refused',
    });
    expect(interpretResponse('n.example', 'TXT', { Status: 4 })).toMatchObject({
      kind: 'error',
      reason: 'rcode',
    });
  });

  it('keeps only records of the asked type', () => {
    const r = interpretResponse('example.com', 'A', {
      Status: 0,
      Answer: [
        { name: 'example.com', type: 16, TTL: 1, data: '"x"' },
        { name: 'example.com', type: 1, TTL: 1, data: '192.0.2.1' },
      ],
    });
    expect(r.kind === 'records' && r.records.map((x) => x.data)).toEqual(['192.0.2.1']);
  });

  it('reads answers that do not answer the question as could-not-check, never as NODATA', () => {
    const bad = (response: unknown) => interpretResponse('x.example', 'TXT', response as DohResponse);
    // Records of another type, for another name, or with data that is not text.
    expect(
      bad({ Status: 0, Answer: [{ name: 'x.example', type: 1, TTL: 1, data: '192.0.2.1' }] }),
    ).toMatchObject({
      kind: 'error',
      reason: 'bad-response',
      cause: 'unreadable DNS answer',
    });
    expect(bad({ Status: 0, Answer: [{ name: 'y.example', type: 16, TTL: 1, data: '"x"' }] }).kind).toBe(
      'error',
    );
    expect(bad({ Status: 0, Answer: [{ name: 'x.example', type: 16, TTL: 1, data: 42 }] }).kind).toBe(
      'error',
    );
    expect(bad({ Status: 0, Answer: { name: 'x.example' } }).kind).toBe('error');
    // RFC 2181 §10.1: one CNAME per name; 10,000 at the asked name cannot be followed.
    const cnames = Array.from({ length: 10_000 }, (_, i) => ({
      name: 'x.example',
      type: 5,
      TTL: 1,
      data: `t${i}.example.`,
    }));
    expect(bad({ Status: 0, Answer: cnames })).toMatchObject({ kind: 'error', reason: 'bad-response' });
    // DNSSEC signatures beside an empty answer are still NODATA.
    expect(
      bad({ Status: 0, Answer: [{ name: 'x.example', type: 46, TTL: 1, data: 'TXT 13 2 300 …' }] }).kind,
    ).toBe('nodata');
  });

  it('names the cause of every failure in a few words', () => {
    expect(interpretResponse('x.example', 'TXT', { Status: 2 })).toMatchObject({ cause: 'SERVFAIL' });
    expect(interpretResponse('x.example', 'TXT', { Status: 4 })).toMatchObject({ cause: 'NOTIMP' });
    expect(interpretResponse('x.example', 'TXT', { Status: 0, TC: true })).toMatchObject({
      cause: 'truncated answer',
    });
    expect(failureCause('timeout')).toBe('timed out');
  });

  it('reads a capped answer as an error where the whole RRset is needed', () => {
    const answers = Array.from({ length: 1500 }, (_, i) => ({
      name: 'x.example',
      type: 16,
      TTL: 1,
      data: `"r${i}"`,
    }));
    const capped = interpretResponse('x.example', 'TXT', { Status: 0, Answer: answers });
    expect(capped).toMatchObject({ kind: 'records', capped: 1500 });
    expect(wholeRRset(capped)).toMatchObject({
      kind: 'error',
      reason: 'too-many-records',
      cause: 'answer over 1,000 records',
      // The zone holds the records: every later check meets the same cap.
      lasting: true,
    });
    const small = interpretResponse('x.example', 'TXT', { Status: 0, Answer: answers.slice(0, 2) });
    expect(wholeRRset(small)).toBe(small);
  });

  it('reads the AD flag', () => {
    expect(interpretResponse('example.com', 'A', { Status: 0, AD: true }).ad).toBe(true);
  });
});

describe('lasting or passing: the flag set where each failure is made', () => {
  it('SERVFAIL, REFUSED and an unusual RCODE may pass; a CNAME loop is in the zone and lasts', () => {
    expect(interpretResponse('a.example', 'TXT', { Status: 2 })).toMatchObject({
      kind: 'error',
      lasting: false,
    });
    expect(interpretResponse('a.example', 'TXT', { Status: 5 })).toMatchObject({
      kind: 'error',
      lasting: false,
    });
    expect(interpretResponse('a.example', 'TXT', { Status: 4 })).toMatchObject({
      kind: 'error',
      lasting: false,
    });
    const loop = interpretResponse('a.example', 'TXT', {
      Status: 0,
      Answer: [
        { name: 'a.example', type: 5, TTL: 1, data: 'b.example.' },
        { name: 'b.example', type: 5, TTL: 1, data: 'a.example.' },
      ],
    });
    expect(loop).toMatchObject({ kind: 'error', reason: 'cname-loop', lasting: true });
  });

  it('a timeout or an unreachable provider may pass; the query limit is met again on every check', async () => {
    const failing = (error: Error): Resolver => ({ query: () => Promise.reject(error) });
    expect(
      await lookup(failing(new DnsTransportError('timeout', 'no answer in 5 s')), 'a.example', 'TXT'),
    ).toMatchObject({ reason: 'timeout', lasting: false });
    expect(await lookup(failing(new TypeError('Failed to fetch')), 'a.example', 'TXT')).toMatchObject({
      reason: 'network',
      lasting: false,
    });
    const budget = new QueryBudget({ query: () => Promise.resolve({ Status: 0 }) }, 1);
    expect(await lookup(budget, 'a.example', 'TXT')).toMatchObject({ kind: 'nodata' });
    expect(await lookup(budget, 'b.example', 'TXT')).toMatchObject({
      kind: 'error',
      reason: 'query-limit',
      cause: 'query limit reached',
      lasting: true,
    });
  });

  it('only a provider that cannot be reached or answers an HTTP error is the resolver’s failure', async () => {
    const failing = (error: Error): Resolver => ({ query: () => Promise.reject(error) });
    const at = async (error: Error) => (await lookup(failing(error), 'a.example', 'TXT')) as ErrorLookup;
    expect((await at(new DnsTransportError('network', 'could not connect'))).atResolver).toBe(true);
    expect((await at(new DnsTransportError('http', 'HTTP 503', { httpStatus: 503 }))).atResolver).toBe(true);
    expect((await at(new DnsTransportError('timeout', 'no answer in 5 s'))).atResolver).toBe(false);
    // SERVFAIL is the provider's answer about the domain's servers: the domain's side.
    expect(interpretResponse('a.example', 'TXT', { Status: 2 })).toMatchObject({ atResolver: false });
  });
});

describe('lookup', () => {
  it('turns a transport failure into an error outcome, never "missing"', async () => {
    const resolver: Resolver = {
      query: () => Promise.reject(new DnsTransportError('timeout', 'no answer in 5 s')),
    };
    const r = await lookup(resolver, 'example.com', 'TXT');
    expect(r).toMatchObject({ kind: 'error', reason: 'timeout' });
  });

  it('turns a malformed answer into an error outcome', async () => {
    const resolver: Resolver = { query: () => Promise.resolve({} as DohResponse) };
    expect(await lookup(resolver, 'example.com', 'TXT')).toMatchObject({
      kind: 'error',
      reason: 'bad-response',
    });
  });

  it('rethrows when the caller aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const resolver: Resolver = { query: () => Promise.reject(new DnsTransportError('aborted', 'x')) };
    await expect(lookup(resolver, 'example.com', 'TXT', controller.signal)).rejects.toThrow();
  });
});

describe('parseMxData', () => {
  it('reads both providers’ MX data', () => {
    expect(parseMxData('10 aspmx.l.google.com.')).toEqual({ preference: 10, exchange: 'aspmx.l.google.com' });
    expect(parseMxData('0 .')).toEqual({ preference: 0, exchange: '.' });
    expect(parseMxData('junk')).toBeNull();
    expect(parseMxData('70000 a.example.')).toBeNull();
  });
});
