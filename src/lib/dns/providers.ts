// The DoH provider setting: which endpoint is asked first, which one takes over when it is down.

import { CLOUDFLARE, GOOGLE, type DohProvider } from './doh-client';

export type ProviderChoice = 'cloudflare' | 'google' | 'custom';

export interface DnsSettings {
  provider: ProviderChoice;
  /** Used when provider is 'custom': a DoH JSON endpoint such as https://dns.example/dns-query. */
  customUrl: string;
  /** Per-query time limit in seconds. */
  timeoutSeconds: number;
}

export const DEFAULT_DNS_SETTINGS: DnsSettings = { provider: 'cloudflare', customUrl: '', timeoutSeconds: 5 };

export type UrlCheck = { ok: true; url: string } | { ok: false; error: string };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A custom endpoint must be HTTPS (browsers also treat plain http on loopback as secure, which allows a
 * local DoH server for offline work).
 */
export function checkCustomUrl(input: string): UrlCheck {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'Type the URL of a DNS-over-HTTPS JSON endpoint.' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: 'That is not a URL. Example: https://dns.example/dns-query' };
  }
  if (url.username || url.password)
    return { ok: false, error: 'The URL must not contain a user name or password.' };
  if (url.hash) return { ok: false, error: 'The URL must not contain a # fragment.' };
  const loopback = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopback) {
    return { ok: false, error: 'The endpoint must use https:// (plain http is allowed only for localhost).' };
  }
  if (url.searchParams.has('name') || url.searchParams.has('type')) {
    return { ok: false, error: 'Leave out name= and type=; they are added to every query.' };
  }
  return { ok: true, url: url.toString() };
}

/** A custom endpoint on this computer over plain http (the fixture server of `npm run dns:fixtures`, a local proxy). */
export function isLoopbackHttp(settings: DnsSettings): boolean {
  if (settings.provider !== 'custom') return false;
  const check = checkCustomUrl(settings.customUrl);
  return check.ok && check.url.startsWith('http:');
}

/** Where the DNS questions go, for a sentence: "to Cloudflare over HTTPS". */
export function providerWords(settings: DnsSettings): string {
  if (settings.provider === 'google') return 'to Google over HTTPS';
  if (settings.provider !== 'custom') return 'to Cloudflare over HTTPS';
  return isLoopbackHttp(settings)
    ? 'to your custom endpoint on this computer (plain HTTP, which never leaves it)'
    : 'to your custom endpoint over HTTPS';
}

/**
 * The question "Test the provider" asks: a name that exists on the public Internet, or on a loopback endpoint
 * (most likely the fixture server) a name its zone fixtures hold.
 */
export function providerTestQuestion(settings: DnsSettings): { name: string; type: 'A' } {
  return { name: isLoopbackHttp(settings) ? 'good.example' : 'example.com', type: 'A' };
}

/** The result of that test in words: any DNS answer, NXDOMAIN included, means the provider answered. */
export function describeProviderTest(
  question: { name: string; type: string },
  outcome: {
    kind: 'records' | 'nodata' | 'nxdomain' | 'error';
    message?: string;
    records?: readonly { data: string }[];
  },
  ms: number,
): string {
  const asked = `${question.name} ${question.type}`;
  switch (outcome.kind) {
    case 'error':
      return `No answer: ${outcome.message ?? 'the query failed'}`;
    case 'nxdomain':
      return `The provider answered in ${ms} ms: ${question.name} does not exist there (NXDOMAIN). The endpoint works; it just does not know that name.`;
    case 'nodata':
      return `The provider answered in ${ms} ms: ${asked} has no records.`;
    case 'records':
      return `The provider answered in ${ms} ms: ${asked} → ${(outcome.records ?? []).map((r) => r.data).join(', ')}.`;
  }
}

export function customProvider(url: string): DohProvider {
  let label = url;
  try {
    label = new URL(url).host;
  } catch {
    // keep the raw text as its label
  }
  return { id: 'custom', label, url };
}

/** The providers to ask, in order. A custom endpoint gets no failover: the person chose where queries go. */
export function providersFor(settings: DnsSettings): DohProvider[] {
  switch (settings.provider) {
    case 'google':
      return [GOOGLE, CLOUDFLARE];
    case 'custom': {
      const check = checkCustomUrl(settings.customUrl);
      return check.ok ? [customProvider(check.url)] : [CLOUDFLARE, GOOGLE];
    }
    default:
      return [CLOUDFLARE, GOOGLE];
  }
}
