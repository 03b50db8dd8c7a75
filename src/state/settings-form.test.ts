import { describe, expect, it } from 'vitest';
import { ZoneResolver, type DnsSettings, type Resolver } from '../lib/dns';
import { SettingsForm, type DnsStack } from './settings-form.svelte';
import { Settings } from './settings.svelte';

function stack(resolver: Resolver) {
  const configured: DnsSettings[] = [];
  const s: DnsStack & { configured: DnsSettings[]; cleared: number } = {
    resolver,
    get providers() {
      const last = configured.at(-1);
      return last?.provider === 'custom' ? [new URL(last.customUrl).host] : ['Cloudflare', 'Google'];
    },
    configure: (settings) => configured.push(settings),
    clearCache: () => s.cleared++,
    configured,
    cleared: 0,
  };
  return s;
}

const clock = () => {
  let t = 0;
  return () => (t += 7);
};

describe('SettingsForm', () => {
  it('save stores the settings, rebuilds the DNS service and tests the provider, in one step', async () => {
    const dns = stack(
      new ZoneResolver({
        records: { 'example.com': { A: ['192.0.2.1'] }, 'good.example': { A: ['192.0.2.2'] } },
      }),
    );
    const store = new Settings();
    const form = new SettingsForm(store, dns, clock());
    form.provider = 'custom';
    form.customUrl = 'ftp://nope';
    expect(form.canSave).toBe(false);
    expect(form.urlError).toMatch(/https/);
    form.customUrl = 'http://127.0.0.1:8053/dns-query';
    form.timeoutSeconds = 99;
    await form.save();
    expect(store.dns).toEqual({
      provider: 'custom',
      customUrl: 'http://127.0.0.1:8053/dns-query',
      timeoutSeconds: 30,
    });
    expect(dns.configured).toEqual([store.dns]);
    expect(form.saved).toBe('Saved. New checks use 127.0.0.1:8053.');
    // A loopback endpoint is the fixture server: the test asks a name it knows.
    expect(form.testResult).toBe('The provider answered in 7 ms: good.example A → 192.0.2.2.');
    expect(form.testing).toBe(false);
  });

  it('an NXDOMAIN answer still shows the provider answered; a transport failure does not', async () => {
    const answered = new SettingsForm(new Settings(), stack(new ZoneResolver({ records: {} })), clock());
    await answered.test();
    expect(answered.testResult).toMatch(/^The provider answered in \d+ ms: .*NXDOMAIN/);

    const down = new SettingsForm(
      new Settings(),
      stack({ query: () => Promise.reject(new Error('connection refused')) }),
      clock(),
    );
    await down.test();
    expect(down.testResult).toMatch(/^No answer: /);
  });
});
