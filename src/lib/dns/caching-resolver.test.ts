import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CachingResolver } from './caching-resolver';
import { DnsTransportError } from './errors';
import type { DohResponse, Resolver } from './types';

function counting(answer: (name: string) => DohResponse | Error, delayMs = 0) {
  const asked: string[] = [];
  const resolver: Resolver = {
    async query(name, type) {
      asked.push(`${name}|${type}`);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      const a = answer(name);
      if (a instanceof Error) throw a;
      return a;
    },
  };
  return { resolver, asked };
}

const txt = (ttl: number): DohResponse => ({
  Status: 0,
  Answer: [{ name: 'a.example', type: 16, TTL: ttl, data: '"x"' }],
});

describe('CachingResolver', () => {
  it('joins questions already in flight', async () => {
    const { resolver, asked } = counting(() => txt(60), 5);
    const cache = new CachingResolver(resolver);
    const [a, b] = await Promise.all([cache.query('a.example', 'TXT'), cache.query('A.EXAMPLE.', 'txt')]);
    expect(a).toBe(b);
    expect(asked).toHaveLength(1);
    expect(cache.stats).toEqual({ misses: 1, hits: 0, joined: 1 });
  });

  it('answers from cache until the TTL runs out', async () => {
    let now = 0;
    const { resolver, asked } = counting(() => txt(60));
    const cache = new CachingResolver(resolver, { now: () => now });
    await cache.query('a.example', 'TXT');
    now = 59_000;
    await cache.query('a.example', 'TXT');
    expect(asked).toHaveLength(1);
    now = 61_000;
    await cache.query('a.example', 'TXT');
    expect(asked).toHaveLength(2);
  });

  it('caches NXDOMAIN for the SOA TTL and never caches SERVFAIL', async () => {
    let now = 0;
    const { resolver, asked } = counting((name) =>
      name.startsWith('nx')
        ? { Status: 3, Authority: [{ name: 'example', type: 6, TTL: 30, data: 'x' }] }
        : { Status: 2 },
    );
    const cache = new CachingResolver(resolver, { now: () => now });
    await cache.query('nx.example', 'TXT');
    await cache.query('nx.example', 'TXT');
    await cache.query('sf.example', 'TXT');
    await cache.query('sf.example', 'TXT');
    expect(asked).toEqual(['nx.example|TXT', 'sf.example|TXT', 'sf.example|TXT']);
    now = 31_000;
    await cache.query('nx.example', 'TXT');
    expect(asked).toHaveLength(4);
  });

  it('does not cache failures in TTL mode', async () => {
    const { resolver, asked } = counting(() => new DnsTransportError('timeout', 't'));
    const cache = new CachingResolver(resolver);
    await expect(cache.query('a.example', 'TXT')).rejects.toThrow();
    await expect(cache.query('a.example', 'TXT')).rejects.toThrow();
    expect(asked).toHaveLength(2);
  });

  it('in memo mode asks nothing twice, failures and TTL 0 included', async () => {
    const { resolver, asked } = counting((name) =>
      name === 'bad.example' ? new DnsTransportError('timeout', 't') : txt(0),
    );
    const memo = new CachingResolver(resolver, { memo: true });
    await memo.query('a.example', 'TXT');
    await memo.query('a.example', 'TXT');
    await expect(memo.query('bad.example', 'TXT')).rejects.toThrow();
    await expect(memo.query('bad.example', 'TXT')).rejects.toThrow();
    expect(asked).toEqual(['a.example|TXT', 'bad.example|TXT']);
  });

  it('lets one caller abort without failing the others', async () => {
    const { resolver } = counting(() => txt(60), 20);
    const cache = new CachingResolver(resolver);
    const controller = new AbortController();
    const first = cache.query('a.example', 'TXT', controller.signal);
    const second = cache.query('a.example', 'TXT');
    controller.abort();
    await expect(first).rejects.toMatchObject({ code: 'aborted' });
    await expect(second).resolves.toMatchObject({ Status: 0 });
  });
});

// A domain check races about fifty questions on one run signal (DKIM selector discovery): one listener each made
// Node warn "MaxListenersExceededWarning … 11 abort listeners added to [AbortSignal]" in the state tests.
describe('abort listeners on a run’s signal', () => {
  const listeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

  it('stay at one however many questions race the signal, and none once they are answered', async () => {
    const { resolver } = counting(() => txt(60), 5);
    const cache = new CachingResolver(resolver);
    const run = new AbortController();
    const asking = Array.from({ length: 60 }, (_, i) => cache.query(`s${i}.example`, 'TXT', run.signal));
    expect(listeners(run.signal)).toBe(1);
    await Promise.all(asking);
    expect(listeners(run.signal)).toBe(0);
    // A second run on the same signal starts from none again.
    await Promise.all(Array.from({ length: 30 }, (_, i) => cache.query(`t${i}.example`, 'TXT', run.signal)));
    expect(listeners(run.signal)).toBe(0);
  });

  it('an abort still cancels every question racing the signal, and leaves no listener', async () => {
    const { resolver } = counting(() => txt(60), 50);
    const cache = new CachingResolver(resolver);
    const run = new AbortController();
    const asking = Array.from({ length: 20 }, (_, i) => cache.query(`s${i}.example`, 'TXT', run.signal));
    run.abort();
    const settled = await Promise.allSettled(asking);
    expect(settled.every((s) => s.status === 'rejected' && s.reason instanceof DnsTransportError)).toBe(true);
    expect(listeners(run.signal)).toBe(0);
  });
});
