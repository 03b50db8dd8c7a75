// DNS-over-HTTPS JSON client (Cloudflare "dns-json", Google "/resolve", or a compatible URL) with timeout,
// one retry on 5xx/429 honouring Retry-After, and failover to the next provider.

import { DnsTransportError, type DnsFailureCode } from './errors';
import { toAsciiName } from './names';
import type { QueryLogEntry } from './query-log';
import { rcodeName, typeNumber, type DohResponse, type Resolver } from './types';

export interface DohProvider {
  id: string;
  label: string;
  /** The endpoint; `name` and `type` are added as query parameters. */
  url: string;
}

export const CLOUDFLARE: DohProvider = {
  id: 'cloudflare',
  label: 'Cloudflare',
  url: 'https://cloudflare-dns.com/dns-query',
};
export const GOOGLE: DohProvider = { id: 'google', label: 'Google', url: 'https://dns.google/resolve' };

/** Per-attempt time limit. RFC 7208 §4.6.4 asks receivers to allow at least 20 s for a whole SPF check. */
export const DEFAULT_TIMEOUT_MS = 5000;
/** Longest Retry-After we honour before failing over instead. */
export const MAX_RETRY_AFTER_MS = 5000;
/** A provider that failed is tried last for this long, so one outage does not slow every later query. */
export const PROVIDER_PENALTY_MS = 60_000;
/** Largest DoH JSON body we read: a TXT RRset is limited to 64 KiB on the wire. */
const MAX_BODY_CHARS = 1_000_000;

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface DohClientOptions {
  providers: readonly DohProvider[];
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Delay before the retry when the server gives no Retry-After. */
  retryDelayMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  onQuery?: (entry: QueryLogEntry) => void;
}

export type ProviderHealth = { provider: DohProvider; state: 'unknown' | 'up' | 'down'; lastError?: string };

type Attempt =
  | { ok: true; response: DohResponse }
  | {
      ok: false;
      code: DnsFailureCode;
      message: string;
      retryable: boolean;
      retryAfterMs?: number;
      status?: number;
    };

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DnsTransportError('aborted', 'The query was cancelled.'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DnsTransportError('aborted', 'The query was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** RFC 9110 §10.2.3: Retry-After is delay-seconds or an HTTP-date. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export function buildQueryUrl(provider: DohProvider, name: string, type: string): string {
  const sep = provider.url.includes('?') ? '&' : '?';
  return `${provider.url}${sep}name=${encodeURIComponent(name)}&type=${encodeURIComponent(type)}`;
}

function isDohResponse(value: unknown): value is DohResponse {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.Status !== 'number') return false;
  for (const section of ['Answer', 'Authority', 'Additional']) {
    const records = v[section];
    if (records === undefined) continue;
    if (!Array.isArray(records)) return false;
    for (const r of records) {
      if (typeof r !== 'object' || r === null) return false;
      const rec = r as Record<string, unknown>;
      if (typeof rec.name !== 'string' || typeof rec.type !== 'number' || typeof rec.data !== 'string')
        return false;
    }
  }
  return true;
}

export class DohClient implements Resolver {
  readonly #providers: readonly DohProvider[];
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;
  readonly #retryDelayMs: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #now: () => number;
  readonly #onQuery: DohClientOptions['onQuery'];
  readonly #health = new Map<string, { state: 'up' | 'down'; until: number; lastError?: string }>();

  constructor(options: DohClientOptions) {
    if (options.providers.length === 0) throw new Error('DohClient needs at least one provider');
    this.#providers = options.providers;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#retryDelayMs = options.retryDelayMs ?? 300;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#now = options.now ?? (() => Date.now());
    this.#onQuery = options.onQuery;
  }

  get providers(): readonly DohProvider[] {
    return this.#providers;
  }

