import { describe, expect, it } from 'vitest';
import { DEFAULT_DNS_SETTINGS, describeProviderTest, providerTestQuestion, providerWords } from './providers';

const custom = (customUrl: string) => ({ ...DEFAULT_DNS_SETTINGS, provider: 'custom' as const, customUrl });

describe('provider words', () => {
  it('says “over HTTPS” only when it is HTTPS', () => {
    expect(providerWords(DEFAULT_DNS_SETTINGS)).toBe('to Cloudflare over HTTPS');
    expect(providerWords(custom('https://dns.example/dns-query'))).toBe('to your custom endpoint over HTTPS');
    expect(providerWords(custom('http://127.0.0.1:8053/dns-query'))).not.toContain('HTTPS');
  });

  it('tests a loopback endpoint with a name of the zone fixtures', () => {
    expect(providerTestQuestion(custom('http://127.0.0.1:8053/dns-query')).name).toBe('good.example');
    expect(providerTestQuestion(DEFAULT_DNS_SETTINGS).name).toBe('example.com');
  });

  it('words NXDOMAIN as an answer from the provider, not a failure', () => {
    const text = describeProviderTest({ name: 'example.com', type: 'A' }, { kind: 'nxdomain' }, 12);
    expect(text).toMatch(/^The provider answered in 12 ms: example\.com does not exist there \(NXDOMAIN\)/);
    expect(
      describeProviderTest({ name: 'a.example', type: 'A' }, { kind: 'error', message: 'HTTP 503' }, 3),
    ).toBe('No answer: HTTP 503');
  });
});
