import { describe, expect, it } from 'vitest';
import { CLOUDFLARE, DohClient, GOOGLE, buildQueryUrl, parseRetryAfter, type FetchLike } from './doh-client';
import { DnsTransportError } from './errors';
import type { QueryLogEntry } from './query-log';

type Script = (url: string, init: RequestInit) => Promise<Response> | Response | 'hang';

function fakeFetch(script: Script) {
  const calls: string[] = [];
  const fetch: FetchLike = (url, init) => {
    calls.push(url);
    const out = script(url, init);
    if (out === 'hang') {
      return new Promise((_, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }
    return Promise.resolve(out);
  };
  return { fetch, calls };
}

const ok = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/dns-json' } });
const answer = { Status: 0, Answer: [{ name: 'example.com', type: 16, TTL: 60, data: '"v=spf1 -all"' }] };
const noSleep = () => Promise.resolve();

describe('DohClient', () => {
  it('asks the first provider with the dns-json Accept header and no credentials', async () => {
    let seen: RequestInit | undefined;
    const { fetch, calls } = fakeFetch((_url, init) => {
      seen = init;
      return ok(answer);
    });
    const client = new DohClient({ providers: [CLOUDFLARE, GOOGLE], fetch });
    expect(await client.query('example.com', 'TXT')).toEqual(answer);
    expect(calls).toEqual(['https://cloudflare-dns.com/dns-query?name=example.com&type=TXT']);
    expect(seen?.headers).toEqual({ accept: 'application/dns-json' });
    expect(seen?.credentials).toBe('omit');
  });

  it('sends IDN names as punycode', async () => {
    const { fetch, calls } = fakeFetch(() => ok(answer));
    await new DohClient({ providers: [GOOGLE], fetch }).query('bücher.example', 'A');
    expect(calls[0]).toBe('https://dns.google/resolve?name=xn--bcher-kva.example&type=A');
  });

  it('refuses invalid names without asking', async () => {
    const { fetch, calls } = fakeFetch(() => ok(answer));
    const client = new DohClient({ providers: [GOOGLE], fetch });
    await expect(client.query(`${'a'.repeat(64)}.example`, 'TXT')).rejects.toMatchObject({
      code: 'invalid-name',
    });
    expect(calls).toEqual([]);
  });

  it('returns SERVFAIL and NXDOMAIN answers as answers (HTTP 200)', async () => {
    const { fetch } = fakeFetch(() => ok({ Status: 2 }));
    expect(await new DohClient({ providers: [GOOGLE], fetch }).query('x.example', 'TXT')).toEqual({
      Status: 2,
    });
  });

  it('retries once on 5xx after the Retry-After delay, then succeeds', async () => {
    let n = 0;
    const waits: number[] = [];
    const { fetch, calls } = fakeFetch(() =>
      n++ === 0 ? new Response('busy', { status: 503, headers: { 'retry-after': '2' } }) : ok(answer),
    );
    const client = new DohClient({
      providers: [CLOUDFLARE, GOOGLE],
      fetch,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    expect(await client.query('example.com', 'TXT')).toEqual(answer);
    expect(waits).toEqual([2000]);
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.startsWith(CLOUDFLARE.url))).toBe(true);
  });

  it('retries on 429 with the default delay when there is no Retry-After', async () => {
    let n = 0;
    const waits: number[] = [];
    const { fetch } = fakeFetch(() => (n++ === 0 ? new Response('', { status: 429 }) : ok(answer)));
    const client = new DohClient({
      providers: [GOOGLE],
      fetch,
      retryDelayMs: 250,
      sleep: (ms) => (waits.push(ms), Promise.resolve()),
    });
    await client.query('example.com', 'TXT');
    expect(waits).toEqual([250]);
  });

  it('fails over to the next provider when Retry-After is too long', async () => {
    const { fetch, calls } = fakeFetch((url) =>
      url.startsWith(CLOUDFLARE.url)
        ? new Response('', { status: 503, headers: { 'retry-after': '120' } })
        : ok(answer),
    );
    const client = new DohClient({ providers: [CLOUDFLARE, GOOGLE], fetch, sleep: noSleep });
    expect(await client.query('example.com', 'TXT')).toEqual(answer);
    expect(calls.map((c) => new URL(c).host)).toEqual(['cloudflare-dns.com', 'dns.google']);
  });

  it('fails over after a 5xx retry also fails', async () => {
    const { fetch, calls } = fakeFetch((url) =>
      url.startsWith(CLOUDFLARE.url) ? new Response('', { status: 502 }) : ok(answer),
    );
    const client = new DohClient({ providers: [CLOUDFLARE, GOOGLE], fetch, sleep: noSleep });
    await client.query('example.com', 'TXT');
    expect(calls.map((c) => new URL(c).host)).toEqual([
      'cloudflare-dns.com',
      'cloudflare-dns.com',
      'dns.google',
    ]);
  });

  it('does not retry a 400 but fails over', async () => {
    const { fetch, calls } = fakeFetch((url) =>
      url.startsWith(GOOGLE.url) ? new Response('{}', { status: 400 }) : ok(answer),
    );
    await new DohClient({ providers: [GOOGLE, CLOUDFLARE], fetch, sleep: noSleep }).query(
      'example.com',
      'TXT',
    );
    expect(calls.map((c) => new URL(c).host)).toEqual(['dns.google', 'cloudflare-dns.com']);
  });

  it('times out a provider that hangs and fails over', async () => {
    const { fetch } = fakeFetch((url) => (url.startsWith(CLOUDFLARE.url) ? 'hang' : ok(answer)));
    const log: QueryLogEntry[] = [];
    const client = new DohClient({
      providers: [CLOUDFLARE, GOOGLE],
      fetch,
      timeoutMs: 20,
      onQuery: (e) => log.push(e),
    });
    expect(await client.query('example.com', 'TXT')).toEqual(answer);
    expect(log.map((e) => [e.provider, e.status, e.ok])).toEqual([
      ['Cloudflare', 'timeout', false],
      ['Google', 'NOERROR', true],
    ]);
    expect(client.health().map((h) => h.state)).toEqual(['down', 'up']);
  });

  it('asks a provider that failed last for later queries', async () => {
    const { fetch, calls } = fakeFetch((url) => (url.startsWith(CLOUDFLARE.url) ? 'hang' : ok(answer)));
    const client = new DohClient({ providers: [CLOUDFLARE, GOOGLE], fetch, timeoutMs: 20 });
    await client.query('a.example', 'TXT');
    calls.length = 0;
    await client.query('b.example', 'TXT');
    expect(calls.map((c) => new URL(c).host)).toEqual(['dns.google']);
  });

  it('rejects with a transport error naming every provider when all are down', async () => {
    const { fetch } = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const client = new DohClient({ providers: [CLOUDFLARE, GOOGLE], fetch, sleep: noSleep });
    const error = await client.query('example.com', 'TXT').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DnsTransportError);
    expect(error).toMatchObject({ code: 'network', providers: ['Cloudflare', 'Google'] });
    expect((error as Error).message).toMatch(/Cloudflare: could not connect.*Google: could not connect/);
  });

  it('rejects an answer that is not DoH JSON', async () => {
    const { fetch } = fakeFetch(() => new Response('<html>captive portal</html>', { status: 200 }));
    await expect(
      new DohClient({ providers: [GOOGLE], fetch }).query('example.com', 'TXT'),
    ).rejects.toMatchObject({ code: 'bad-response' });
    const { fetch: f2 } = fakeFetch(() => ok({ Status: 0, Answer: [{ name: 1 }] }));
    await expect(
      new DohClient({ providers: [GOOGLE], fetch: f2 }).query('example.com', 'TXT'),
    ).rejects.toMatchObject({ code: 'bad-response' });
  });

  it('stops at once when the caller aborts', async () => {
    const { fetch, calls } = fakeFetch(() => 'hang');
    const controller = new AbortController();
    const client = new DohClient({ providers: [CLOUDFLARE, GOOGLE], fetch, timeoutMs: 10_000 });
    const p = client.query('example.com', 'TXT', controller.signal);
    controller.abort();
    await expect(p).rejects.toMatchObject({ code: 'aborted' });
    expect(calls).toHaveLength(1);
  });

  it('logs each attempt with status and provider', async () => {
    const log: QueryLogEntry[] = [];
    const { fetch } = fakeFetch(() => ok({ Status: 3 }));
    await new DohClient({ providers: [GOOGLE], fetch, onQuery: (e) => log.push(e) }).query(
      'nx.example',
      'MX',
    );
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      name: 'nx.example',
      type: 'MX',
      provider: 'Google',
      status: 'NXDOMAIN',
      ok: true,
      attempt: 1,
    });
  });
});

describe('helpers', () => {
  it('parses Retry-After in seconds and as a date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(5000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
  it('appends parameters to a custom URL that has a query', () => {
    expect(buildQueryUrl({ id: 'c', label: 'c', url: 'https://d.example/q?x=1' }, 'a.example', 'TXT')).toBe(
      'https://d.example/q?x=1&name=a.example&type=TXT',
    );
  });
});
