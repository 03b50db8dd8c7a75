// In-flight de-duplication and a TTL-respecting cache (RFC 1035 §3.2.1 TTL, RFC 2308 §5 negative caching).

import { onAbort } from './abort-fanout';
import { DnsTransportError } from './errors';
import { canonicalName } from './names';
import type { DohResponse, Resolver } from './types';

/** Cap on how long any answer is kept, whatever its TTL: a checker should see changes soon. */
export const MAX_CACHE_SECONDS = 300;
/** RFC 2308 §5: negative answers are cached for the SOA TTL/minimum; without an SOA, this long. */
export const DEFAULT_NEGATIVE_SECONDS = 60;
const MAX_ENTRIES = 5000;

export interface CacheStats {
  /** Questions that reached the inner resolver. */
  misses: number;
  /** Questions answered from the cache. */
  hits: number;
  /** Questions that joined a question already in flight. */
  joined: number;
}

interface Entry {
  response: DohResponse;
  expires: number;
}

function cacheSeconds(response: DohResponse): number {
  // SERVFAIL and other failures are not cached: a retry may succeed.
  if (response.Status !== 0 && response.Status !== 3) return 0;
  const answers = response.Answer ?? [];
  if (answers.length > 0) return Math.min(MAX_CACHE_SECONDS, ...answers.map((r) => Math.max(0, r.TTL)));
  const soa = (response.Authority ?? []).find((r) => r.type === 6);
  return Math.min(MAX_CACHE_SECONDS, soa ? Math.max(0, soa.TTL) : DEFAULT_NEGATIVE_SECONDS);
}

function raceAbort<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new DnsTransportError('aborted', 'The query was cancelled.'));
  return new Promise<T>((resolve, reject) => {
    // One listener on the signal for all the questions racing it, removed when the last one settles.
    const forget = onAbort(signal, () =>
      reject(new DnsTransportError('aborted', 'The query was cancelled.')),
    );
    promise.then(
      (value) => {
        forget();
        resolve(value);
      },
      (error: unknown) => {
        forget();
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export class CachingResolver implements Resolver {
  readonly #inner: Resolver;
  readonly #now: () => number;
  readonly #cache = new Map<string, Entry>();
  readonly #inflight = new Map<string, Promise<DohResponse>>();
  readonly #stats: CacheStats = { misses: 0, hits: 0, joined: 0 };

  readonly #memo: boolean;

  /**
   * `memo: true` keeps every answer, failures included, for the life of this object whatever the TTL: one
   * check then never asks the same question twice. Otherwise answers live for their TTL (capped).
   */
  constructor(inner: Resolver, options: { now?: () => number; memo?: boolean } = {}) {
    this.#inner = inner;
    this.#now = options.now ?? (() => Date.now());
    this.#memo = options.memo ?? false;
  }

  get inner(): Resolver {
    return this.#inner;
  }

  get stats(): Readonly<CacheStats> {
    return { ...this.#stats };
  }

  clear(): void {
    this.#cache.clear();
  }

  query(name: string, type: string, signal?: AbortSignal): Promise<DohResponse> {
    const key = `${canonicalName(name)}|${type.toUpperCase()}`;
    const cached = this.#cache.get(key);
    if (cached && cached.expires > this.#now()) {
      this.#stats.hits++;
      return Promise.resolve(cached.response);
    }
    const pending = this.#inflight.get(key);
    if (pending) {
      if (this.#memo) this.#stats.hits++;
      else this.#stats.joined++;
      return raceAbort(pending, signal);
    }
    this.#stats.misses++;
    // The shared question runs without any one caller's signal, so one caller cancelling does not fail the
    // others; each caller races its own signal instead.
    const promise = this.#inner.query(name, type).then(
      (response) => {
        if (this.#memo) return response;
        this.#inflight.delete(key);
        const seconds = cacheSeconds(response);
        if (seconds > 0) {
          if (this.#cache.size >= MAX_ENTRIES) this.#cache.delete(this.#cache.keys().next().value!);
          this.#cache.set(key, { response, expires: this.#now() + seconds * 1000 });
        }
        return response;
      },
      (error: unknown) => {
        if (!this.#memo) this.#inflight.delete(key);
        throw error;
      },
    );
    this.#inflight.set(key, promise);
    return raceAbort(promise, signal);
  }
}
