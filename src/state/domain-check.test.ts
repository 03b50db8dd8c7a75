import { describe, expect, it } from 'vitest';
import { ZoneResolver } from '../lib/dns';
import { fixtureZone } from '../../tests/support/zones';
import { DomainCheck, readSelectors, type DomainCheckServices } from './domain-check.svelte';
import type { Route } from './routes';

function services() {
  const went: Route[] = [];
  let cleared = 0;
  const s: DomainCheckServices = {
    dns: {
      resolver: new ZoneResolver(fixtureZone()),
      mark: () => 0,
      since: () => [],
      clearCache: () => cleared++,
    },
    router: { go: (route) => went.push(route) },
    baseUrl: () => 'https://authlens.example/',
    now: () => 0,
  };
  return { s, went, cleared: () => cleared };
}

describe('DomainCheck', () => {
  it('a permalink runs its check; the bare route clears the old report', async () => {
    const { s } = services();
    const check = new DomainCheck(s);
    check.followRoute('good.example', []);
    expect(check.input).toBe('good.example');
    expect(check.running).toBe(true);
    await check.run('good.example', []);
    expect(check.report?.domain).toBe('good.example');
    expect(check.permalink).toBe('https://authlens.example/#/domain/good.example');
    check.followRoute(null, []);
    expect(check.report).toBeNull();
    expect(check.running).toBe(false);
  });

  it('invalid input says why and leaves no other domain’s report under the message', async () => {
    const { s, went } = services();
    const check = new DomainCheck(s);
    await check.run('good.example', []);
    check.input = 'not a domain';
    check.submit();
    expect(check.inputError).toBe('A domain name cannot contain spaces.');
    expect(check.report).toBeNull();
    expect(went).toEqual([]);
  });

  it('a new domain goes to its permalink; the same one is checked again with an empty cache', async () => {
    const { s, went, cleared } = services();
    const check = new DomainCheck(s);
    check.input = 'https://Good.Example/';
    check.selectorsInput = 'Sel2026, s2';
    check.submit();
    expect(went).toEqual([{ page: 'domain', domain: 'good.example', selectors: ['sel2026', 's2'] }]);
    check.followRoute('good.example', ['sel2026', 's2']);
    check.submit();
    expect(cleared()).toBe(1);
  });

  it('a pasted website address offers the organizational domain; a typed name does not', async () => {
    const { s, went } = services();
    const check = new DomainCheck(s);
    check.input = 'https://www.good.example/contact';
    check.submit();
    expect(went).toEqual([{ page: 'domain', domain: 'www.good.example', selectors: [] }]);
    check.followRoute('www.good.example', []);
    await check.run('www.good.example', []);
    expect(check.suggestion).toEqual({ domain: 'good.example', href: '#/domain/good.example' });
    // The organizational domain itself, and a name typed without scheme, path or www., get no offer.
    check.input = 'https://good.example/';
    check.submit();
    await check.run('good.example', []);
    expect(check.suggestion).toBeNull();
    check.input = 'mx1.good.example';
    check.submit();
    await check.run('mx1.good.example', []);
    expect(check.suggestion).toBeNull();
  });

  it('a newer run replaces an older one; Cancel stops and says so', async () => {
    const { s } = services();
    const check = new DomainCheck(s);
    const first = check.run('broken.example', []);
    const second = check.run('good.example', []);
    await Promise.all([first, second]);
    expect(check.report?.domain).toBe('good.example');
    const third = check.run('deep-spf.example', []);
    check.cancel();
    await third;
    expect(check.report).toBeNull();
    expect(check.running).toBe(false);
    expect(check.cancelled).toBe(true);
    expect(check.error).toBeNull();
  });

  it('reads selectors as typed', () => {
    expect(readSelectors(' A1, b2\nc3 ,, ')).toEqual(['a1', 'b2', 'c3']);
  });
});