  health(): ProviderHealth[] {
    return this.#providers.map((provider) => {
      const h = this.#health.get(provider.id);
      if (!h) return { provider, state: 'unknown' };
      return h.lastError === undefined
        ? { provider, state: h.state }
        : { provider, state: h.state, lastError: h.lastError };
    });
  }

  /** Providers in the order to try: those that recently failed go last. */
  #order(): DohProvider[] {
    const now = this.#now();
    const healthy = this.#providers.filter((p) => {
      const h = this.#health.get(p.id);
      return !(h && h.state === 'down' && h.until > now);
    });
    const penalised = this.#providers.filter((p) => !healthy.includes(p));
    return [...healthy, ...penalised];
  }

  async query(name: string, type: string, signal?: AbortSignal): Promise<DohResponse> {
    const ascii = toAsciiName(name);
    if (!ascii.ok)
      throw new DnsTransportError('invalid-name', `“${name.slice(0, 80)}” cannot be asked: ${ascii.error}`);
    if (typeNumber(type) === null)
      throw new DnsTransportError('invalid-name', `Unknown record type ${type}.`);
    const failures: string[] = [];
    let lastCode: DnsFailureCode = 'network';
    let lastStatus: number | undefined;
    for (const provider of this.#order()) {
      let attempt = await this.#attempt(provider, ascii.name, type, signal, 1);
      if (!attempt.ok && attempt.retryable) {
        const wait = attempt.retryAfterMs ?? this.#retryDelayMs;
        if (wait <= MAX_RETRY_AFTER_MS) {
          await this.#sleep(wait, signal);
          attempt = await this.#attempt(provider, ascii.name, type, signal, 2);
        }
      }
      if (attempt.ok) {
        this.#health.set(provider.id, { state: 'up', until: 0 });
        return attempt.response;
      }
      if (attempt.code === 'aborted') throw new DnsTransportError('aborted', 'The query was cancelled.');
      this.#health.set(provider.id, {
        state: 'down',
        until: this.#now() + PROVIDER_PENALTY_MS,
        lastError: attempt.message,
      });
      failures.push(`${provider.label}: ${attempt.message}`);
      lastCode = attempt.code;
      lastStatus = attempt.status;
    }
    const labels = this.#providers.map((p) => p.label);
    throw new DnsTransportError(
      lastCode,
      `No DNS answer for ${ascii.name} ${type}. ${failures.join('; ')}.`,
      {
        providers: labels,
        ...(lastStatus === undefined ? {} : { httpStatus: lastStatus }),
      },
    );
  }

  async #attempt(
    provider: DohProvider,
    name: string,
    type: string,
    signal: AbortSignal | undefined,
    attemptNo: number,
  ): Promise<Attempt> {
    const started = this.#now();
    const result = await this.#fetchOnce(provider, name, type, signal);
    const status = result.ok ? rcodeName(result.response.Status) : result.message;
    this.#onQuery?.({
      name,
      type,
      provider: provider.label,
      status: result.ok ? status : result.code === 'http' ? `HTTP ${result.status ?? '?'}` : result.code,
      ok: result.ok,
      answers: result.ok ? (result.response.Answer?.length ?? 0) : 0,
      ms: Math.max(0, this.#now() - started),
      startedAt: started,
      attempt: attemptNo,
    });
    return result;
  }

  async #fetchOnce(
    provider: DohProvider,
    name: string,
    type: string,
    signal: AbortSignal | undefined,
  ): Promise<Attempt> {
    if (signal?.aborted) return { ok: false, code: 'aborted', message: 'cancelled', retryable: false };
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#timeoutMs);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await this.#fetch(buildQueryUrl(provider, name, type), {
        method: 'GET',
        headers: { accept: 'application/dns-json' },
        signal: controller.signal,
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        mode: 'cors',
      });
      if (!response.ok) {
        const retryable = response.status >= 500 || response.status === 429;
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.#now());
        return {
          ok: false,
          code: 'http',
          message: `HTTP ${response.status}`,
          retryable,
          status: response.status,
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        };
      }
      const text = await response.text();
      if (text.length > MAX_BODY_CHARS) {
        return { ok: false, code: 'bad-response', message: 'answer too large', retryable: false };
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return { ok: false, code: 'bad-response', message: 'answer is not JSON', retryable: false };
      }
      if (!isDohResponse(body)) {
        return { ok: false, code: 'bad-response', message: 'answer is not DoH JSON', retryable: false };
      }
      return { ok: true, response: body };
    } catch (error) {
      if (signal?.aborted) return { ok: false, code: 'aborted', message: 'cancelled', retryable: false };
      if (timedOut) {
        return {
          ok: false,
          code: 'timeout',
          message: `no answer in ${this.#timeoutMs / 1000} s`,
          retryable: false,
        };
      }
      const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
      return { ok: false, code: 'network', message: `could not connect${detail}`, retryable: false };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
